import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import * as z from 'zod/mini';
import { DynamoProfileStore } from '../adapters/dynamodb/profile-store.ts';
import { DynamoSuppressionList } from '../adapters/dynamodb/suppression-store.ts';
import { httpFunction } from '../commons/envelope.ts';
import { answering } from '../commons/error-answers.ts';
import { header, jsonResponse, readJsonPost } from '../commons/http.ts';
import { createLogger, type Logger } from '../commons/logger.ts';
import { createDocumentClient } from '../composition/dynamodb.ts';
import { emailSenderFromEnvironment } from '../composition/email.ts';
import { signingSecrets } from '../composition/secrets.ts';
import type { ServiceAdapters } from '../composition/service-adapters.ts';
import { smsSenderFromEnvironment } from '../composition/sms.ts';
import { ValidationError } from '../domain/errors.ts';
import { type SendResult, SendToCustomer } from '../domain/messaging/send-to-customer.ts';
import { signUnsubscribeToken } from '../domain/messaging/unsubscribe-token.ts';

/** A message request is a template name and a few variables; `custom` text is at most 1,000 characters. */
export const MAX_BODY_BYTES = 16 * 1024;
/** How long a request's outcome is kept for a retry with the same Idempotency-Key. */
export const IDEMPOTENCY_SECONDS = 24 * 3600;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

export interface SendMessageDeps {
  readonly send: Pick<SendToCustomer, 'send'>;
  /** Where outcomes are kept by Idempotency-Key (a DynamoDB table in AWS and in the twin). */
  readonly idempotency: BasePersistenceLayer;
  readonly logger: Logger;
}

interface SendRequest {
  readonly customerId: string;
  readonly idempotencyKey: string;
  readonly body: unknown;
}

/** What only this function meets: Powertools idempotency's refusals. */
const IDEMPOTENCY_ERRORS = [
  answering(IdempotencyAlreadyInProgressError, () => ({
    status: 409,
    error: 'in-progress',
    message: 'a request with this Idempotency-Key is still being handled',
    headers: { 'retry-after': '2' },
    batch: 'retry',
    flowReason: 'error',
  })),
  answering(IdempotencyValidationError, () => ({
    status: 422,
    error: 'idempotency-key-reused',
    field: 'Idempotency-Key',
    message: 'this Idempotency-Key was used with another body',
    batch: 'dead-letter',
    flowReason: 'error',
  })),
];

/**
 * `POST /customers/{id}/messages` (HTTP API, IAM-signed callers: an agent desktop, a back office,
 * scripts): `{template, variables?, purpose?, channel?}` → the send-to-customer result, 201 when
 * sent and 422 with its typed reason when refused. With an `Idempotency-Key` header (8-128 of
 * `A-Za-z0-9_.:-`), a retried request gets the first answer back instead of a second message;
 * the same key with another body is a 422. Nothing the customer would see (text, addresses) is logged.
 */
export function makeHandler(deps: SendMessageDeps) {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[customerId, idempotencyKey]',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: IDEMPOTENCY_SECONDS,
  });
  const sendOnce = makeIdempotent(
    async (request: SendRequest): Promise<SendResult> => deps.send.send(request.customerId, request.body),
    { persistenceStore: deps.idempotency, config, dataIndexArgument: 0 },
  );

  return httpFunction(
    deps.logger,
    {
      failure: 'message send failed',
      failureAnswer: 'the message could not be sent; try again',
      errors: IDEMPOTENCY_ERRORS,
    },
    async (event, context) => {
      const { logger } = deps;
      if (context) config.registerLambdaContext(context);

      const request = readJsonPost(event, MAX_BODY_BYTES);
      if (!request.ok) return request.response;
      const customerId = event.pathParameters?.id ?? '';
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(customerId)) {
        throw new ValidationError('id', 'the customer id is not valid');
      }
      const idempotencyKey = header(event, 'idempotency-key');
      if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
        throw new ValidationError(
          'Idempotency-Key',
          'Idempotency-Key must be 8 to 128 of A-Z a-z 0-9 _ . : -, e.g. a UUID',
        );
      }
      logger.appendKeys({ customerId });

      const result = idempotencyKey
        ? await sendOnce({ customerId, idempotencyKey, body: request.body })
        : await deps.send.send(customerId, request.body);
      if (result.sent) {
        logger.info('message sent', { channel: result.channel, segments: result.segments });
        return jsonResponse(201, result);
      }
      logger.info('message refused', { reason: result.reason, channel: result.channel, field: result.field });
      return jsonResponse(result.reason === 'error' ? 502 : 422, result);
    },
  );
}

const env = z
  .object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    IDEMPOTENCY_TABLE_NAME: z.string().check(z.minLength(1)),
    UNSUBSCRIBE_SECRET_ARN: z.string().check(z.minLength(1)),
    /** `<api>/unsubscribe`: the link gets `?token=…`. */
    UNSUBSCRIBE_URL: z.url({ protocol: /^https$/ }),
    SMS_MAX_SEGMENTS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(10)), 3),
    TIME_ZONE: z._default(z.string(), 'Asia/Tokyo'),
  })
  .parse(process.env);

/** The senders' settings, read at cold start like the rest of the configuration. */
const senderEnvironment = Object.fromEntries(
  ['SMS_ORIGINATION', 'SMS_MAX_SEGMENTS', 'EMAIL_FROM', 'EMAIL_CONFIGURATION_SET'].map((k) => [
    k,
    process.env[k],
  ]),
);

/** This function with other adapters: how the local twin gives it its outboxes and secret. */
export function handlerWith(adapters: Partial<ServiceAdapters> = {}) {
  const documentClient = createDocumentClient();
  const secrets = signingSecrets(adapters.unsubscribeSecrets, env.UNSUBSCRIBE_SECRET_ARN);
  return makeHandler({
    send: new SendToCustomer({
      profiles: new DynamoProfileStore(documentClient, env.TABLE_NAME),
      sms: adapters.sms ?? smsSenderFromEnvironment(senderEnvironment),
      email: adapters.email ?? emailSenderFromEnvironment(senderEnvironment),
      suppressions: new DynamoSuppressionList(documentClient, env.TABLE_NAME),
      unsubscribeUrl: async (claims) => {
        const [current] = await secrets();
        if (!current) throw new Error('the unsubscribe secret has no current value');
        return `${env.UNSUBSCRIBE_URL}?token=${signUnsubscribeToken(claims, current)}`;
      },
      maxSmsSegments: env.SMS_MAX_SEGMENTS,
      timeZone: env.TIME_ZONE,
      clock: () => new Date(),
      newId: ulid,
    }),
    idempotency: new DynamoDBPersistenceLayer({
      tableName: env.IDEMPOTENCY_TABLE_NAME,
      awsSdkV3Client: new DynamoDBClient({}),
    }),
    logger: createLogger(),
  });
}

export const handler = handlerWith();
