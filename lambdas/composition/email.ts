import { SESv2Client } from '@aws-sdk/client-sesv2';
import * as z from 'zod/mini';
import { SesEmailSender } from '../adapters/ses/ses-email-sender.ts';
import { createLogger } from '../commons/logger.ts';
import type { EmailSender } from '../domain/messaging/email.ts';

const emailEnvironment = z.object({
  /** The stage's `email.senderAddress`, a verified SES identity's address. */
  EMAIL_FROM: z.string().check(z.minLength(3)),
  /** The messaging stack's configuration set: its event destination brings bounces back. */
  EMAIL_CONFIGURATION_SET: z.string().check(z.minLength(1)),
});

/** The deployed email sender of a function, from its environment: SES v2 with the configuration set. */
export function emailSenderFromEnvironment(environment: NodeJS.ProcessEnv = process.env): EmailSender {
  const env = emailEnvironment.parse(environment);
  return new SesEmailSender(new SESv2Client({}), {
    fromAddress: env.EMAIL_FROM,
    configurationSetName: env.EMAIL_CONFIGURATION_SET,
    logger: createLogger('email'),
  });
}
