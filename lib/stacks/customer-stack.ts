import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { HandlerFunction } from '../constructs/handler-function.ts';
import type { ProfileTable } from '../constructs/profile-table.ts';

export interface CustomerStackProps extends StackProps {
  readonly config: StageConfig;
  readonly profiles: ProfileTable;
}

/**
 * Stateless customer-profile functions, the ones contact flows invoke: `customerContext` answers
 * "who is calling?" (AP1) in one DynamoDB request; `ivrActivity` records the caller's choices on
 * their timeline and sends the chat link; `surveyAnswer` saves post-call survey answers.
 */
export class CustomerStack extends Stack {
  public readonly customerContext: HandlerFunction;
  public readonly ivrActivity: HandlerFunction;
  public readonly surveyAnswer: HandlerFunction;

  constructor(scope: Construct, id: string, props: CustomerStackProps) {
    super(scope, id, props);
    const { config, profiles } = props;
    const common = {
      invocation: 'synchronous',
      logRetention: config.logRetentionDays as logs.RetentionDays,
    } as const;
    const defaultLanguage = config.locale.default.slice(0, 2);

    // Timeouts within the flow blocks' limits (3 s; 5 s for the chat link), so a function never
    // works on after Connect has given up on it.
    this.customerContext = new HandlerFunction(this, 'CustomerContext', {
      ...common,
      timeout: Duration.seconds(3),
      handler: 'customer-context',
      description: 'Caller number → customer context for the IVR (AP1, one DynamoDB request)',
      environment: { TABLE_NAME: profiles.table.tableName, DEFAULT_LANGUAGE: defaultLanguage },
    });
    profiles.bind(this.customerContext.function, 'read');

    this.ivrActivity = new HandlerFunction(this, 'IvrActivity', {
      ...common,
      handler: 'ivr-activity',
      description: 'IVR choice, callback, after-hours call and chat link → the caller’s timeline',
      environment: {
        TABLE_NAME: profiles.table.tableName,
        DEFAULT_LANGUAGE: defaultLanguage,
        ...(config.connect.chatLinkUrl ? { CHAT_LINK_URL: config.connect.chatLinkUrl } : {}),
        SMS_ORIGINATION: config.sms.originationIdentity,
        SMS_MAX_SEGMENTS: String(config.sms.maxSegments),
      },
      // The after-hours chat link goes out by SMS.
      sendsSms: true,
    });
    profiles.bind(this.ivrActivity.function, 'append');

    this.surveyAnswer = new HandlerFunction(this, 'SurveyAnswer', {
      ...common,
      timeout: Duration.seconds(3),
      handler: 'survey-answer',
      description: 'Post-call survey: start and each answer → survey response and timeline',
      environment: { TABLE_NAME: profiles.table.tableName },
    });
    profiles.bind(this.surveyAnswer.function, 'append');
  }
}
