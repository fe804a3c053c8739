import { fileURLToPath } from 'node:url';
import type { ChannelAdapters } from '../../lambdas/commons/channel-adapters.ts';
import type { CloudFormationTemplate, SynthesizedApp } from './cloud-assembly.ts';

const HANDLERS_DIR = fileURLToPath(new URL('../../lambdas/handlers/', import.meta.url));
const HANDLER_METADATA_KEY = 'tsunagu:handler';

/** A Lambda function of the synthesized app, runnable in this process from its source module. */
export interface LocalFunction {
  /** Construct id, e.g. `CustomerContext`. */
  readonly name: string;
  readonly stack: string;
  /** Module under lambdas/handlers/, e.g. `customer-context`. */
  readonly handlerModule: string;
  /** The function's environment as deployed, with resource references resolved to local names. */
  readonly environment: Readonly<Record<string, string>>;
}

export type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** Logical id of a resource in a stack → its name in the local world (e.g. the profile table). */
export type LocalResources = ReadonlyMap<string, string>;

/**
 * Every tsunagu function in the cloud assembly, with its environment resolved the way
 * CloudFormation would, except that resources are the local twin's (`localResources`).
 */
export function localFunctions(
  assembly: SynthesizedApp,
  stacks: readonly string[],
  localResources: LocalResources,
) {
  const templates = new Map(stacks.map((s) => [s, assembly.template(s)] as const));
  const functions: LocalFunction[] = [];
  for (const [stack, template] of templates) {
    for (const resource of Object.values(template.Resources)) {
      const handlerModule = resource.Metadata?.[HANDLER_METADATA_KEY];
      if (resource.Type !== 'AWS::Lambda::Function' || typeof handlerModule !== 'string') continue;
      const path = String(resource.Metadata?.['aws:cdk:path'] ?? '');
      const variables = (
        resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined
      )?.Variables;
      const environment = Object.fromEntries(
        Object.entries(variables ?? {}).map(([k, v]) => [k, resolve(v, stack, templates, localResources, k)]),
      );
      functions.push({ name: path.split('/')[1] ?? handlerModule, stack, handlerModule, environment });
    }
  }
  return functions;
}

function resolve(
  value: unknown,
  stack: string,
  templates: ReadonlyMap<string, CloudFormationTemplate & { Outputs?: Record<string, unknown> }>,
  local: LocalResources,
  variable: string,
): string {
  if (typeof value === 'string') return value;
  const ref = (value as { Ref?: string }).Ref;
  if (ref !== undefined && local.has(ref)) return local.get(ref) as string;
  const imported = (value as { 'Fn::ImportValue'?: string })['Fn::ImportValue'];
  if (typeof imported === 'string') {
    for (const [otherStack, template] of templates) {
      for (const output of Object.values(template.Outputs ?? {})) {
        const o = output as { Value?: unknown; Export?: { Name?: string } };
        if (o.Export?.Name === imported) return resolve(o.Value, otherStack, templates, local, variable);
      }
    }
  }
  throw new Error(
    `${stack}: environment variable ${variable} = ${JSON.stringify(value)} has no local equivalent`,
  );
}

/**
 * Loads a function's handler module from source with the function's environment in place while
 * its module scope runs (where handlers read configuration and create SDK clients), as Lambda
 * would at cold start. With `adapters`, a module that exports `handlerWith` sends through them.
 */
export async function loadHandler(fn: LocalFunction, adapters?: ChannelAdapters): Promise<Handler> {
  const previous = Object.fromEntries(Object.keys(fn.environment).map((k) => [k, process.env[k]]));
  Object.assign(process.env, fn.environment);
  try {
    const module = (await import(`${HANDLERS_DIR}${fn.handlerModule}.ts`)) as {
      handler?: Handler;
      handlerWith?: (adapters: ChannelAdapters) => Handler;
    };
    // A handler that sends (SMS, email) runs with the twin's outboxes, through its own seam.
    if (adapters && typeof module.handlerWith === 'function') return module.handlerWith(adapters);
    if (typeof module.handler !== 'function') {
      throw new Error(`lambdas/handlers/${fn.handlerModule}.ts exports no handler function`);
    }
    return module.handler;
  } finally {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
