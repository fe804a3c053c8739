import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { DynamoProfileStore } from '../adapters/dynamodb/profile-store.ts';
import { httpFunction, type LambdaHandler } from '../commons/envelope.ts';
import { jsonResponse, readJsonPost } from '../commons/http.ts';
import { createLogger, type Logger } from '../commons/logger.ts';
import { connectContacts } from '../composition/connect.ts';
import { createDocumentClient } from '../composition/dynamodb.ts';
import { signingSecrets } from '../composition/secrets.ts';
import type { ServiceAdapters } from '../composition/service-adapters.ts';
import { ChatStart, ignoredFieldsIn } from '../domain/chat/chat-start.ts';
import { LANGUAGES } from '../domain/customer/customer.ts';

/** Far more than a chat start needs (a name, a token, two ids); bounds the work on a hostile body. */
export const MAX_BODY_BYTES = 16 * 1024;

export interface ChatStartHandlerDeps {
  readonly chatStart: Pick<ChatStart, 'start'>;
  readonly logger: Logger;
}

/**
 * `POST /chat/start` (API Gateway HTTP API, payload v2): a JSON body `{displayName, customerToken?,
 * language?, previousContactId?}` → `{contactId, participantId, participantToken}` for the chat
 * widget to connect with. Errors are `{error, field?, message?}` with their status; never a stack.
 * Nothing the customer typed or holds (name, token) is logged.
 */
export function makeHandler(
  deps: ChatStartHandlerDeps,
): LambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  const { logger } = deps;
  return httpFunction(
    logger,
    { failure: 'chat start failed', failureAnswer: 'the chat could not be started; try again' },
    async (event) => {
      const request = readJsonPost(event, MAX_BODY_BYTES);
      if (!request.ok) return request.response;
      const { body } = request;

      const ignoredFields = ignoredFieldsIn(body);
      if (ignoredFields.length > 0) {
        // A widget that sends routing ids is misconfigured or probing; either way they are not used.
        logger.warn('chat start request names Connect resources; ignored', { ignoredFields });
      }

      const result = await deps.chatStart.start(body);
      if (!result.ok) {
        logger.info('chat start refused', {
          status: result.status,
          reason: result.reason,
          field: result.field,
        });
        return jsonResponse(
          result.status,
          {
            error: result.reason,
            ...(result.field ? { field: result.field } : {}),
            ...(result.message ? { message: result.message } : {}),
          },
          result.status === 429 ? { 'retry-after': '2' } : {},
        );
      }
      logger.appendKeys({ contactId: result.contactId });
      if (result.recordError) {
        logger.error(
          'chat started, but its customer and timeline entry were not recorded',
          result.recordError,
        );
      }
      logger.info('chat started', {
        known: result.known,
        recorded: result.recorded,
        persistent: result.continuedFromContactId !== undefined,
      });
      return jsonResponse(200, {
        contactId: result.contactId,
        participantId: result.participantId,
        participantToken: result.participantToken,
        ...(result.continuedFromContactId ? { continuedFromContactId: result.continuedFromContactId } : {}),
      });
    },
  );
}

/** A Connect id, given as the id or as the resource's ARN (`…/instance/<id>`, `…/contact-flow/<id>`). */
const connectId = z
  .string()
  .min(1)
  .transform((value) => (value.startsWith('arn:') ? (value.split('/').at(-1) ?? '') : value))
  .pipe(z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'must be a Connect id or ARN'));

const env = z
  .object({
    TABLE_NAME: z.string().min(1),
    CONNECT_INSTANCE_ID: connectId,
    CHAT_FLOW_ID: connectId,
    CUSTOMER_TOKEN_SECRET_ARN: z.string().min(1),
    /** The language of an anonymous chat that names none. */
    DEFAULT_LANGUAGE: z.enum(LANGUAGES).default('ja'),
  })
  .parse(process.env);

/** This function with other adapters: how the local twin gives it its Connect and secrets. */
export function handlerWith(adapters: Partial<ServiceAdapters> = {}) {
  const secrets = signingSecrets(adapters.customerTokenSecrets, env.CUSTOMER_TOKEN_SECRET_ARN);
  return makeHandler({
    chatStart: new ChatStart(
      {
        instanceId: env.CONNECT_INSTANCE_ID,
        contactFlowId: env.CHAT_FLOW_ID,
        defaultLanguage: env.DEFAULT_LANGUAGE,
      },
      {
        profiles: new DynamoProfileStore(createDocumentClient(), env.TABLE_NAME),
        connect: connectContacts(adapters),
        customerTokenSecrets: secrets,
        clock: () => new Date(),
      },
    ),
    logger: createLogger(),
  });
}

export const handler = handlerWith();
