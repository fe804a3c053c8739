import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  ConnectContactFlowEvent,
  Context,
} from 'aws-lambda';
import { type InputSchema, parseEvent } from '../domain/parse-input.ts';
import { answerFor, type ErrorAnswer, type ErrorRow } from './error-answers.ts';
import { jsonResponse } from './http.ts';
import type { Logger } from './logger.ts';

// The start every handler shares, by kind of trigger: the keys of the previous invocation reset
// (containers are reused), the Lambda context on every log line (request id, function name,
// cold_start), and one table (error-answers.ts) from an error to what the trigger gets back.

/** A Lambda handler: the context is optional so that tests and the twin may leave it out. */
export type LambdaHandler<E, R> = (event: E, context?: Context) => Promise<R>;

/** Any trigger: resets the invocation's keys and puts the Lambda context on every log line. */
export function invocation<E, R>(
  logger: Logger,
  handle: (event: E, context: Context | undefined) => Promise<R>,
): LambdaHandler<E, R> {
  return async (event, context) => {
    logger.resetKeys();
    if (context) logger.addContext(context);
    return handle(event, context);
  };
}

export interface HttpFunctionOptions {
  /** On an unexpected error: logged (`chat start failed`) … */
  readonly failure: string;
  /** … and said to the caller (`the chat could not be started; try again`). */
  readonly failureAnswer: string;
  /** Rows for errors only this function meets, before the domain's. */
  readonly errors?: readonly ErrorRow[];
  /** The answer for a failure. @default JSON `{error, message, field?}` with the table's status */
  readonly render?: (answer: ErrorAnswer) => APIGatewayProxyResultV2;
}

/** The JSON answer of a failure: `{error, message, field?}` with its status and headers. */
export const jsonErrorAnswer = (a: ErrorAnswer): APIGatewayProxyResultV2 =>
  jsonResponse(
    a.status,
    { error: a.error, ...(a.field ? { field: a.field } : {}), message: a.message },
    { ...a.headers },
  );

/**
 * An HTTP API (payload v2) function: the request id on every log line, and whatever `handle`
 * throws answered through the table, never as a stack trace.
 */
export function httpFunction(
  logger: Logger,
  options: HttpFunctionOptions,
  handle: (event: APIGatewayProxyEventV2, context: Context | undefined) => Promise<APIGatewayProxyResultV2>,
): LambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return invocation(logger, async (event, context) => {
    logger.appendKeys({ requestId: event.requestContext?.requestId });
    try {
      return await handle(event, context);
    } catch (error) {
      const refused = answerFor(error, options.errors);
      const render = options.render ?? jsonErrorAnswer;
      if (refused.status < 500) {
        logger.info('request refused', {
          status: refused.status,
          error: refused.error,
          field: refused.field,
        });
        return render(refused);
      }
      logger.error(options.failure, error as Error);
      return render({ ...refused, message: options.failureAnswer });
    }
  });
}

export interface ContactFlowFunction<T, R> {
  readonly logger: Logger;
  /** Names the event in logs: `IVR activity event`. */
  readonly what: string;
  readonly schema: InputSchema<T>;
  readonly contactIdOf: (event: T) => string;
  /** The reply that says why nothing was done; `event` is absent when it could not be read. */
  readonly refuse: (reason: string, event?: T) => R;
  readonly handle: (event: T) => Promise<R>;
}

/**
 * A function a contact flow invokes. It never throws: the caller is waiting, so whatever fails,
 * the flow gets a reply (a reason from the table) and takes its fail-soft path.
 */
export function contactFlowFunction<T, R>(
  f: ContactFlowFunction<T, R>,
): LambdaHandler<ConnectContactFlowEvent, R> {
  return invocation(f.logger, async (raw) => {
    const parsed = parseEvent(f.schema, raw);
    if (parsed.kind !== 'ok') {
      // The field only: a value in the message could be personal.
      f.logger.warn(`unreadable ${f.what}`, {
        issue: parsed.kind === 'invalid' ? parsed.field : parsed.reason,
      });
      return f.refuse('invalid-event');
    }
    f.logger.appendKeys({ contactId: f.contactIdOf(parsed.value) });
    try {
      return await f.handle(parsed.value);
    } catch (error) {
      const answer = answerFor(error);
      f.logger.error(`${f.what} failed; the flow goes on`, error as Error);
      return f.refuse(answer.flowReason, parsed.value);
    }
  });
}
