import type { SNSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoProfileStore } from '../adapters/dynamodb/profile-store.ts';
import type { DeadLetters } from '../commons/dead-letters.ts';
import { invocation, type LambdaHandler } from '../commons/envelope.ts';
import { answerFor } from '../commons/error-answers.ts';
import { createLogger, type Logger } from '../commons/logger.ts';
import { connectContacts } from '../composition/connect.ts';
import { deadLettersAt } from '../composition/dead-letters.ts';
import { createDocumentClient } from '../composition/dynamodb.ts';
import type { ServiceAdapters } from '../composition/service-adapters.ts';
import { smsSenderFromEnvironment } from '../composition/sms.ts';
import type { ConnectContacts } from '../domain/contact/connect-contacts.ts';
import { isE164 } from '../domain/customer/phone.ts';
import { type InboundSmsResult, InboundSmsService } from '../domain/messaging/inbound-sms-service.ts';
import { parseEvent } from '../domain/parse-input.ts';

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
 * never be read (or that the domain refuses as bad input) goes to the dead-letter queue with its
 * reason; a passing failure (DynamoDB) throws, so Lambda retries the event and then moves it to
 * the same queue.
 */
export function makeHandler(deps: SmsInboundDeps): LambdaHandler<SNSEvent, InboundSmsResult[]> {
  const { logger } = deps;
  const deadLetter = async (record: SNSEvent['Records'][number], reason: string) => {
    logger.warn('inbound SMS refused: to the dead-letter queue', {
      snsMessageId: record.Sns?.MessageId,
      reason,
    });
    await deps.deadLetters.send(JSON.stringify(record), reason);
  };
  // SNS ignores what the function returns; the local twin shows it.
  return invocation(logger, async (event) => {
    const results: InboundSmsResult[] = [];
    for (const record of event.Records ?? []) {
      const sns = record.Sns;
      let raw: unknown;
      try {
        raw = JSON.parse(sns?.Message ?? '');
      } catch {
        await deadLetter(record, 'the SNS Message is not JSON');
        continue;
      }
      const parsed = parseEvent(inboundMessage, raw);
      if (parsed.kind !== 'ok') {
        await deadLetter(record, parsed.reason);
        continue;
      }
      const m = parsed.value;
      try {
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
            attributes: {
              customerId: result.customerId,
              channel: 'sms',
              inboundMessageId: m.inboundMessageId,
            },
            clientToken: m.inboundMessageId.slice(0, 500),
          });
        }
        results.push(result);
        logger.info('inbound SMS handled', {
          intent: result.intent,
          known: result.customerId !== undefined,
          replied: result.replied,
        });
      } catch (error) {
        const answer = answerFor(error);
        if (answer.batch === 'retry') throw error;
        await deadLetter(record, `${answer.error}: ${answer.message}`);
      }
    }
    return results;
  });
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
export function handlerWith(adapters: Partial<ServiceAdapters> = {}) {
  const instance = env.CONNECT_INSTANCE_ID;
  const flow = env.TASK_FLOW_ID;
  return makeHandler({
    ...(instance && flow
      ? {
          tasks: {
            connect: connectContacts(adapters),
            instanceId: lastId(instance),
            contactFlowId: lastId(flow),
          },
        }
      : {}),
    inbound: new InboundSmsService({
      profiles: new DynamoProfileStore(createDocumentClient(), env.TABLE_NAME),
      sms: adapters.sms ?? smsSenderFromEnvironment(),
    }),
    deadLetters: deadLettersAt(adapters, env.DEAD_LETTER_QUEUE_URL),
    logger: createLogger(),
  });
}

export const handler = handlerWith();
