import { SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod/mini';
import { UnconfiguredSmsSender } from '../adapters/sms/senders.ts';
import { SnsSmsSender } from '../adapters/sns/sns-sms-sender.ts';
import { createLogger } from '../commons/logger.ts';
import type { SmsSender } from '../domain/messaging/sms.ts';

const smsEnvironment = z.object({
  /** The stage's `sms.originationIdentity`; absent: the function sends no SMS. */
  SMS_ORIGINATION: z.optional(z.string().check(z.minLength(1))),
  SMS_MAX_SEGMENTS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(10)), 3),
});

/**
 * The deployed SMS sender of a function, from its environment: SNS Publish from the stage's
 * origination identity, or, where the stack gives none, a sender that refuses as `not-configured`.
 */
export function smsSenderFromEnvironment(environment: NodeJS.ProcessEnv = process.env): SmsSender {
  const env = smsEnvironment.parse(environment);
  if (!env.SMS_ORIGINATION) return new UnconfiguredSmsSender();
  return new SnsSmsSender(new SNSClient({}), {
    originationIdentity: env.SMS_ORIGINATION,
    maxSegments: env.SMS_MAX_SEGMENTS,
    logger: createLogger('sms'),
  });
}
