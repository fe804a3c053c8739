import { ConnectClient } from '@aws-sdk/client-connect';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SNSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { AwsConnectContacts } from '../adapters/connect/connect-contacts.ts';
import { DynamoProfileStore } from '../adapters/dynamodb/profile-store.ts';
import { type DeadLetters, SqsDeadLetters } from '../adapters/sqs/dead-letters.ts';
import { createDocumentClient } from '../commons/clients/dynamodb.ts';
import { smsSenderFromEnvironment } from '../commons/clients/sms.ts';
import { createLogger, type Logger } from '../commons/logger.ts';
import type { ServiceAdapters } from '../commons/service-adapters.ts';
import type { ConnectContacts } from '../domain/contact/connect-contacts.ts';
import { isE164 } from '../domain/customer/phone.ts';
import { type InboundSmsResult, InboundSmsService } from '../domain/messaging/inbound-sms-service.ts';

/** The two-way SMS message End User Messaging publishes to the inbound topic (the SNS `Message`). */
const inboundMessage = z.object({
  originationNumber: z.string().check(z.refine(isE164, 'originationNumber must be E.164')),
  messageBody: z.string().check(z.maxLength(1600)),
  inboundMessageId: z.string().check(z.minLength(1), z.maxLength(200)),
});

export interface SmsInboundDeps {
  readonly inbound: Pick<InboundSmsService, 'handle'>;
  readonly deadLetters: DeadLetters;
  readonly logger: Logger;
  /** Where a text for a person becomes a Connect task; absent: it stays on the timeline only. */
  readonly tasks?: {
    readonly connect: Pick<ConnectContacts, 'startTask'>;
    readonly instanceId: string;
    readonly contactFlowId: string;
  };
}

/**
 * Customers' texts (End User Messaging two-way → SNS → here): keywords (STOP/停止, START/再開,
 * HELP/ヘルプ) change consent and are answered; other texts go on the timeline. A message that can
 * never be read goes to the dead-letter queue with its reason; a passing failure (DynamoDB) throws,
 * so Lambda retries the event and then moves it to the same queue.
 */
export function makeHandler(deps: SmsInboundDeps) {
  // SNS ignores what the function returns; the local twin shows it.
  return async (event: SNSEvent): Promise<InboundSmsResult[]> => {
    deps.logger.resetKeys();
    const results: InboundSmsResult[] = [];
    for (const record of event.Records ?? []) {
      const sns = record.Sns;
      let raw: unknown;
      try {
        raw = JSON.parse(sns?.Message ?? '');
      } catch {
        raw = undefined;
      }
      const parsed = inboundMessage.safeParse(raw);
      if (!parsed.success) {
        const reason =
          raw === undefined
            ? 'the SNS Message is not JSON'
            : `${parsed.error.issues[0]?.path.join('.') || 'message'}: ${parsed.error.issues[0]?.message}`;
        deps.logger.warn('inbound SMS refused: to the dead-letter queue', {
          snsMessageId: sns?.MessageId,
          reason,
        });
        await deps.deadLetters.send(JSON.stringify(record), reason);
        continue;
      }
      const m = parsed.data;
      const result = await deps.inbound.handle({
        from: m.originationNumber as never,
        body: m.messageBody,
        messageId: m.inboundMessageId,
        at: new Date(Date.parse(sns.Timestamp) || Date.now()).toISOString(),
      });
      if (result.forAgent !== undefined && result.customerId && deps.tasks) {
        // The inbound message id is the client token: a redelivered text starts no second task.
        await deps.tasks.connect.startTask({
          instanceId: deps.tasks.instanceId,
          contactFlowId: deps.tasks.contactFlowId,
          name: `SMS ${result.intent === 'digits' ? 'reply' : 'from a customer'}`,
          description: result.forAgent.slice(0, 4096),
          attributes: { customerId: result.customerId, channel: 'sms', inboundMessageId: m.inboundMessageId },
          clientToken: m.inboundMessageId.slice(0, 500),
        });
      }
      results.push(result);
      deps.logger.info('inbound SMS handled', {
        intent: result.intent,
        known: result.customerId !== undefined,
        replied: result.replied,
      });
    }
    return results;
  };
}

const env = z
  .object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    DEAD_LETTER_QUEUE_URL: z.string().check(z.minLength(1)),
    /** The Connect instance and task flow for texts a person should answer (both or neither). */
    CONNECT_INSTANCE_ID: z.optional(z.string().check(z.minLength(1))),
    TASK_FLOW_ID: z.optional(z.string().check(z.minLength(1))),
  })
  .parse(process.env);

/** `arn:…:instance/<id>/contact-flow/<flow id>` or a bare id → the bare id Connect's API takes. */
const lastId = (arnOrId: string) => arnOrId.slice(arnOrId.lastIndexOf('/') + 1);

/** This function with other service adapters: how the local twin gives it its outbox. */
export function handlerWith(
  adapters: Partial<ServiceAdapters> & { readonly connect?: ConnectContacts } = {},
) {
  const instance = env.CONNECT_INSTANCE_ID;
  const flow = env.TASK_FLOW_ID;
  return makeHandler({
    ...(instance && flow
      ? {
          tasks: {
            connect: adapters.connect ?? new AwsConnectContacts(new ConnectClient({})),
            instanceId: lastId(instance),
            contactFlowId: lastId(flow),
          },
        }
      : {}),
    inbound: new InboundSmsService({
      profiles: new DynamoProfileStore(createDocumentClient(), env.TABLE_NAME),
      sms: adapters.sms ?? smsSenderFromEnvironment(),
    }),
    deadLetters:
      adapters.deadLetters?.(env.DEAD_LETTER_QUEUE_URL) ??
      new SqsDeadLetters(new SQSClient({}), env.DEAD_LETTER_QUEUE_URL),
    logger: createLogger(),
  });
}

export const handler = handlerWith();
