import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import type { EmailOutbox } from '../../lambdas/adapters/email/outbox.ts';
import type { SmsOutbox } from '../../lambdas/adapters/sms/senders.ts';
import { answerFor } from '../../lambdas/commons/error-answers.ts';
import type { Logger } from '../../lambdas/commons/logger.ts';
import type { CustomerService } from '../../lambdas/domain/customer/customer-service.ts';
import { normalizePhone } from '../../lambdas/domain/customer/phone.ts';
import { ValidationError } from '../../lambdas/domain/errors.ts';
import { parseInput } from '../../lambdas/domain/parse-input.ts';
import type { CallService } from './calls.ts';
import type { BusEvent, LocalEventRouter } from './event-router.ts';
import { honoPath, invokeHttpRoute, type LocalHttpRoute } from './http-routes.ts';
import { type Handler, localLambdaContext } from './lambda-runtime.ts';

export interface LocalApiDeps {
  readonly customers: CustomerService;
  readonly logger: Logger;
  /** The app's Lambda functions by construct id, run in-process from source. */
  readonly functions?: ReadonlyMap<string, () => Promise<Handler>>;
  /** The app's HTTP API routes (chat start, unsubscribe), served by their functions. */
  readonly httpRoutes?: readonly LocalHttpRoute[];
  /** Calls into the local Connect (POST /calls). */
  readonly calls?: CallService;
  /** Every SMS sent (GET /outbox). */
  readonly outbox?: SmsOutbox;
  /** The app's EventBridge and SQS (POST /connect/contact-events, GET /events, GET /dead-letters). */
  readonly events?: LocalEventRouter;
  /** Messaging: sending to customers, customers texting, every email sent. */
  readonly messaging?: {
    /** The number customers text (the stage's origination identity). */
    readonly inboundNumber: string;
    readonly emailOutbox: EmailOutbox;
    readonly phoneRegion: string;
  };
}

/**
 * The local twin's HTTP API (JSON in and out), documented in README.md. Every failure is a JSON
 * body with `error` (and `field` for bad input); never a stack trace.
 */
export function createLocalApi({
  customers,
  logger,
  functions = new Map(),
  httpRoutes = [],
  calls,
  outbox,
  events,
  messaging,
}: LocalApiDeps): Hono {
  const api = new Hono();

  // A page the developer visits must not reach the twin through DNS rebinding or a form post.
  api.use(async (c, next) => {
    const host = c.req.header('host');
    if (host && !LOOPBACK_HOST.test(host)) {
      return c.json({ error: `the local twin answers only on 127.0.0.1 or localhost, not ${host}` }, 403);
    }
    const type = c.req.header('content-type');
    // A body without a JSON type is refused too: a web page can send one without a CORS preflight.
    // The one exception is RFC 8058's one-click unsubscribe, a form post a mail provider makes.
    const oneClick = new URL(c.req.url).pathname === '/unsubscribe';
    if (c.req.raw.body && !oneClick && !type?.startsWith('application/json')) {
      return c.json(
        {
          error: "send the body as application/json (curl: -H 'content-type: application/json')",
          field: 'body',
        },
        415,
      );
    }
    return next();
  });
  api.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json({ error: `body must be at most ${MAX_BODY_BYTES / 1024} KB`, field: 'body' }, 413),
    }),
  );

  api.get('/health', (c) => c.json({ status: 'ok' }));

  api.post('/customers', async (c) => c.json(await customers.create(await jsonBody(c.req.raw)), 201));

  api.get('/customers', async (c) => {
    const phone = c.req.query('phone');
    const email = c.req.query('email');
    if ((phone === undefined) === (email === undefined)) {
      throw new ValidationError('phone', 'give one of ?phone= or ?email= to look a customer up');
    }
    const customer =
      phone !== undefined ? await customers.findByPhone(phone) : await customers.findByEmail(email ?? '');
    return customer ? c.json(customer) : c.json({ error: 'no customer with that identity' }, 404);
  });

  api.get('/customers/:id', async (c) => c.json(await customers.get(c.req.param('id'))));
  api.patch('/customers/:id', async (c) =>
    c.json(await customers.update(c.req.param('id'), await jsonBody(c.req.raw))),
  );
  api.post('/customers/:id/identities', async (c) =>
    c.json(await customers.assignIdentity(c.req.param('id'), await jsonBody(c.req.raw))),
  );
  api.post('/customers/:id/consent', async (c) =>
    c.json(await customers.setConsent(c.req.param('id'), await jsonBody(c.req.raw))),
  );
  api.post('/customers/:id/notices', async (c) =>
    c.json(await customers.addNotice(c.req.param('id'), await jsonBody(c.req.raw)), 201),
  );
  api.get('/customers/:id/timeline', async (c) => {
    const { limit, cursor } = c.req.query();
    return c.json(
      await customers.timeline(c.req.param('id'), {
        ...(limit !== undefined ? { limit } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      }),
    );
  });
  api.post('/customers/:id/timeline', async (c) => {
    const { interaction, duplicate } = await customers.recordInteraction(
      c.req.param('id'),
      await jsonBody(c.req.raw),
    );
    return c.json({ ...interaction, duplicate }, duplicate ? 200 : 201);
  });
  api.get('/customers/:id/context', async (c) => c.json(await customers.context(c.req.param('id'))));

  // Like Lambda's Invoke: the deployed handler module, with the function's environment, gets the
  // event as sent and answers with its result.
  api.post('/functions/:name/invoke', async (c) => {
    const load = functions.get(c.req.param('name'));
    if (!load) {
      return c.json(
        { error: `no function ${c.req.param('name')}; the app has ${[...functions.keys()].join(', ')}` },
        404,
      );
    }
    const event = await jsonBody(c.req.raw);
    try {
      const handler = await load();
      return c.json({ result: (await handler(event, localLambdaContext(c.req.param('name')))) ?? null });
    } catch (error) {
      logger.error('function failed', { function: c.req.param('name'), error: String(error) });
      return c.json({ error: 'the function threw', message: (error as Error).message ?? String(error) }, 502);
    }
  });

  // A call into the local Connect: the synthesized flows, run by the simulator with the real handlers.
  if (calls) api.post('/calls', async (c) => c.json(await calls.call(await jsonBody(c.req.raw))));
  // Every message the app sent, exactly as sent: ?customerId= and ?channel=sms|email narrow it.
  if (outbox) {
    api.get('/outbox', (c) => {
      const { customerId, channel } = c.req.query();
      if (channel !== undefined && channel !== 'sms' && channel !== 'email') {
        throw new ValidationError('channel', 'channel must be sms or email');
      }
      const mine = <T extends { customerId?: string }>(list: readonly T[]) =>
        list.filter((m) => customerId === undefined || m.customerId === customerId);
      return c.json({
        ...(channel !== 'email' ? { sms: mine(outbox.messages) } : {}),
        ...(channel !== 'sms' && messaging ? { email: mine(messaging.emailOutbox.messages) } : {}),
      });
    });
  }

  if (messaging) {
    // A customer texting: the SNS notification End User Messaging would publish, to the deployed handler.
    api.post('/sms/inbound', async (c) => {
      const body = parseInput(inboundSms, await jsonBody(c.req.raw));
      const from = normalizePhone(body.from, messaging.phoneRegion, 'from');
      const load = functions.get('SmsInboundHandler');
      if (!load) throw new Error('the app has no SmsInboundHandler function');
      const message = {
        originationNumber: from,
        destinationNumber: messaging.inboundNumber,
        messageBody: body.body,
        inboundMessageId: body.messageId ?? crypto.randomUUID(),
      };
      const results = (await (
        await load()
      )(
        {
          Records: [
            {
              EventSource: 'aws:sns',
              Sns: {
                Type: 'Notification',
                MessageId: crypto.randomUUID(),
                Message: JSON.stringify(message),
                Timestamp: new Date().toISOString(),
              },
            },
          ],
        },
        localLambdaContext('SmsInboundHandler'),
      )) as unknown[];
      return c.json(
        results[0] ?? { error: 'the message was not readable: see GET /dead-letters' },
        results[0] ? 200 : 422,
      );
    });
  }

  if (events) {
    // Events (one or a list) onto the default bus, as AWS services put theirs (Connect contact
    // events, SES email events): the deployed rules' patterns pick them, their queues' functions
    // handle them. /connect/contact-events is the same door under the name the docs use.
    const putEvents = async (c: Context) => {
      const body = await jsonValue(c.req.raw);
      const list = Array.isArray(body) ? body : [body];
      if (list.length === 0 || list.length > 100) {
        throw new ValidationError('body', 'send one event or a list of 1 to 100');
      }
      list.forEach((e, i) => {
        if (e === null || typeof e !== 'object' || Array.isArray(e)) {
          throw new ValidationError(
            Array.isArray(body) ? String(i) : 'body',
            'each event must be a JSON object',
          );
        }
      });
      return c.json({ deliveries: await events.put(list as BusEvent[]) });
    };
    api.post('/connect/contact-events', putEvents);
    api.post('/events', putEvents);
    api.get('/events', (c) => {
      const bus = c.req.query('bus');
      return c.json({ events: events.events.filter((e) => bus === undefined || e.bus === bus) });
    });
    api.get('/dead-letters', (c) => c.json({ queues: Object.fromEntries(events.deadLetterQueues) }));
  }

  // The app's HTTP API as deployed: each route runs its function with API Gateway's event.
  for (const route of httpRoutes) {
    api.on(route.method, honoPath(route.path), async (c) => {
      const load = functions.get(route.functionName);
      if (!load) throw new Error(`the app has no ${route.functionName} function`);
      return invokeHttpRoute(c, route, await load(), localLambdaContext(route.functionName));
    });
  }

  api.notFound((c) => c.json({ error: `no route ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));

  api.onError((error, c) => {
    const { status, body } = errorResponse(error);
    if (status >= 500)
      logger.error('request failed', { path: new URL(c.req.url).pathname, error: String(error) });
    return c.json(body, status);
  });

  return api;
}

/**
 * Domain errors as the twin's API answers them: the status of the handlers' one table
 * (lambdas/commons/error-answers.ts) and `{error: <message>, field?}`; anything unexpected is a
 * bare 500.
 */
export function errorResponse(error: unknown): {
  status: ContentfulStatusCode;
  body: { error: string; field?: string };
} {
  const answer = answerFor(error);
  return {
    status: answer.status as ContentfulStatusCode,
    body: { error: answer.message, ...(answer.field ? { field: answer.field } : {}) },
  };
}

const MAX_BODY_BYTES = 64 * 1024;

const inboundSms = z.strictObject({
  from: z.string('from is required: the number texting, e.g. 090-1234-5678').min(1),
  body: z.string('body is required: the text').min(1).max(1600),
  messageId: z.string().min(1).max(200).optional(),
});
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

async function jsonValue(request: Request): Promise<unknown> {
  try {
    return JSON.parse(await request.text());
  } catch {
    throw new ValidationError('body', 'body must be JSON');
  }
}

async function jsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ValidationError('body', 'body must be a JSON object');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError('body', 'body must be a JSON object');
  }
  return body;
}
