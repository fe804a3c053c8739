import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Statements other than X-Ray's (and SMS Publish, fenced by a Deny on topics) that grant on Resource "*". */
function onlyXrayUsesWildcard(policy: iam.Policy, sendsSms: boolean): string[] {
  const document = Stack.of(policy).resolve(policy.document.toJSON()) as
    | {
        Statement?: { Action?: string | string[]; Resource?: string | string[] }[];
      }
    | undefined;
  return (document?.Statement ?? [])
    .filter((s) => [s.Resource].flat().includes('*'))
    .filter(
      (s) =>
        ![s.Action]
          .flat()
          .every(
            (a) => typeof a === 'string' && (a.startsWith('xray:') || (sendsSms && a === 'sns:Publish')),
          ),
    )
    .map(
      (s) =>
        `${policy.node.path}: only X-Ray may use Resource "*", found ${JSON.stringify(s.Action)}; grant on ARNs`,
    );
}

/** Resource metadata naming a function's handler module under lambdas/handlers/. */
export const HANDLER_METADATA_KEY = 'tsunagu:handler';

/**
 * How a function is invoked decides whether a dead-letter queue makes sense: `synchronous`
 * (a Connect flow, an API) returns errors to the caller; `queue` is polled from SQS, whose redrive
 * policy keeps what fails; `asynchronous` (EventBridge, async invoke) needs its own DLQ.
 */
export type Invocation = 'synchronous' | 'queue' | 'asynchronous';

export interface HandlerFunctionProps {
  /** Handler module, relative to `lambdas/handlers/`, without extension (e.g. `customer-context`). */
  readonly handler: string;
  /** Short description shown in the console. */
  readonly description: string;
  /**
   * Who calls the function. Synchronous callers (Connect flows, API Gateway) get the error back,
   * so no DLQ is attached; an asynchronous function (EventBridge, SNS, async invoke) must be given
   * a `deadLetterQueue` so an event that fails every retry is kept.
   */
  readonly invocation: Invocation;
  /** Where failed asynchronous events land after retries. Required when `invocation` is asynchronous. */
  readonly deadLetterQueue?: sqs.IQueue;
  /** @default 256 MB: enough for the SDK and a few DynamoDB calls; arm64 is billed per MB-second */
  readonly memorySize?: number;
  /** @default 5 seconds: Connect gives a flow's Lambda at most 8 */
  readonly timeout?: Duration;
  /** Extra environment variables (UPPER_SNAKE_CASE). */
  readonly environment?: Record<string, string>;
  /** @default 30 days */
  readonly logRetention?: logs.RetentionDays;
  /** Service name for logs and traces. @default the handler name */
  readonly serviceName?: string;
  /**
   * Sends SMS with SNS Publish to phone numbers. A phone number has no ARN, so the grant is
   * `sns:Publish` on "*", paired with a Deny on every topic ARN: the function can text, and can
   * publish to no topic. @default false
   */
  readonly sendsSms?: boolean;
}

/**
 * A Lambda function with tsunagu's defaults: latest Node.js runtime on arm64, minified ESM bundle
 * with source maps, explicit memory and timeout, X-Ray tracing, JSON logs to a log group with
 * retention, and a role with no AWS-managed policies (grants only).
 */
export class HandlerFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9-]*$/.test(props.handler)) {
      throw new Error(
        `HandlerFunction ${id}: handler must be a kebab-case module name, got "${props.handler}"`,
      );
    }
    if (props.invocation === 'asynchronous' && !props.deadLetterQueue) {
      throw new Error(
        `HandlerFunction ${id}: an asynchronous function needs a deadLetterQueue (an encrypted SQS queue) so events that fail every retry are kept`,
      );
    }
    for (const name of Object.keys(props.environment ?? {})) {
      if (!/^[A-Z][A-Z0-9_]+$/.test(name)) {
        throw new Error(`HandlerFunction ${id}: environment variable "${name}" must be UPPER_SNAKE_CASE`);
      }
    }

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role keeps AWSLambdaBasicExecutionRole (an AWS-managed policy) off the function.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.handler}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: `${REPO_ROOT}lambdas/handlers/${props.handler}.ts`,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(5),
      tracing: lambda.Tracing.ACTIVE,
      // Lambda retries a failed asynchronous event twice (the default), then sends it here.
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName ?? props.handler,
        ...props.environment,
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        // Some CommonJS dependencies call require(); give the ESM bundle one.
        banner: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);",
        externalModules: [],
      },
    });

    // The local twin runs this module from source; the cloud assembly tells it which one.
    (this.function.node.defaultChild as lambda.CfnFunction).addMetadata(HANDLER_METADATA_KEY, props.handler);

    // X-Ray's PutTraceSegments/PutTelemetryRecords have no resource-level permissions. The
    // acknowledgment is kept honest by a synth-time check that no other statement uses "*".
    if (props.sendsSms) {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          actions: ['sns:Publish'],
          resources: [`arn:${Stack.of(this).partition}:sns:*:*:*`],
        }),
      );
    }
    const policy = this.role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
    if (policy) {
      Validations.of(policy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: props.sendsSms
          ? 'Resource "*" only for X-Ray tracing (no resource ARNs) and SNS Publish to phone numbers (a number has no ARN), the latter fenced by a Deny on every topic ARN.'
          : 'Only the X-Ray tracing statement uses Resource "*": X-Ray write actions support no resource ARNs.',
      });
      this.node.addValidation({ validate: () => onlyXrayUsesWildcard(policy, props.sendsSms ?? false) });
    }
    if (props.invocation !== 'asynchronous') {
      Validations.of(this.function).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          props.invocation === 'synchronous'
            ? 'Invoked synchronously (Connect flow or API); the caller receives the error, a DLQ would never fill.'
            : 'Polled from an SQS queue: failed messages stay in the queue, whose redrive policy moves them to its DLQ.',
      });
    }
  }
}
