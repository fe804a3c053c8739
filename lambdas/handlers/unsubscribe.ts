import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoProfileStore } from '../adapters/dynamodb/profile-store.ts';
import { httpFunction, type LambdaHandler } from '../commons/envelope.ts';
import { methodOf } from '../commons/http.ts';
import { createLogger, type Logger } from '../commons/logger.ts';
import { createDocumentClient } from '../composition/dynamodb.ts';
import { signingSecrets } from '../composition/secrets.ts';
import type { ServiceAdapters } from '../composition/service-adapters.ts';
import { Unsubscribe, type UnsubscribePageView, unsubscribePage } from '../domain/messaging/unsubscribe.ts';

export interface UnsubscribeHandlerDeps {
  readonly unsubscribe: Pick<Unsubscribe, 'check' | 'confirm'>;
  readonly logger: Logger;
}

/**
 * `GET|POST /unsubscribe?token=…` (API Gateway HTTP API, payload v2), the link in every marketing
 * message. GET shows the page with a confirm button and changes nothing (mail scanners open links);
 * POST, the button or the mail provider's RFC 8058 one-click, withdraws the consent the token names.
 * A bad token is a 400 page, a failure a 503 page; neither changes anything. The token is never logged.
 */
export function makeHandler(
  deps: UnsubscribeHandlerDeps,
): LambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  const { logger } = deps;
  return httpFunction(
    logger,
    {
      failure: 'unsubscribe failed',
      failureAnswer: 'the unsubscribe could not be done; try again',
      // People read these answers: pages, not JSON. A failure changes nothing and says so.
      render: (answer) =>
        answer.status >= 500
          ? page(503, { kind: 'unavailable' }, { 'retry-after': '60' })
          : page(400, { kind: 'invalid' }),
    },
    async (event) => {
      const method = methodOf(event) ?? 'GET';
      if (method !== 'GET' && method !== 'POST')
        return page(405, { kind: 'invalid' }, { allow: 'GET, POST' });

      const token = event.queryStringParameters?.token ?? '';
      const result =
        method === 'GET' ? await deps.unsubscribe.check(token) : await deps.unsubscribe.confirm(token);
      if (!result.ok) {
        logger.info('unsubscribe link refused', { method, reason: result.reason });
        return page(400, { kind: 'invalid' });
      }
      const { customerId, channel, purpose } = result.claims;
      logger.info(method === 'GET' ? 'unsubscribe link opened' : 'unsubscribed', {
        customerId,
        channel,
        purpose,
        wasGranted: result.wasGranted,
      });
      return page(200, { kind: method === 'GET' ? 'confirm' : 'done', result });
    },
  );
}

function page(
  statusCode: number,
  view: UnsubscribePageView,
  headers: Record<string, string> = {},
): APIGatewayProxyResultV2 {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      // The token is a credential for one consent: not kept, not sent on, the page not framed.
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      ...headers,
    },
    body: unsubscribePage(view),
  };
}

const env = z
  .object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    UNSUBSCRIBE_SECRET_ARN: z.string().check(z.minLength(1)),
  })
  .parse(process.env);

/** This function with other adapters: how the local twin gives it its secrets. */
export function handlerWith(adapters: Partial<ServiceAdapters> = {}) {
  return makeHandler({
    unsubscribe: new Unsubscribe({
      profiles: new DynamoProfileStore(createDocumentClient(), env.TABLE_NAME),
      secrets: signingSecrets(adapters.unsubscribeSecrets, env.UNSUBSCRIBE_SECRET_ARN),
      clock: () => new Date(),
    }),
    logger: createLogger(),
  });
}

export const handler = handlerWith();
