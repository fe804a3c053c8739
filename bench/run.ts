import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { DynamoCallerLookup } from '../lambdas/adapters/dynamodb/caller-lookup.ts';
import { DynamoProfileStore } from '../lambdas/adapters/dynamodb/profile-store.ts';
import { createDocumentClient } from '../lambdas/composition/dynamodb.ts';
import { CustomerService } from '../lambdas/domain/customer/customer-service.ts';
import { normalizePhone } from '../lambdas/domain/customer/phone.ts';
import { profilePolicy } from '../lib/config/profile-policy.ts';
import type { StageConfig } from '../lib/config/stage-config.ts';
import {
  dataTables,
  localTableName,
  localTableNameOf,
  profileTableDefinition,
  tableDefinitionFromTemplate,
} from '../lib/local/cloud-assembly.ts';
import {
  type DynamoDbLocal,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamoDbLocal,
} from '../lib/local/dynamodb-local.ts';
import { type Guardian, startGuardian } from '../lib/local/guardian.ts';
import { recordRequests } from '../lib/local/request-log.ts';
import { DEMO_CUSTOMERS, seedDemoCustomers } from '../lib/local/seed.ts';
import { ensureTable } from '../lib/local/table.ts';
import { lambdaFunctions, synthesizeBundled } from './assembly.ts';
import { type BundleSize, bundleSizes } from './bundles.ts';
import { type CallScenario, measureCalls } from './calls.ts';
import { type CliStart, measureCliStart } from './cli-start.ts';
import { type ColdInit, type Measurement, measureColdInit } from './cold-init.ts';
import { type FlowCorpus, validateCorpus } from './flow-corpus.ts';
import {
  type FlowValidationTiming,
  measureFlowValidation,
  measureSimulator,
  type SimulatorThroughput,
} from './flow-validation.ts';
import { firstLine, kb, num, renderTable } from './format.ts';
import { type Ap1Latency, measureAp1Latency } from './latency.ts';
import { measureMessaging, type PerOperation } from './messaging.ts';
import { ACCESS_PATTERN_BUDGETS, measureRequests, type OperationRequests } from './requests.ts';

// The AWS SDK's notice that it will need Node 22 from 2027 is noise here (the Lambdas run on Node 24).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const COLD_INIT_RUNS = 7;
const CLI_START_RUNS = 30;
const LOOKUPS = 1_000;
const CALLS = 200;
const WARM_UP = 50;
/** The deployed region: cold-init processes see it as AWS_REGION. */
const REGION = 'ap-northeast-1';
const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));

/** DynamoDB on-demand reads in ap-northeast-1 (price as of 2026). */
const READ_PRICE = { usdPerMillionRru: 0.1425, region: 'ap-northeast-1', asOf: '2026' } as const;
/** An eventually consistent read of an item up to 4 KB (GSI queries are always eventually consistent). */
const ASSUMED_RRU_PER_LOOKUP = 0.5;
const CONTACTS = 1_000;

interface CostEstimate {
  readonly contacts: number;
  readonly rruPerLookup: number;
  readonly rruSource: 'ConsumedCapacity reported by DynamoDB Local' | 'assumed';
  readonly usdPerMillionRru: number;
  readonly usd: number;
  readonly assumptions: readonly string[];
}

/**
 * Everything the clients and the emulator hold open, released whatever happens. The guardian owns
 * the work folder and DynamoDB Local: should the bench die without releasing them (SIGKILL), it
 * removes and stops them all the same.
 */
const resources: { guardian?: Guardian; dynamo?: DynamoDbLocal; clients: { destroy(): void }[] } = {
  clients: [],
};

async function release(): Promise<void> {
  for (const client of resources.clients.splice(0)) client.destroy();
  await resources.dynamo?.stop();
  await resources.guardian?.stop();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping DynamoDB Local`);
    void release().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const date = new Date();
  // Timings from a busy machine are not comparable with other runs; say so in the results.
  const loadAtStart = loadavg()[0] ?? 0;
  resources.guardian = await startGuardian({ prefix: 'tsunagu-bench-' });
  const workDir = resources.guardian.root;

  progress('synthesizing the app with bundling…');
  const assembly = synthesizeBundled(join(workDir, 'assembly'));
  const functions = lambdaFunctions(assembly);
  const bundles = bundleSizes(functions);

  progress(`cold init: ${COLD_INIT_RUNS} timed fresh node processes per variant, after one untimed…`);
  const coldInit = await measureColdInit(functions, {
    runs: COLD_INIT_RUNS,
    region: REGION,
    workDir,
  });

  progress('starting DynamoDB Local…');
  resources.dynamo = await startDynamoDbLocal({ guardian: resources.guardian });
  progress(`DynamoDB Local pid ${resources.dynamo.pid} on ${resources.dynamo.endpoint}`);
  const clientConfig = {
    endpoint: resources.dynamo.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  };
  const { config } = assembly;
  const tableName = localTableName(config.stage);
  const admin = new DynamoDBClient(clientConfig);
  resources.clients.push(admin);
  await ensureTable(admin, profileTableDefinition(assembly, tableName));
  const idempotencyTableName = localTableNameOf(tableName, 'Idempotency');
  const [idempotencyTable] = dataTables(assembly).filter((t) => t.constructId === 'Idempotency');
  if (!idempotencyTable) throw new Error('the data stack has no Idempotency table');
  await ensureTable(admin, tableDefinitionFromTemplate(idempotencyTable.properties, idempotencyTableName));

  const documentClient = (): DynamoDBDocumentClient => {
    const client = createDocumentClient(clientConfig);
    resources.clients.push(client);
    return client;
  };
  const service = (profiles: DynamoProfileStore) =>
    new CustomerService({ profiles, policy: profilePolicy(config), clock: () => new Date(), newId: ulid });
  const seeded = await seedDemoCustomers(service(new DynamoProfileStore(documentClient(), tableName)), date);

  progress(`AP1 latency: ${WARM_UP} warm-up + ${num(LOOKUPS)} lookups…`);
  const lookupClient = documentClient();
  const lookupRequests = recordRequests(lookupClient);
  const latency = await measureAp1Latency({
    lookup: new DynamoCallerLookup(lookupClient, tableName),
    requests: lookupRequests,
    tableName,
    callers: DEMO_CUSTOMERS.map((d) => normalizePhone(String(d.profile.phone), config.phoneRegion)),
    lookups: LOOKUPS,
    warmUp: WARM_UP,
    defaultLanguage: config.locale.default.slice(0, 2),
  });

  progress('DynamoDB requests per operation…');
  const countedClient = documentClient();
  const countedStore = new DynamoProfileStore(countedClient, tableName);
  const requests = await measureRequests({
    customers: service(countedStore),
    profiles: countedStore,
    log: recordRequests(countedClient, { consumedCapacity: true }),
  });

  progress(`whole calls: ${CALLS} simulated calls and surveys with the real handlers…`);
  const callClient = documentClient();
  const seededService = service(new DynamoProfileStore(documentClient(), tableName));
  const callers = [];
  for (const demo of DEMO_CUSTOMERS) {
    const phone = normalizePhone(String(demo.profile.phone), config.phoneRegion);
    const customer = await seededService.findByPhone(phone);
    if (customer) callers.push({ phone, customerId: customer.id });
  }
  const calls = await measureCalls({
    client: callClient,
    requests: recordRequests(callClient),
    tableName,
    callers,
    runs: CALLS,
  });

  progress('requests per contact event and per message sent…');
  const messagingClient = documentClient();
  const idempotencyClient = new DynamoDBClient(clientConfig);
  resources.clients.push(idempotencyClient);
  // The send-message module reads its configuration at import, as in Lambda.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    IDEMPOTENCY_TABLE_NAME: idempotencyTableName,
    UNSUBSCRIBE_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:bench',
    UNSUBSCRIBE_URL: 'https://api.tsunagu.test/unsubscribe',
    SMS_ORIGINATION: config.sms.originationIdentity,
    EMAIL_FROM: config.email.senderAddress,
    EMAIL_CONFIGURATION_SET: 'bench',
  });
  const messaging = await measureMessaging({
    client: messagingClient,
    requests: recordRequests(messagingClient),
    idempotency: {
      client: idempotencyClient,
      requests: recordRequests(idempotencyClient),
      tableName: idempotencyTableName,
    },
    tableName,
    customerIds: callers.map((c) => c.customerId),
    runs: 50,
  });

  progress('flow validation of a generated 250-action flow…');
  const flowValidation = measureFlowValidation();
  progress('simulator throughput on the same flow…');
  const simulator = await measureSimulator();
  progress('flow corpus: every wild and real-world fixture flow…');
  const flowCorpus = validateCorpus();
  progress(`CLI start: ${CLI_START_RUNS} runs each of the compiled \`flow validate\` and \`node -e 0\`…`);
  const cliStart = await measureCliStart({ workDir, runs: CLI_START_RUNS });

  const cost = ivrLookupCost(requests);
  const overBudget = [
    ...(simulator.belowTarget
      ? [`simulator: ${num(simulator.stepsPerSecond)} steps/s, target over ${num(simulator.target)}`]
      : []),
    ...(cliStart.overBudget
      ? [
          `CLI start: flow validate of ${cliStart.actions} actions ${num(cliStart.measurements[0]?.ratio ?? Number.NaN, 2)}× node -e 0, budget ${cliStart.budgetRatio}×`,
        ]
      : []),
    ...(flowValidation.overBudget
      ? [
          `flow validation: ${num(flowValidation.medianMs, 2)} ms for ${flowValidation.actions} actions, budget ${flowValidation.budgetMs} ms`,
        ]
      : []),
    ...requests
      .filter((r) => r.overBudget)
      .map((r) => `${r.operation}: ${r.requests} requests, budget ${r.budget}`),
    ...messaging
      .filter((m) => m.overBudget)
      .map((m) => `${m.operation}: ${num(m.requestsPerOperation, 2)} requests, budget ${m.budget}`),
    ...calls
      .filter((c) => c.overBudget)
      .map((c) => `${c.scenario}: ${num(c.requestsPerCall, 2)} requests per call, budget ${c.budget}`),
    // A bundle that cannot even be imported would fail its first invocation in Lambda.
    ...coldInit.functions
      .filter((f) => 'error' in f.asDeployed)
      .map((f) => `${f.function}: the bundle does not import (cold init failed)`),
    ...(latency.requestsPerLookup > ACCESS_PATTERN_BUDGETS.AP1
      ? [
          `AP1 customer-context handler: ${num(latency.requestsPerLookup, 2)} requests per lookup, budget ${ACCESS_PATTERN_BUDGETS.AP1}`,
        ]
      : []),
  ];
  const runTimeMs = performance.now() - started;

  const results = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: availableParallelism(),
    loadAverageAtStart: loadAtStart,
    date: date.toISOString(),
    runTimeMs,
    stage: config.stage,
    bundles,
    coldInit,
    ap1Latency: { ...latency, seededCustomers: seeded, target: 'DynamoDB Local' },
    requests,
    calls,
    messaging,
    flowValidation,
    simulator,
    flowCorpus,
    cliStart,
    cost,
    overBudget,
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, roundFloats, 2)}\n`);

  console.log(
    report({
      config,
      bundles,
      coldInit,
      latency,
      requests,
      calls,
      messaging,
      flowValidation,
      simulator,
      flowCorpus,
      cliStart,
      cost,
      overBudget,
      runTimeMs,
      date: results.date,
      loadAtStart,
    }),
  );
  if (overBudget.length > 0) process.exitCode = 1;
}

function ivrLookupCost(requests: readonly OperationRequests[]): CostEstimate {
  const measured = requests.find((r) => r.accessPattern === 'AP1')?.capacityUnits ?? 0;
  const rruPerLookup = measured > 0 ? measured : ASSUMED_RRU_PER_LOOKUP;
  return {
    contacts: CONTACTS,
    rruPerLookup,
    rruSource: measured > 0 ? 'ConsumedCapacity reported by DynamoDB Local' : 'assumed',
    usdPerMillionRru: READ_PRICE.usdPerMillionRru,
    usd: (CONTACTS * rruPerLookup * READ_PRICE.usdPerMillionRru) / 1_000_000,
    assumptions: [
      `on-demand table in ${READ_PRICE.region} at $${READ_PRICE.usdPerMillionRru} per million read request units (${READ_PRICE.asOf} price)`,
      'one AP1 lookup (Query on byPhone, Limit 1) per contact',
      `profile item up to 4 KB read eventually consistent = ${ASSUMED_RRU_PER_LOOKUP} RRU`,
      'DynamoDB reads only: not Lambda, Connect, the writes after the contact, storage or streams',
    ],
  };
}

interface Report {
  readonly config: StageConfig;
  readonly bundles: readonly BundleSize[];
  readonly coldInit: ColdInit;
  readonly latency: Ap1Latency;
  readonly requests: readonly OperationRequests[];
  readonly calls: readonly CallScenario[];
  readonly messaging: readonly PerOperation[];
  readonly flowValidation: FlowValidationTiming;
  readonly simulator: SimulatorThroughput;
  readonly flowCorpus: FlowCorpus;
  readonly cliStart: CliStart;
  readonly cost: CostEstimate;
  readonly overBudget: readonly string[];
  readonly runTimeMs: number;
  readonly date: string;
  readonly loadAtStart: number;
}

function report(r: Report): string {
  const cpus = availableParallelism();
  const busy = r.loadAtStart > cpus / 2;
  const initRow = (label: string, m: Measurement): string[] =>
    'medianMs' in m
      ? [
          label,
          num(m.medianMs, 1),
          m.minusBaselineMs === undefined ? '' : num(m.minusBaselineMs, 1),
          num(Math.min(...m.samplesMs), 1),
          num(Math.max(...m.samplesMs), 1),
        ]
      : [label, 'failed', firstLine(m.error), '', ''];
  const l = r.latency;
  const c = r.cost;
  return [
    `tsunagu bench · stage ${r.config.stage} · node ${process.version} (${process.platform} ${process.arch}, ${cpus} CPUs) · ${r.date}`,
    `load average at start ${num(r.loadAtStart, 2)}${busy ? ' — BUSY MACHINE: timings below are not comparable with a quiet run' : ''}`,
    '',
    'Bundle size per function (index.mjs as synthesized with bundling; source map not counted)',
    renderTable(
      [
        { header: 'function', align: 'left' },
        { header: 'stack', align: 'left' },
        { header: 'bytes' },
        { header: 'KB' },
        { header: 'gzip KB' },
      ],
      r.bundles.map((b) => [b.function, b.stack, num(b.bytes), kb(b.bytes), kb(b.gzipBytes)]),
    ),
    '',
    `Cold init: import() of index.mjs in a fresh node ${process.version} process, median of ${r.coldInit.runs} after one untimed run (bundles target node24)`,
    renderTable(
      [
        { header: 'function', align: 'left' },
        { header: 'median ms' },
        { header: '- baseline' },
        { header: 'min' },
        { header: 'max' },
      ],
      [
        initRow('baseline: empty module', r.coldInit.baseline),
        ...r.coldInit.functions.flatMap((f) => [
          initRow(f.function, f.asDeployed),
          ...(f.withoutSourceMaps
            ? [initRow(`${f.function} without --enable-source-maps`, f.withoutSourceMaps)]
            : []),
        ]),
      ],
    ),
    '',
    `AP1 latency: customer-context handler → DynamoDB Local, ${num(l.lookups)} sequential lookups of ${l.callers} seeded callers after ${l.warmUp} warm-up`,
    renderTable(
      ['p50 ms', 'p95 ms', 'p99 ms', 'mean ms', 'max ms', 'lookups/s', 'requests/lookup'].map((header) => ({
        header,
      })),
      [
        [
          num(l.p50Ms, 2),
          num(l.p95Ms, 2),
          num(l.p99Ms, 2),
          num(l.meanMs, 2),
          num(l.maxMs, 2),
          num(l.lookupsPerSecond, 0),
          num(l.requestsPerLookup, 2),
        ],
      ],
    ),
    'DynamoDB Local on this machine, not DynamoDB: compare runs with each other, not with production.',
    '',
    'DynamoDB requests per operation (budgets: lambdas/domain/customer/profile-store.ts; CU: capacity units as DynamoDB Local reports them)',
    renderTable(
      [
        { header: 'operation', align: 'left' },
        { header: 'requests' },
        { header: 'budget' },
        { header: 'status', align: 'left' },
        { header: 'CU (local)' },
        { header: 'commands', align: 'left' },
      ],
      r.requests.map((o) => [
        o.operation,
        String(o.requests),
        o.budget === undefined ? '—' : String(o.budget),
        o.budget === undefined ? '' : o.overBudget ? 'OVER BUDGET' : 'ok',
        num(o.capacityUnits, 1),
        o.commands.join(', '),
      ]),
    ),
    '',
    'Whole calls: the project flows run by the simulator with the real handlers on DynamoDB Local (in process)',
    renderTable(
      [
        { header: 'scenario', align: 'left' },
        { header: 'runs' },
        { header: 'p50 ms' },
        { header: 'p99 ms' },
        { header: 'requests/call' },
        { header: 'budget' },
        { header: 'status', align: 'left' },
        { header: 'commands', align: 'left' },
      ],
      r.calls.map((c) => [
        c.description,
        String(c.runs),
        num(c.p50Ms, 2),
        num(c.p99Ms, 2),
        num(c.requestsPerCall, 2),
        String(c.budget),
        c.overBudget ? 'OVER BUDGET' : 'ok',
        c.commands.join(', '),
      ]),
    ),
    '',
    'Omnichannel: DynamoDB requests per contact event and per message sent (DynamoDB Local)',
    renderTable(
      [
        { header: 'operation', align: 'left' },
        { header: 'runs' },
        { header: 'requests' },
        { header: 'budget' },
        { header: 'status', align: 'left' },
        { header: 'commands', align: 'left' },
      ],
      r.messaging.map((m) => [
        m.description,
        String(m.runs),
        num(m.requestsPerOperation, 2),
        String(m.budget),
        m.overBudget ? 'OVER BUDGET' : 'ok',
        m.commands.join(', '),
      ]),
    ),
    '',
    `Flow validation: a generated ${r.flowValidation.actions}-action flow, ${r.flowValidation.runs} runs after warm-up`,
    renderTable(
      [
        { header: 'median ms' },
        { header: 'p95 ms' },
        { header: 'budget ms' },
        { header: 'status', align: 'left' },
      ],
      [
        [
          num(r.flowValidation.medianMs, 2),
          num(r.flowValidation.p95Ms, 2),
          String(r.flowValidation.budgetMs),
          r.flowValidation.overBudget ? 'OVER BUDGET' : 'ok',
        ],
      ],
    ),
    '',
    `Simulator: the same flow end to end, ${r.simulator.runs} runs of ${num(r.simulator.stepsPerRun)} steps`,
    renderTable(
      [{ header: 'steps/s' }, { header: 'target' }, { header: 'status', align: 'left' }],
      [
        [
          num(r.simulator.stepsPerSecond),
          `≥ ${num(r.simulator.target)}`,
          r.simulator.belowTarget ? 'BELOW TARGET' : 'ok',
        ],
      ],
    ),
    '',
    `Flow corpus: every fixture flow validated under its type (test/fixtures/connect-flows), ${num(r.flowCorpus.ms, 0)} ms in all`,
    renderTable(
      [
        { header: 'folder', align: 'left' },
        { header: 'files' },
        { header: 'actions' },
        { header: 'errors' },
        { header: 'warnings' },
      ],
      r.flowCorpus.folders.map((f) => [
        f.folder,
        String(f.files),
        num(f.actions),
        String(f.errors),
        String(f.warnings),
      ]),
    ),
    `  corpus totals: ${r.flowCorpus.files} files, ${r.flowCorpus.errors} errors, ${r.flowCorpus.warnings} warnings`,
    '',
    cliStartSection(r.cliStart),
    '',
    `Cost estimate: DynamoDB part of the IVR lookup (AP1), per ${num(c.contacts)} contacts`,
    `  ${c.rruPerLookup} RRU per lookup (${c.rruSource}) × ${num(c.contacts)} = ${num(c.rruPerLookup * c.contacts)} RRU × $${c.usdPerMillionRru} per million = $${c.usd.toPrecision(3)}`,
    ...c.assumptions.map((a) => `  assumes ${a}`),
    '',
    r.overBudget.length === 0
      ? 'Budgets: every access pattern within budget.'
      : ['OVER BUDGET (exit code 1):', ...r.overBudget.map((o) => `  ${o}`)].join('\n'),
    `Run time ${num(r.runTimeMs / 1000, 1)} s; figures in bench/results.json.`,
  ].join('\n');
}

function cliStartSection(c: CliStart): string {
  const [checked] = c.measurements;
  return [
    `CLI start: whole processes, wall time, ${c.runs} runs each, alternating, after warm-up (dist/tsunagu.cjs, rebuilt as \`npm run build\` does)`,
    renderTable(
      [
        { header: 'process', align: 'left' },
        { header: 'environment', align: 'left' },
        { header: 'median ms' },
        { header: 'p90 ms' },
        { header: 'ratio' },
        { header: 'budget' },
        { header: 'status', align: 'left' },
      ],
      c.measurements.flatMap((m) => [
        ['node -e 0', m.environment, num(m.node.medianMs, 1), num(m.node.p90Ms, 1), '1.00', '', ''],
        [
          `CLI start: flow validate (${c.actions} actions)`,
          m.environment,
          num(m.cli.medianMs, 1),
          num(m.cli.p90Ms, 1),
          num(m.ratio, 2),
          m === checked ? `≤ ${c.budgetRatio}` : '',
          m === checked ? (c.overBudget ? 'OVER BUDGET' : 'ok') : '',
        ],
      ]),
    ),
    `  environment clean: without NODE_EXTRA_CA_CERTS and NODE_OPTIONS, which add a fixed start-up cost to every node process${
      c.startUpVariables.length > 0
        ? `; inherited: as this bench runs, with ${c.startUpVariables.join(', ')} (not budgeted: it flatters the ratio)`
        : ''
    }`,
  ].join('\n');
}

/** results.json keeps six significant digits: enough to compare runs, no float noise. */
function roundFloats(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(6)) : value;
}

try {
  await main();
} catch (error) {
  console.error('bench failed:', error);
  process.exitCode = 1;
} finally {
  await release();
}
