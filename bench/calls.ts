import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCallerLookup } from '../lambdas/adapters/dynamodb/caller-lookup.ts';
import { DynamoProfileStore } from '../lambdas/adapters/dynamodb/profile-store.ts';
import { DynamoSurveyStore } from '../lambdas/adapters/dynamodb/survey-store.ts';
import { SmsOutbox } from '../lambdas/adapters/sms/senders.ts';
import { createLogger } from '../lambdas/commons/logger.ts';
import { IvrActivities } from '../lambdas/domain/contact/ivr-activity.ts';
import { EXAMPLE_REFS } from '../lib/connect/flows/refs.ts';
import { projectSimulationFlows, simulationWorld } from '../lib/connect/flows/simulation.ts';
import { type LambdaHandler, simulate } from '../lib/flow-language/simulator.ts';
import type { RequestLog } from '../lib/local/request-log.ts';
import { percentile } from './stats.ts';

/** DynamoDB requests a call may send: AP1 (1) + the IVR choice on the timeline (1 read + 1 transaction). */
export const CALL_REQUEST_BUDGETS = { routedCall: 3, survey: 9 } as const;

export interface CallScenario {
  readonly scenario: keyof typeof CALL_REQUEST_BUDGETS;
  readonly description: string;
  readonly runs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requestsPerCall: number;
  readonly budget: number;
  readonly overBudget: boolean;
  readonly commands: readonly string[];
}

export interface CallBenchOptions {
  readonly client: DynamoDBDocumentClient;
  readonly requests: RequestLog;
  readonly tableName: string;
  /** E.164 numbers of seeded customers and their ids, used in turn. */
  readonly callers: readonly { readonly phone: string; readonly customerId: string }[];
  readonly runs: number;
}

/**
 * Whole calls, in process: the project's flows (as deployed, with example ARNs) run by the
 * simulator with the real handlers on DynamoDB Local. A routed call (known caller, presses 2:
 * context lookup, the choice on the timeline) and the post-call survey (start + three answers).
 */
export async function measureCalls(o: CallBenchOptions): Promise<CallScenario[]> {
  const modules = await importHandlers(o.tableName);
  const logger = createLogger('bench');
  logger.setLogLevel('CRITICAL');
  const clock = () => new Date();
  const profiles = new DynamoProfileStore(o.client, o.tableName);
  const lambdas: Record<string, { handler: LambdaHandler }> = {
    'tsunagu-dev-customer-context': {
      handler: modules.context.makeHandler({
        callers: new DynamoCallerLookup(o.client, o.tableName),
        logger,
        clock,
        defaultLanguage: 'ja',
      }) as unknown as LambdaHandler,
    },
    'tsunagu-dev-ivr-activity': {
      handler: modules.activity.makeHandler({
        activities: new IvrActivities({ profiles, sms: new SmsOutbox() }),
        logger,
        clock,
        defaultLanguage: 'ja',
      }) as unknown as LambdaHandler,
    },
    'tsunagu-dev-survey-answer': {
      handler: modules.survey.makeHandler({
        surveys: new DynamoSurveyStore(o.client, o.tableName, profiles),
        logger,
        clock,
      }) as unknown as LambdaHandler,
    },
  };
  const flows = projectSimulationFlows(EXAMPLE_REFS);
  const world = simulationWorld(EXAMPLE_REFS, 'Asia/Tokyo');
  const at = nextWeekday10();

  const scenario = async (
    name: CallScenario['scenario'],
    description: string,
    run: (i: number) => Promise<unknown>,
  ): Promise<CallScenario> => {
    for (let i = 0; i < 5; i++) await run(i);
    o.requests.reset();
    const samples: number[] = [];
    for (let i = 0; i < o.runs; i++) {
      const t0 = performance.now();
      await run(i);
      samples.push(performance.now() - t0);
    }
    const requestsPerCall = o.requests.count / o.runs;
    const budget = CALL_REQUEST_BUDGETS[name];
    return {
      scenario: name,
      description,
      runs: o.runs,
      p50Ms: percentile(samples, 50),
      p99Ms: percentile(samples, 99),
      requestsPerCall,
      budget,
      overBudget: requestsPerCall > budget,
      commands: [...new Set(o.requests.operations)],
    };
  };
  const caller = (i: number) => o.callers[i % o.callers.length] as { phone: string; customerId: string };

  return [
    await scenario(
      'routedCall',
      'known caller in hours presses 2 (billing): main IVR to the queue',
      async (i) => {
        const result = await simulate({
          flows,
          entry: 'main-inbound',
          from: caller(i).phone,
          inputs: ['2', '2'],
          at,
          contactId: crypto.randomUUID(),
          lambdas,
          ...world,
          holdSeconds: 0,
        });
        if (result.outcome.kind !== 'queued')
          throw new Error(`bench call ended ${JSON.stringify(result.outcome)}`);
      },
    ),
    await scenario('survey', 'post-call survey: start and three answers saved', async (i) => {
      const result = await simulate({
        flows,
        entry: 'post-call-survey',
        from: caller(i).phone,
        inputs: ['4', '9', '1'],
        at,
        contactId: crypto.randomUUID(),
        attributes: { customerId: caller(i).customerId, language: 'ja' },
        lambdas,
        ...world,
      });
      if (result.outcome.kind !== 'disconnected')
        throw new Error(`bench survey ended ${result.outcome.kind}`);
    }),
  ];
}

/** Next Tuesday 10:00 in Tokyo: inside business hours whatever day the bench runs. */
function nextWeekday10(): Date {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + ((9 - d.getUTCDay()) % 7 || 7));
  d.setUTCHours(1, 0, 0, 0);
  return d;
}

/** The handler modules parse their environment at import, as in Lambda: give them the table first. */
async function importHandlers(tableName: string) {
  const previous = process.env.TABLE_NAME;
  process.env.TABLE_NAME = tableName;
  try {
    return {
      context: await import('../lambdas/handlers/customer-context.ts'),
      activity: await import('../lambdas/handlers/ivr-activity.ts'),
      survey: await import('../lambdas/handlers/survey-answer.ts'),
    };
  } finally {
    if (previous === undefined) delete process.env.TABLE_NAME;
    else process.env.TABLE_NAME = previous;
  }
}
