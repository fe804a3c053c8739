#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addTsunagu } from '../lib/app.ts';
import { loadStageConfig, StageConfigError } from '../lib/config/stage-config.ts';

const app = new App();
try {
  const config = loadStageConfig({
    stage: app.node.tryGetContext('stage'),
    stages: app.node.tryGetContext('stages'),
  });
  addTsunagu(app, config);
} catch (error) {
  if (error instanceof StageConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
