import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { serve } from '@hono/node-server';
import { ulid } from 'ulid';
import { DynamoProfileStore } from '../../lambdas/adapters/dynamodb/profile-store.ts';
import { EmailOutbox } from '../../lambdas/adapters/email/outbox.ts';
import { fixedSecrets } from '../../lambdas/adapters/secrets-manager/rotating-secret.ts';
import { SmsOutbox } from '../../lambdas/adapters/sms/senders.ts';
import { createLogger } from '../../lambdas/commons/logger.ts';
import { createDocumentClient } from '../../lambdas/composition/dynamodb.ts';
import type { ServiceAdapters } from '../../lambdas/composition/service-adapters.ts';
import { toContactAttributes } from '../../lambdas/domain/customer/contact-attributes.ts';
import { customerContext } from '../../lambdas/domain/customer/context.ts';
import { CustomerService } from '../../lambdas/domain/customer/customer-service.ts';
import { stackNames } from '../app.ts';
import { profilePolicy } from '../config/profile-policy.ts';
import { type CallService, createCallService } from './calls.ts';
import {
  dataTables,
  localTableName,
  localTableNameOf,
  profileTableDefinition,
  synthesize,
  tableDefinitionFromTemplate,
} from './cloud-assembly.ts';
import { LocalConnectContacts } from './connect-fake.ts';
import { LOCAL_ACCOUNT, localConnect } from './connect-world.ts';
import { DEFAULT_TWIN_PORT } from './defaults.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from './dynamodb-local.ts';
import { type BusEvent, LocalEventRouter } from './event-router.ts';
import { type Guardian, startGuardian } from './guardian.ts';
import { createLocalApi } from './http-api.ts';
import { localHttpRoutes } from './http-routes.ts';
import {
  assemblyTemplates,
  type Handler,
  loadHandler,
  localFunctions,
  localResourceValues,
} from './lambda-runtime.ts';
import { seedDemoCustomers } from './seed.ts';
import { ensureTable } from './table.ts';

export interface TwinOptions {
  /** @default 8787; 0 picks a free port */
  readonly port?: number;
  readonly dataDir?: string;
  readonly stage?: string;
  readonly seed?: boolean;
  /** Progress lines (default: nowhere). */
  readonly log?: (line: string) => void;
}

export interface Twin {
  readonly url: string;
  /** Calls into the local Connect, in this process (what POST /calls and `tsunagu call` use). */
  readonly calls: CallService;
  /** Every SMS the app sent. */
  readonly outbox: SmsOutbox;
  /** EventBridge and SQS of the app, in this process. */
  readonly events: LocalEventRouter;
  /** Amazon Connect's contact APIs (chats and tasks started). */
  readonly connectContacts: LocalConnectContacts;
  /** Signs customer tokens for POST /chat/start, as a host site would. */
  readonly customerTokenSecret: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  stop(): Promise<void>;
}

/** Where links the app builds from its API's address (unsubscribe links) point locally. */
export { LOCAL_API_ENDPOINT } from './lambda-runtime.ts';
export { DEFAULT_TWIN_PORT };

/**
 * The local twin: the synthesized app running on this machine. DynamoDB Local holds the table the
 * data stack's template defines; the same domain code and DynamoDB adapter the Lambdas use serve an
 * HTTP API on 127.0.0.1.
 */
export async function startTwin(options: TwinOptions = {}): Promise<Twin> {
  const log = options.log ?? (() => {});
  // First of all: from here on, however this process ends, DynamoDB Local and the run's folder go with it.
  const guardian = await startGuardian({ prefix: 'tsunagu-local-' });
  try {
    return await startTwinGuarded(guardian, options, log);
  } catch (error) {
    await guardian.stop();
    throw error;
  }
}

async function startTwinGuarded(
  guardian: Guardian,
  options: TwinOptions,
  log: (line: string) => void,
): Promise<Twin> {
  log('synthesizing the CDK app…');
  const assembly = synthesize({
    ...(options.stage ? { stage: options.stage } : {}),
    outdir: join(guardian.root, 'assembly'),
  });
  const { config } = assembly;
  log(`starting DynamoDB Local (${options.dataDir ? `data in ${options.dataDir}` : 'in memory'})…`);
  const dynamo = await startDynamoDbLocal({
    guardian,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  log(`DynamoDB Local on ${dynamo.endpoint} (pid ${dynamo.pid}); creating the tables…`);
  const clientConfig = { endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const tableName = localTableName(config.stage);
  const client = new DynamoDBClient(clientConfig);
  const table = await ensureTable(client, profileTableDefinition(assembly, tableName));
  // The data stack's other tables (idempotency), under local names derived from the profile table's.
  for (const other of dataTables(assembly).filter((t) => t.constructId !== 'Profiles')) {
    await ensureTable(
      client,
      tableDefinitionFromTemplate(other.properties, localTableNameOf(tableName, other.constructId)),
    );
  }
  client.destroy();

  const customers = new CustomerService({
    profiles: new DynamoProfileStore(createDocumentClient(clientConfig), tableName),
    policy: profilePolicy(config),
    clock: () => new Date(),
    newId: ulid,
  });
  if (options.seed ?? true) {
    const added = await seedDemoCustomers(customers, new Date());
    log(`table ${tableName} ${table}; ${added} demo customers added`);
  }

  // Handler modules create their SDK clients from the environment, as in Lambda; here it points
  // at DynamoDB Local, and no real AWS credentials are ever in reach.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  const stacks = Object.values(stackNames(config.stage));
  const templates = assemblyTemplates(assembly, stacks);
  const connect = localConnect(assembly);
  const localValue = localResourceValues(templates, { tableName, connect, region: config.region });
  const outbox = new SmsOutbox();
  const emailOutbox = new EmailOutbox();
  // Unsubscribe links are signed with a secret of this run (AWS keeps it in Secrets Manager).
  const unsubscribeSecret = randomBytes(32).toString('base64url');
  // The router needs the functions and the functions publish through the router: bound lazily.
  let router: LocalEventRouter | undefined;
  const routerReady = () => {
    if (!router) throw new Error('the local event router is not ready yet');
    return router;
  };
  // Connect's contact APIs, for the chat start: chats run the synthesized chat flow.
  const connectContacts = new LocalConnectContacts(connect, async (contactEvents) => {
    await routerReady().put(contactEvents as BusEvent[]);
  });
  // The customer-token secret of this run (AWS keeps it in Secrets Manager): sign test tokens with it.
  const customerTokenSecret = randomBytes(32).toString('base64url');
  const adapters: ServiceAdapters = {
    sms: outbox,
    email: emailOutbox,
    events: { publish: (events) => routerReady().publish(events) },
    deadLetters: (queueUrl) => routerReady().deadLetters(queueUrl),
    connect: connectContacts,
    customerTokenSecrets: fixedSecrets(customerTokenSecret),
    unsubscribeSecrets: fixedSecrets(unsubscribeSecret),
  };
  const functions = new Map(
    localFunctions(assembly, stacks, localValue).map((fn) => {
      let loaded: Promise<Handler> | undefined;
      return [fn.name, () => (loaded ??= loadHandler(fn, adapters))] as const;
    }),
  );
  router = new LocalEventRouter({
    templates,
    localValue,
    functions,
    account: LOCAL_ACCOUNT,
    region: config.region,
  });
  const events = router;
  const calls = createCallService({
    connect,
    functions,
    phoneRegion: config.phoneRegion,
    clock: () => new Date(),
    chatAttributes: async (phone) => {
      const customer = await customers.findByPhone(phone);
      return customer ? toContactAttributes(customerContext(customer, new Date())) : {};
    },
    // The call's contact events go where Connect's go: the default bus, the deployed rules.
    contactEvents: async (contactEvents) => void (await events.put(contactEvents as BusEvent[])),
  });

  const messaging = {
    inboundNumber: config.sms.originationIdentity,
    emailOutbox,
    phoneRegion: config.phoneRegion,
  };
  const api = createLocalApi({
    customers,
    logger: createLogger('tsunagu-local'),
    functions,
    httpRoutes: localHttpRoutes(templates),
    calls,
    outbox,
    events,
    messaging,
  });
  const requestedPort = options.port ?? DEFAULT_TWIN_PORT;
  const server = serve({ fetch: api.fetch, hostname: '127.0.0.1', port: requestedPort });
  await new Promise<void>((ready, fail) => {
    server.once('listening', ready);
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${requestedPort} on 127.0.0.1 is in use: pass another with --port (0 = any free port)`,
            )
          : error,
      ),
    );
  });
  const { port } = server.address() as AddressInfo;
  let stopped = false;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    outbox,
    events,
    connectContacts,
    customerTokenSecret,
    dynamoEndpoint: dynamo.endpoint,
    tableName,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((done) => server.close(() => done()));
      await dynamo.stop();
      await guardian.stop();
    },
  };
}
