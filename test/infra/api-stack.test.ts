import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTsunaguApp } from './tsunagu-app.ts';

let built: ReturnType<typeof buildTsunaguApp>;
let template: Template;

beforeAll(() => {
  built = buildTsunaguApp('dev');
  template = Template.fromStack(built.stacks.api);
});

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

  it('keeps the customer-token secret encrypted with its own key, readable only by the function', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: Match.anyValue() });
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[],
    );
    expect(
      statements
        .flatMap((s) => [s.Action].flat())
        .filter((a) => a.startsWith('secretsmanager:'))
        .sort(),
    ).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
  });

  it('has no cdk-nag findings', () => {
    const stack = built.stacks.api;
    for (const pack of [new AwsSolutionsChecks(stack), new ServerlessChecks(stack)]) {
      const report = pack.validateScope(stack);
      expect(report.violations, JSON.stringify(report.violations)).toEqual([]);
    }
  });
});
