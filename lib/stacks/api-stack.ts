import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { HandlerFunction } from '../constructs/handler-function.ts';
import type { ProfileTable } from '../constructs/profile-table.ts';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly profiles: ProfileTable;
  readonly instanceArn: string;
  /** The chat entry flow: chats start there, whatever the request says. */
  readonly chatFlowArn: string;
}

/**
 * The public HTTP API: `POST /chat/start` (the customer's website starts a chat; the customer is
 * identified by a token the host site signs with the secret here). Throttled at the stage, access
 * logged as JSON, the secret encrypted with this stack's key.
 */
export class ApiStack extends Stack {
  public readonly api: apigw.HttpApi;
  public readonly customerTokenSecret: secrets.Secret;
  public readonly chatStart: HandlerFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, profiles } = props;
    const key = new kms.Key(this, 'Key', { description: 'tsunagu API: secrets', enableKeyRotation: true });
    // {"current": …}; rotating means adding "previous" (still accepted) then replacing "current".
    this.customerTokenSecret = new secrets.Secret(this, 'CustomerTokenSecret', {
      description:
        'Signs the customer tokens host sites send with POST /chat/start (JSON: current, previous)',
      encryptionKey: key,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'current',
        passwordLength: 48,
        excludePunctuation: true,
      },
    });
    Validations.of(this.customerTokenSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotated by the documented two-key procedure (docs/chat.md): host sites must move to the new key before the old one is dropped, which an automatic rotation cannot coordinate.',
    });

    this.chatStart = new HandlerFunction(this, 'ChatStart', {
      handler: 'chat-start',
      description: 'POST /chat/start: a chat with the customer context, via StartChatContact',
      invocation: 'synchronous',
      logRetention: config.logRetentionDays as logs.RetentionDays,
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: profiles.table.tableName,
        CONNECT_INSTANCE_ID: props.instanceArn,
        CHAT_FLOW_ID: props.chatFlowArn,
        CUSTOMER_TOKEN_SECRET_ARN: this.customerTokenSecret.secretArn,
        DEFAULT_LANGUAGE: config.locale.default.slice(0, 2),
      },
    });
    const fn = this.chatStart.function;
    profiles.bind(fn, 'append');
    this.customerTokenSecret.grantRead(fn);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['connect:StartChatContact'],
        resources: [props.instanceArn, props.chatFlowArn],
      }),
    );

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: `tsunagu-${config.stage}`,
      description: 'tsunagu public API',
      createDefaultStage: false,
    });
    const stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 20, burstLimit: 40 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            latency: '$context.responseLatency',
          }),
        ),
      },
    });
    const route = this.api.addRoutes({
      path: '/chat/start',
      methods: [apigw.HttpMethod.POST],
      integration: new integrations.HttpLambdaIntegration('ChatStartIntegration', fn),
    });
    for (const r of route) {
      Validations.of(r).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Public by design: a website visitor starts a chat; a known customer is proven by the signed customer token in the body, verified by the function.',
      });
    }
    Validations.of(stage).acknowledge({
      id: 'Serverless-APIGWXrayEnabled',
      reason: 'HTTP APIs have no X-Ray tracing; the function behind the route is traced.',
    });
  }
}
