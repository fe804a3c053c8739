import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoProfileStore } from '../adapters/dynamodb/profile-store.ts';
import { RotatingSecret } from '../adapters/secrets-manager/rotating-secret.ts';
import { createDocumentClient } from '../commons/clients/dynamodb.ts';
import { methodOf } from '../commons/http.ts';
import { createLogger, type Logger } from '../commons/logger.ts';
import type { ServiceAdapters } from '../commons/service-adapters.ts';
import { Unsubscribe, type UnsubscribePageView, unsubscribePage } from '../domain/messaging/unsubscribe.ts';
import type { SigningSecrets } from '../domain/signed-token.ts';

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
export function makeHandler(deps: UnsubscribeHandlerDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
    const { logger } = deps;
    logger.resetKeys();
    logger.appendKeys({ requestId: event.requestContext?.requestId });
    const method = methodOf(event) ?? 'GET';
    if (method !== 'GET' && method !== 'POST') return page(405, { kind: 'invalid' }, { allow: 'GET, POST' });

    const token = event.queryStringParameters?.token ?? '';
    try {
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
    } catch (error) {
      logger.error('unsubscribe failed', error as Error);
      return page(503, { kind: 'unavailable' }, { 'retry-after': '60' });
    }
  };
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

/** The adapters this function takes besides the shared ones: the twin gives the secrets of its run. */
export type UnsubscribeAdapters = Partial<ServiceAdapters> & { readonly unsubscribeSecrets?: SigningSecrets };

/** This function with other adapters: how the local twin gives it its secrets. */
export function handlerWith(adapters: UnsubscribeAdapters = {}) {
  return makeHandler({
    unsubscribe: new Unsubscribe({
      profiles: new DynamoProfileStore(createDocumentClient(), env.TABLE_NAME),
      secrets:
        adapters.unsubscribeSecrets ??
        new RotatingSecret(new SecretsManagerClient({}), env.UNSUBSCRIBE_SECRET_ARN).values,
      clock: () => new Date(),
    }),
    logger: createLogger(),
  });
}

export const handler = handlerWith();
