import { type App, Stack } from 'aws-cdk-lib';
import { addTsunagu, type TsunaguStacks } from '../../lib/app.ts';
import { cdkJsonContext } from '../../lib/cdk-context.ts';
import { loadStageConfig, type StageConfig } from '../../lib/config/stage-config.ts';
import { testApp } from '../support/test-app.ts';

/** Skips esbuild for every stack: infra tests assert templates, not bundles (the CLI test bundles). */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

export interface TsunaguApp {
  readonly app: App;
  readonly config: StageConfig;
  readonly stacks: TsunaguStacks;
}

/**
 * The app `cdk synth -c stage=<stage>` builds (cdk.json context and feature flags, cdk-nag plugins),
 * built in-process the way lib/local/cloud-assembly.ts does it, without bundling.
 */
export function buildTsunaguApp(stage = 'dev'): TsunaguApp {
  const app = testApp({ context: { ...cdkJsonContext(), stage, ...NO_BUNDLING } });
  const config = loadStageConfig({
    stage: app.node.tryGetContext('stage'),
    stages: app.node.tryGetContext('stages'),
  });
  return { app, config, stacks: addTsunagu(app, config) };
}

/** An empty stack in an app of its own (no cdk-nag plugins), to try one construct or rule in isolation. */
export function scratchStack(id = 'Scratch'): Stack {
  return new Stack(testApp({ context: NO_BUNDLING }), id);
}
