import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actions,
  actionsOf,
  allowedActions,
  EVERY_FUNCTION,
  functionStatements,
  ITEM_READ_WRITE,
  SECRET_READ,
  STACK_KEY,
} from '../support/iam.ts';
import { buildTsunaguApp } from './tsunagu-app.ts';

let built: ReturnType<typeof buildTsunaguApp>;
let template: Template;

beforeAll(() => {
  built = buildTsunaguApp('dev');
  template = Template.fromStack(built.stacks.api);
});

const secretStatements = (functionId: string) =>
  functionStatements(template, functionId).filter((s) =>
    actionsOf(s).some((a) => a.startsWith('secretsmanager:')),
  );

describe('the API stack', () => {
  it('routes POST /chat/start to the chat-start function, throttled and access-logged', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /chat/start' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: { DestinationArn: Match.anyValue() },
    });
  });

  it('starts chats only in the chat flow of its instance, from config: never from the request', () => {
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0];
    const env = fn?.Properties.Environment.Variables as Record<string, unknown>;
    expect(JSON.stringify(env.CHAT_FLOW_ID)).toContain('chatinbound');
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const start = statements.find((s) => [s.Action].flat().includes('connect:StartChatContact'));
    expect([start?.Action].flat()).toEqual(['connect:StartChatContact']);
    expect(JSON.stringify(start?.Resource)).toContain('chatinbound');
  });

  it('grants chat-start exactly what it uses: profile items, its secret, StartChatContact', () => {
    expect(allowedActions(template, 'ChatStart')).toEqual(
      actions(EVERY_FUNCTION, STACK_KEY, ITEM_READ_WRITE, SECRET_READ, 'connect:StartChatContact'),
    );
  });

  it('keeps each signing secret encrypted with the stack key, readable only by the function that verifies it', () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret', {
      Properties: { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } },
    });
    const secretId = (prefix: string) => Object.keys(secrets).find((id) => id.startsWith(prefix));
    expect(secretId('CustomerTokenSecret')).toBeDefined();
    expect(secretId('UnsubscribeSecret')).toBeDefined();

    for (const [fn, secret] of [
      ['ChatStart', 'CustomerTokenSecret'],
      ['Unsubscribe', 'UnsubscribeSecret'],
    ] as const) {
      const reads = secretStatements(fn);
      expect(reads, fn).toEqual([
        {
          Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
          Effect: 'Allow',
          Resource: { Ref: secretId(secret) },
        },
      ]);
    }
  });

  it('routes GET and POST /unsubscribe to the unsubscribe function, which may change a profile but not delete or query', () => {
    const routes = template.findResources('AWS::ApiGatewayV2::Route');
    const keys = Object.values(routes).map((r) => r.Properties.RouteKey as string);
    expect(keys.sort()).toEqual([
      'GET /unsubscribe',
      'POST /chat/start',
      'POST /customers/{id}/messages',
      'POST /unsubscribe',
    ]);
    const publicRoutes = Object.values(routes).filter((r) => r.Properties.AuthorizationType === 'NONE');
    expect(publicRoutes.map((r) => r.Properties.RouteKey).sort()).toEqual([
      'GET /unsubscribe',
      'POST /chat/start',
      'POST /unsubscribe',
    ]);
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    const unsubscribe = Object.values(integrations).filter((i) =>
      JSON.stringify(i.Properties.IntegrationUri).includes('Unsubscribe'),
    );
    expect(unsubscribe).toHaveLength(1);

    expect(allowedActions(template, 'Unsubscribe', 'dynamodb')).toEqual(actions(ITEM_READ_WRITE));
    template.hasOutput('UnsubscribeUrl', {
      Value: { 'Fn::Join': ['', [Match.anyValue(), '/unsubscribe']] },
    });
  });

  it('routes POST /customers/{id}/messages to send-message behind IAM authorization', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /customers/{id}/messages',
      AuthorizationType: 'AWS_IAM',
    });
    template.hasOutput('SendMessageRouteArn', {
      Value: {
        'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/\\*/POST/customers/\\*/messages$')])],
      },
    });
  });

  it('grants send-message exactly what sending takes: profile items, idempotency records, its secret, SMS to phones, SES from the stage sender only', () => {
    expect(allowedActions(template, 'SendMessage')).toEqual(
      actions(
        EVERY_FUNCTION,
        STACK_KEY,
        ITEM_READ_WRITE,
        SECRET_READ,
        'dynamodb:DeleteItem',
        'ses:SendEmail',
        'sns:Publish',
      ),
    );
    const statements = functionStatements(template, 'SendMessage');
    const deleteItem = statements.find((s) => actionsOf(s).includes('dynamodb:DeleteItem'));
    expect(JSON.stringify(deleteItem?.Resource)).toContain('Idempotency');
    const ses = statements.find((s) => actionsOf(s).includes('ses:SendEmail'));
    expect(ses?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'noreply@example.com' } });
    const sesResources = JSON.stringify(ses?.Resource);
    expect(sesResources).toContain(':identity/example.com');
    expect(sesResources).toContain(':configuration-set/');
    expect(
      statements.filter((s) => actionsOf(s).includes('sns:Publish')).map((s) => [s.Effect, s.Resource]),
    ).toEqual([
      ['Allow', '*'],
      ['Deny', 'arn:aws:sns:*:*:*'],
    ]);
    const secret = statements.find((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'));
    expect(JSON.stringify(secret?.Resource)).toContain('UnsubscribeSecret');
  });

  it('gives send-message the stage sender, the configuration set and this API’s unsubscribe address', () => {
    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (f) => f.Properties.Environment?.Variables?.IDEMPOTENCY_TABLE_NAME,
    );
    const env = fn?.Properties.Environment.Variables as Record<string, unknown>;
    expect(env).toMatchObject({
      EMAIL_FROM: 'noreply@example.com',
      EMAIL_CONFIGURATION_SET: { 'Fn::ImportValue': expect.stringContaining('ConfigurationSet') },
      UNSUBSCRIBE_URL: { 'Fn::Join': ['', [expect.anything(), '/unsubscribe']] },
    });
  });

  it('has no cdk-nag findings', () => {
    const stack = built.stacks.api;
    for (const pack of [new AwsSolutionsChecks(stack), new ServerlessChecks(stack)]) {
      const report = pack.validateScope(stack);
      expect(report.violations, JSON.stringify(report.violations)).toEqual([]);
    }
  });
});
