import type { APIGatewayProxyEventV2, ConnectContactFlowEvent, Context, SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import {
  contactFlowFunction,
  httpFunction,
  invocation,
  jsonErrorAnswer,
} from '../../lambdas/commons/envelope.ts';
import { answerFor, answering } from '../../lambdas/commons/error-answers.ts';
import { createLogger } from '../../lambdas/commons/logger.ts';
import { sqsBatchFunction } from '../../lambdas/commons/sqs-batch.ts';
import {
  ConcurrentUpdateError,
  CustomerNotFoundError,
  IdentityConflictError,
  ValidationError,
} from '../../lambdas/domain/errors.ts';
import { parsedOk } from '../../lambdas/domain/parse-input.ts';
import { captureLogs } from '../support/log-capture.ts';

function lambdaContext(awsRequestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'tsunagu-dev-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:ap-northeast-1:111122223333:function:tsunagu-dev-test',
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: '/aws/lambda/tsunagu-dev-test',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 3000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

const parsedLines = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the handler envelope', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('puts the Lambda context on every log line and resets the keys of the previous invocation', async () => {
    // Prepare: Lambda says how the environment started; on demand, the first invocation is a cold start
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const logger = createLogger('test');
    const lines = captureLogs();
    const handler = invocation(logger, async (event: { contactId?: string }) => {
      if (event.contactId) logger.appendKeys({ contactId: event.contactId });
      logger.info('handled');
      return 'done';
    });

    // Act
    await handler({ contactId: 'c-1' }, lambdaContext('request-1'));
    await handler({}, lambdaContext('request-2'));

    // Assess
    const [first, second] = parsedLines(lines);
    expect(first).toMatchObject({
      function_request_id: 'request-1',
      function_name: 'tsunagu-dev-test',
      cold_start: true,
      contactId: 'c-1',
    });
    expect(second).toMatchObject({ function_request_id: 'request-2', cold_start: false });
    expect(second).not.toHaveProperty('contactId');
  });

  it('answers domain errors of an HTTP function through the table, and hides what was unexpected', async () => {
    const logger = createLogger('test');
    const lines = captureLogs();
    const failures: unknown[] = [
      new ValidationError('email', 'email must be an email address'),
      new CustomerNotFoundError('C9'),
      new IdentityConflictError('phone', 'C2'),
      new ConcurrentUpdateError('C1'),
      new Error('secret internals: db password'),
    ];
    let next = 0;
    const handler = httpFunction(
      logger,
      { failure: 'test request failed', failureAnswer: 'it could not be done; try again' },
      async () => {
        throw failures[next++];
      },
    );
    const event = { requestContext: { requestId: 'api-1' } } as APIGatewayProxyEventV2;

    const answers = [];
    for (const _ of failures) answers.push(await handler(event));

    expect(answers.map((a) => (typeof a === 'object' ? a.statusCode : a))).toEqual([400, 404, 409, 409, 500]);
    const bodies = answers.map((a) => (typeof a === 'object' ? JSON.parse(a.body ?? '{}') : {}));
    expect(bodies[0]).toEqual({
      error: 'invalid-request',
      field: 'email',
      message: 'email must be an email address',
    });
    expect(bodies[1]).toEqual({ error: 'unknown-customer', message: 'no customer with that id' });
    expect(bodies[2]).toMatchObject({ error: 'identity-conflict', field: 'phone' });
    expect(typeof answers[3] === 'object' && answers[3].headers).toMatchObject({ 'retry-after': '1' });
    expect(bodies[4]).toEqual({ error: 'internal', message: 'it could not be done; try again' });
    const logged = parsedLines(lines);
    expect(logged.filter((l) => l.level === 'ERROR')).toEqual([
      expect.objectContaining({ message: 'test request failed', requestId: 'api-1' }),
    ]);
  });

  it('lets a function answer its own errors before the domain table', async () => {
    class QuotaError extends Error {}
    const handler = httpFunction(
      createLogger('test'),
      {
        failure: 'failed',
        failureAnswer: 'failed',
        errors: [
          answering(QuotaError, () => ({
            status: 429,
            error: 'too-many',
            message: 'slow down',
            batch: 'retry',
            flowReason: 'error',
          })),
        ],
      },
      async () => {
        throw new QuotaError();
      },
    );

    const answer = await handler({} as APIGatewayProxyEventV2);

    expect(answer).toMatchObject({
      statusCode: 429,
      body: JSON.stringify({ error: 'too-many', message: 'slow down' }),
    });
  });

  it('gives a contact flow a reply whatever fails: an unreadable event, a thrown error', async () => {
    const logger = createLogger('test');
    captureLogs();
    const schema = z.object({ Details: z.object({ ContactData: z.object({ ContactId: z.string() }) }) });
    const handler = contactFlowFunction({
      logger,
      what: 'test event',
      schema,
      contactIdOf: (e) => e.Details.ContactData.ContactId,
      refuse: (reason, e) => ({ done: 'false', reason, contact: e?.Details.ContactData.ContactId ?? '' }),
      handle: async (e) => {
        if (e.Details.ContactData.ContactId === 'gone') throw new CustomerNotFoundError('C1');
        throw new Error('DynamoDB down');
      },
    });
    const event = (contactId: unknown) =>
      ({ Details: { ContactData: { ContactId: contactId } } }) as unknown as ConnectContactFlowEvent;

    expect(await handler(event(7))).toEqual({ done: 'false', reason: 'invalid-event', contact: '' });
    expect(await handler(event('gone'))).toEqual({
      done: 'false',
      reason: 'unknown-customer',
      contact: 'gone',
    });
    expect(await handler(event('c-1'))).toEqual({ done: 'false', reason: 'error', contact: 'c-1' });
  });

  it('dead-letters a queued message the domain refuses as bad input, and retries a passing failure', async () => {
    captureLogs();
    const sent: { body: string; reason: string }[] = [];
    const deadLetters = { send: async (body: string, reason: string) => void sent.push({ body, reason }) };
    const handler = sqsBatchFunction(
      { deadLetters, logger: createLogger('test') },
      {
        what: 'test event',
        parse: (body) => parsedOk(body as { n: number }),
        apply: async ({ n }) => {
          if (n === 1) throw new ValidationError('detail.orderId', 'detail.orderId is missing');
          if (n === 2) throw new ConcurrentUpdateError('C1');
          return { n };
        },
      },
    );
    const batch = {
      Records: [1, 2, 3].map((n) => ({ messageId: `m${n}`, body: JSON.stringify({ n }) })),
    } as SQSEvent;

    const response = await handler(batch);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
    expect(sent).toEqual([{ body: '{"n":1}', reason: 'invalid-request: detail.orderId is missing' }]);
  });

  it('has one answer for anything it does not know: a retried 500 that says nothing of the cause', () => {
    const answer = answerFor(new TypeError('x is undefined'));

    expect(answer).toEqual({
      status: 500,
      error: 'internal',
      message: 'internal error',
      batch: 'retry',
      flowReason: 'error',
    });
    expect(jsonErrorAnswer(answer)).toMatchObject({ statusCode: 500 });
  });
});
