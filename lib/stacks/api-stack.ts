import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { HandlerFunction, type HandlerFunctionProps } from '../constructs/handler-function.ts';
import type { ProfileTable } from '../constructs/profile-table.ts';
import type { DataStack } from './data-stack.ts';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly profiles: ProfileTable;
  readonly instanceArn: string;
  /** The chat entry flow: chats start there, whatever the request says. */
  readonly chatFlowArn: string;
  /** Where send requests retried with an Idempotency-Key find their first outcome. */
  readonly idempotency: Pick<DataStack, 'idempotency' | 'bindIdempotency'>;
  /** The messaging stack's SES configuration set: bounces and complaints come back through it. */
  readonly emailConfigurationSetName: string;
}

/**
 * The public HTTP API: `POST /chat/start` (the customer's website starts a chat; the customer is
 * identified by a token the host site signs with the secret here) and `GET|POST /unsubscribe` (the
 * link in marketing messages, signed with the unsubscribe secret here). Throttled at the stage,
 * access logged as JSON, the secrets encrypted with this stack's key.
 */
export class ApiStack extends Stack {
  public readonly api: apigw.HttpApi;
  public readonly customerTokenSecret: secrets.Secret;
  public readonly chatStart: HandlerFunction;
  /** Signs and verifies unsubscribe links: a function that sends marketing messages reads it. */
  public readonly unsubscribeSecret: secrets.Secret;
  public readonly unsubscribe: HandlerFunction;
  /** Where unsubscribe links point: `<api>/unsubscribe`, a token appended as `?token=`. */
  public readonly unsubscribeUrl: string;
  /** `POST /customers/{id}/messages` (IAM-signed): send a template or an agent's text to a customer. */
  public readonly sendMessage: HandlerFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, profiles } = props;
    const key = new kms.Key(this, 'Key', { description: 'tsunagu API: secrets', enableKeyRotation: true });
    // {"current": …}; rotating means adding "previous" (still accepted) then replacing "current".
    const signingSecret = (id: string, description: string, rotation: string) => {
      const secret = new secrets.Secret(this, id, {
        description,
        encryptionKey: key,
        generateSecretString: {
          secretStringTemplate: '{}',
          generateStringKey: 'current',
          passwordLength: 48,
          excludePunctuation: true,
        },
      });
      Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: rotation });
      return secret;
    };
    this.customerTokenSecret = signingSecret(
      'CustomerTokenSecret',
      'Signs the customer tokens host sites send with POST /chat/start (JSON: current, previous)',
      'Rotated by the documented two-key procedure (docs/chat.md): host sites must move to the new key before the old one is dropped, which an automatic rotation cannot coordinate.',
    );
    this.unsubscribeSecret = signingSecret(
      'UnsubscribeSecret',
      'Signs the unsubscribe links in marketing messages (JSON: current, previous)',
      'Rotated by the documented two-key procedure (docs/email.md): the previous key must stay until every link signed with it has expired (90 days), longer than any fixed rotation schedule allows.',
    );

    // The API's functions: called synchronously by API Gateway, which answers the client with the error.
    const apiFunction = (
      id: string,
      props: Pick<HandlerFunctionProps, 'handler' | 'description' | 'environment' | 'timeout' | 'sendsSms'>,
    ) =>
      new HandlerFunction(this, id, {
        invocation: 'synchronous',
        logRetention: config.logRetentionDays as logs.RetentionDays,
        ...props,
      });

    this.chatStart = apiFunction('ChatStart', {
      handler: 'chat-start',
      description: 'POST /chat/start: a chat with the customer context, via StartChatContact',
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

    this.unsubscribe = apiFunction('Unsubscribe', {
      handler: 'unsubscribe',
      description: 'GET|POST /unsubscribe: the link in marketing messages withdraws one consent',
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: profiles.table.tableName,
        UNSUBSCRIBE_SECRET_ARN: this.unsubscribeSecret.secretArn,
      },
    });
    profiles.bind(this.unsubscribe.function, 'append');
    this.unsubscribeSecret.grantRead(this.unsubscribe.function);

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
    const publicRoute = (
      path: string,
      methods: apigw.HttpMethod[],
      handler: HandlerFunction,
      why: string,
    ) => {
      const routes = this.api.addRoutes({
        path,
        methods,
        integration: new integrations.HttpLambdaIntegration(
          `${handler.node.id}Integration`,
          handler.function,
        ),
      });
      for (const route of routes) {
        Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: `Public by design: ${why}` });
      }
    };
    publicRoute(
      '/chat/start',
      [apigw.HttpMethod.POST],
      this.chatStart,
      'a website visitor starts a chat; a known customer is proven by the signed customer token in the body, verified by the function.',
    );
    publicRoute(
      '/unsubscribe',
      [apigw.HttpMethod.GET, apigw.HttpMethod.POST],
      this.unsubscribe,
      'a customer (or their mail provider, RFC 8058) opens the link in a message; the signed token in the link is the authorization, verified by the function.',
    );
    this.unsubscribeUrl = `${this.api.apiEndpoint}/unsubscribe`;

    this.sendMessage = apiFunction('SendMessage', {
      handler: 'send-message',
      description: 'POST /customers/{id}/messages: a message to a customer, with consent, by SMS or email',
      timeout: Duration.seconds(15),
      sendsSms: true,
      environment: {
        TABLE_NAME: profiles.table.tableName,
        IDEMPOTENCY_TABLE_NAME: props.idempotency.idempotency.tableName,
        UNSUBSCRIBE_SECRET_ARN: this.unsubscribeSecret.secretArn,
        UNSUBSCRIBE_URL: this.unsubscribeUrl,
        SMS_ORIGINATION: config.sms.originationIdentity,
        SMS_MAX_SEGMENTS: String(config.sms.maxSegments),
        EMAIL_FROM: config.email.senderAddress,
        EMAIL_CONFIGURATION_SET: props.emailConfigurationSetName,
        TIME_ZONE: config.timeZone,
      },
    });
    const send = this.sendMessage.function;
    profiles.bind(send, 'append');
    props.idempotency.bindIdempotency(send);
    this.unsubscribeSecret.grantRead(send);
    // SES checks SendEmail against the sending identity and the configuration set.
    send.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          this.formatArn({ service: 'ses', resource: 'identity', resourceName: config.email.senderIdentity }),
          this.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: props.emailConfigurationSetName,
          }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': config.email.senderAddress } },
      }),
    );
    // Callers sign with SigV4 and need execute-api:Invoke on this route (docs/messaging-api.md).
    this.api.addRoutes({
      path: '/customers/{id}/messages',
      methods: [apigw.HttpMethod.POST],
      integration: new integrations.HttpLambdaIntegration('SendMessageIntegration', send),
      authorizer: new authorizers.HttpIamAuthorizer(),
    });
    new CfnOutput(this, 'SendMessageRouteArn', {
      value: this.formatArn({
        service: 'execute-api',
        resource: this.api.apiId,
        resourceName: '*/POST/customers/*/messages',
      }),
      description: 'Grant execute-api:Invoke on this to whoever may send messages to customers',
    });
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'The public HTTP API' });
    new CfnOutput(this, 'UnsubscribeUrl', {
      value: this.unsubscribeUrl,
      description: 'Where unsubscribe links point (GET shows a confirm page, POST is RFC 8058 one-click)',
    });
    Validations.of(stage).acknowledge({
      id: 'Serverless-APIGWXrayEnabled',
      reason: 'HTTP APIs have no X-Ray tracing; the function behind the route is traced.',
    });
  }
}
