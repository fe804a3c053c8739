import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Context } from 'aws-lambda';
import type { ServiceAdapters } from '../../lambdas/composition/service-adapters.ts';
import { type CloudFormationTemplate, localTableNameOf, type SynthesizedApp } from './cloud-assembly.ts';
import { LOCAL_ACCOUNT, type LocalConnect } from './connect-world.ts';
import { LOCAL_REGION } from './dynamodb-local.ts';

/**
 * The HTTP API's endpoint in the local world: an https address on a reserved test domain (RFC
 * 2606), so links the app builds from it (unsubscribe links) look as in AWS; open their path and
 * query on the twin.
 */
export const LOCAL_API_ENDPOINT = 'https://api.tsunagu.test';

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

/**
 * A Lambda context for one local invocation, as Lambda gives it: the handlers put its request id,
 * function name and cold start on every log line.
 */
export function localLambdaContext(functionName: string): Context {
  const deadline = Date.now() + 8_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/**
 * A resource's value in the local world: `Ref` (no attribute) or `Fn::GetAtt` of the resource
 * `logicalId` in `stack`, e.g. the profile table's local name, a Connect queue's local ARN.
 * Undefined: no local equivalent.
 */
export type LocalValue = (stack: string, logicalId: string, attribute?: string) => string | undefined;

export type Templates = ReadonlyMap<string, CloudFormationTemplate & { Outputs?: Record<string, unknown> }>;

export function assemblyTemplates(assembly: SynthesizedApp, stacks: readonly string[]): Templates {
  return new Map(stacks.map((s) => [s, assembly.template(s)] as const));
}

/** The construct id of a resource (`CustomerContext` for `tsunagu-dev-customer/CustomerContext/Function/Resource`). */
export function constructIdOf(
  resource: { Metadata?: Record<string, unknown> } | undefined,
): string | undefined {
  return String(resource?.Metadata?.['aws:cdk:path'] ?? '').split('/')[1] || undefined;
}

/**
 * Every tsunagu function in the cloud assembly, with its environment resolved the way
 * CloudFormation would, except that resources are the local twin's (`localValue`).
 */
export function localFunctions(assembly: SynthesizedApp, stacks: readonly string[], localValue: LocalValue) {
  const templates = assemblyTemplates(assembly, stacks);
  const functions: LocalFunction[] = [];
  for (const [stack, template] of templates) {
    for (const resource of Object.values(template.Resources)) {
      const handlerModule = resource.Metadata?.[HANDLER_METADATA_KEY];
      if (resource.Type !== 'AWS::Lambda::Function' || typeof handlerModule !== 'string') continue;

      const variables = (
        resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined
      )?.Variables;
      const environment = Object.fromEntries(
        Object.entries(variables ?? {}).map(([k, v]) => [
          k,
          resolveLocal(v, stack, templates, localValue, `environment variable ${k}`),
        ]),
      );
      functions.push({ name: constructIdOf(resource) ?? handlerModule, stack, handlerModule, environment });
    }
  }
  return functions;
}

/**
 * A CloudFormation value (a string, `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::ImportValue` of another
 * stack's output) as the local world has it; `where` names it in the error when it has none.
 */
export function resolveLocal(
  value: unknown,
  stack: string,
  templates: Templates,
  localValue: LocalValue,
  where: string,
): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  const local =
    typeof v.Ref === 'string'
      ? localValue(stack, v.Ref)
      : Array.isArray(v['Fn::GetAtt'])
        ? localValue(stack, String(v['Fn::GetAtt'][0]), String(v['Fn::GetAtt'][1]))
        : undefined;
  if (local !== undefined) return local;
  if (Array.isArray(v['Fn::Join'])) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => resolveLocal(p, stack, templates, localValue, where)).join(separator);
  }
  const imported = v['Fn::ImportValue'];
  if (typeof imported === 'string') {
    for (const [otherStack, template] of templates) {
      for (const output of Object.values(template.Outputs ?? {})) {
        const o = output as { Value?: unknown; Export?: { Name?: string } };
        if (o.Export?.Name === imported)
          return resolveLocal(o.Value, otherStack, templates, localValue, where);
      }
    }
  }
  throw new Error(`${stack}: ${where} = ${JSON.stringify(value)} has no local equivalent`);
}

/**
 * Loads a function's handler module from source with the function's environment in place while
 * its module scope runs (where handlers read configuration and create SDK clients), as Lambda
 * would at cold start. With `adapters`, a module that exports `handlerWith` sends through them.
 */
export async function loadHandler(fn: LocalFunction, adapters?: ServiceAdapters): Promise<Handler> {
  // What Lambda's runtime adds: Powertools reads the initialization type for its cold_start key.
  const environment = {
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    ...fn.environment,
  };
  const previous = Object.fromEntries(Object.keys(environment).map((k) => [k, process.env[k]]));
  Object.assign(process.env, environment);
  try {
    const module = (await import(`${HANDLERS_DIR}${fn.handlerModule}.ts`)) as {
      handler?: Handler;
      handlerWith?: (adapters: ServiceAdapters) => Handler;
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

/**
 * The local values of the app's resources, by type: the profile table's local name, the local
 * Connect's instance and queue ARNs, bus names, and local URLs and ARNs for SQS queues.
 */
export function localResourceValues(
  templates: Templates,
  world: { readonly tableName: string; readonly connect: LocalConnect; readonly region: string },
): LocalValue {
  return (stack, logicalId, attribute) => {
    const resource = templates.get(stack)?.Resources[logicalId];
    const name = String(resource?.Properties?.Name ?? logicalId);
    switch (resource?.Type) {
      case 'AWS::DynamoDB::Table':
        return attribute
          ? undefined
          : localTableNameOf(world.tableName, constructIdOf(resource) ?? logicalId);
      case 'AWS::SES::ConfigurationSet':
        return attribute ? undefined : name;
      case 'AWS::ApiGatewayV2::Api':
        return attribute === 'ApiEndpoint' ? LOCAL_API_ENDPOINT : undefined;
      case 'AWS::Connect::Instance':
        return attribute === 'Arn' ? world.connect.instanceArn : undefined;
      case 'AWS::Connect::Queue':
        return attribute === 'QueueArn' ? world.connect.queueArn(name) : undefined;
      case 'AWS::Connect::ContactFlow':
        return attribute === 'ContactFlowArn'
          ? `${world.connect.instanceArn}/contact-flow/${String(resource?.Metadata?.['tsunagu:flow'] ?? logicalId)}`
          : undefined;
      case 'AWS::SecretsManager::Secret':
        return attribute
          ? undefined
          : `arn:aws:secretsmanager:${world.region}:${LOCAL_ACCOUNT}:secret:${stack}-${logicalId}`;
      case 'AWS::Events::EventBus':
        return attribute === 'Arn'
          ? `arn:aws:events:${world.region}:${LOCAL_ACCOUNT}:event-bus/${name}`
          : name;
      case 'AWS::SQS::Queue':
        return attribute === 'Arn'
          ? `arn:aws:sqs:${world.region}:${LOCAL_ACCOUNT}:${stack}-${logicalId}`
          : attribute
            ? undefined
            : `http://127.0.0.1/local-sqs/${stack}/${logicalId}`;
      default:
        return undefined;
    }
  };
}
