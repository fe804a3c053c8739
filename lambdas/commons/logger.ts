import { Logger } from '@aws-lambda-powertools/logger';
import { redactPii } from './redact.ts';

/**
 * The one way handlers log: structured JSON through Powertools, with phone numbers and email
 * addresses masked by the serializer rather than by each call site.
 */
export function createLogger(serviceName?: string): Logger {
  return new Logger({
    ...(serviceName ? { serviceName } : {}),
    jsonReplacerFn: redactPii,
  });
}

export type { Logger };
