import { randomUUID } from 'node:crypto';
import type { DeadLetters } from '../../lambdas/commons/dead-letters.ts';
import type { DomainEvent, EventPublisher } from '../../lambdas/domain/events/domain-event.ts';
import { compilePattern, type EventMatcher, validatePattern } from '../event-patterns/matcher.ts';
import {
  constructIdOf,
  type Handler,
  type LocalValue,
  localLambdaContext,
  resolveLocal,
  type Templates,
} from './lambda-runtime.ts';

/** An event as EventBridge delivers it. */
export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
}

/** A rule of the synthesized app, with its pattern resolved to local values. */
interface LocalRule {
  readonly name: string;
  readonly bus: string;
  readonly matches: EventMatcher;
  readonly targets: readonly QueueTarget[];
}

/** An SQS queue a rule sends to, and the function that polls it. */
interface QueueTarget {
  readonly queueUrl: string;
  readonly functionName: string;
  /** Receives before the queue moves a message to its DLQ (the redrive policy). */
  readonly maxReceiveCount: number;
  readonly deadLetterQueueUrl?: string;
}

export interface Delivery {
  readonly eventId: string;
  /** The rules that matched, by construct id. */
  readonly rules: readonly string[];
  /** Per target queue: handled, or in its dead-letter queue. */
  readonly results: readonly { readonly queueUrl: string; readonly result: 'processed' | 'dead-letter' }[];
}

export interface DeadLetter {
  readonly body: string;
  readonly reason: string;
  readonly at: string;
}

export interface EventRouterOptions {
  readonly templates: Templates;
  readonly localValue: LocalValue;
  readonly functions: ReadonlyMap<string, () => Promise<Handler>>;
  readonly account: string;
  readonly region: string;
}

/**
 * EventBridge and SQS as the synthesized app defines them, in this process: events put on a bus
 * go to the rules whose patterns match (the deployed patterns, matched by the same semantics), and
 * each rule's SQS target hands them to the function polling that queue, as one-message batches.
 * A message the function fails is received again up to the queue's maxReceiveCount, then lands in
 * the queue's dead-letter queue, where the functions' own dead letters (with their reason) go too.
 */
export class LocalEventRouter implements EventPublisher {
  /** Every event put on a bus, in order: what the app published. */
  readonly events: { readonly bus: string; readonly event: BusEvent }[] = [];
  readonly deadLetterQueues = new Map<string, DeadLetter[]>();
  private readonly rules: readonly LocalRule[];
  /** The app's own bus (`tsunagu-<stage>`): where its domain events go. */
  readonly appBus: string;

  constructor(private readonly o: EventRouterOptions) {
    this.rules = readRules(o.templates, o.localValue);
    const buses = [...o.templates.values()].flatMap((t) =>
      Object.values(t.Resources).flatMap((r) =>
        r.Type === 'AWS::Events::EventBus' ? [String(r.Properties?.Name)] : [],
      ),
    );
    if (buses.length !== 1)
      throw new Error(`expected the app to define one event bus, found ${buses.length}`);
    this.appBus = buses[0] as string;
  }

  /** Puts events on `bus` (default: the account's default bus) and delivers them. */
  async put(events: readonly BusEvent[], bus = 'default'): Promise<Delivery[]> {
    const deliveries: Delivery[] = [];
    for (const event of events) {
      this.events.push({ bus, event });
      const matched = this.rules.filter((r) => r.bus === bus && r.matches(event));
      const results = [];
      for (const rule of matched) {
        for (const target of rule.targets) results.push(await this.deliver(target, event));
      }
      deliveries.push({ eventId: event.id, rules: matched.map((r) => r.name), results });
    }
    return deliveries;
  }

  /** The app's domain events, onto its own bus (EventPublisher: what handlers publish through). */
  async publish(events: readonly DomainEvent[]): Promise<void> {
    await this.put(
      events.map((e) => this.envelope(e.source, e.type, e.detail, e.at)),
      this.appBus,
    );
  }

  /** A dead-letter queue by URL, for the functions that send to it themselves. */
  deadLetters(queueUrl: string): DeadLetters {
    return {
      send: async (body, reason) => {
        this.addDeadLetter(queueUrl, body, reason);
      },
    };
  }

  /** An event in EventBridge's envelope. */
  envelope(source: string, detailType: string, detail: unknown, time = new Date().toISOString()): BusEvent {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': detailType,
      source,
      account: this.o.account,
      time,
      region: this.o.region,
      resources: [],
      detail,
    };
  }

  private async deliver(target: QueueTarget, event: BusEvent) {
    const load = this.o.functions.get(target.functionName);
    if (!load) throw new Error(`no local function ${target.functionName} polls ${target.queueUrl}`);
    const handler = await load();
    const messageId = randomUUID();
    let reason = 'the function did not process it';
    for (let receive = 1; receive <= target.maxReceiveCount; receive++) {
      try {
        const response = (await handler(
          {
            Records: [
              {
                messageId,
                body: JSON.stringify(event),
                attributes: { ApproximateReceiveCount: String(receive) },
              },
            ],
          },
          localLambdaContext(target.functionName),
        )) as { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
        if (!response?.batchItemFailures?.some((f) => f.itemIdentifier === messageId)) {
          return { queueUrl: target.queueUrl, result: 'processed' as const };
        }
        reason = 'reported as failed by the function';
      } catch (error) {
        reason = `the function threw: ${(error as Error).message}`;
      }
    }
    this.addDeadLetter(
      target.deadLetterQueueUrl ?? `${target.queueUrl}-dlq`,
      JSON.stringify(event),
      `${reason} (${target.maxReceiveCount} receives)`,
    );
    return { queueUrl: target.queueUrl, result: 'dead-letter' as const };
  }

  private addDeadLetter(queueUrl: string, body: string, reason: string) {
    const list = this.deadLetterQueues.get(queueUrl) ?? [];
    list.push({ body, reason, at: new Date().toISOString() });
    this.deadLetterQueues.set(queueUrl, list);
  }
}

type Resource = { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> };

function readRules(templates: Templates, localValue: LocalValue): LocalRule[] {
  const rules: LocalRule[] = [];
  for (const [stack, template] of templates) {
    const resources = template.Resources as Record<string, Resource>;
    const resolve = (value: unknown, where: string) =>
      resolveLocal(value, stack, templates, localValue, where);
    const deep = (value: unknown, where: string): unknown => {
      if (Array.isArray(value)) return value.map((v) => deep(v, where));
      if (value === null || typeof value !== 'object') return value;
      const keys = Object.keys(value);
      if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]?.startsWith('Fn::')))
        return resolve(value, where);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v, where)]));
    };
    const getAttId = (value: unknown) => (value as { 'Fn::GetAtt'?: [string, string] })?.['Fn::GetAtt']?.[0];
    const refId = (value: unknown) => (value as { Ref?: string })?.Ref;

    for (const [id, rule] of Object.entries(resources)) {
      if (rule.Type !== 'AWS::Events::Rule') continue;
      const p = rule.Properties ?? {};
      const pattern = deep(p.EventPattern, `the pattern of rule ${id}`);
      validatePattern(pattern);
      const bus = p.EventBusName === undefined ? 'default' : resolve(p.EventBusName, `the bus of rule ${id}`);
      const targets: QueueTarget[] = [];
      for (const t of (p.Targets as { Arn: unknown }[] | undefined) ?? []) {
        const queueId = getAttId(t.Arn);
        const queue = queueId ? resources[queueId] : undefined;
        if (!queueId || queue?.Type !== 'AWS::SQS::Queue') continue;
        const mapping = Object.values(resources).find(
          (r) =>
            r.Type === 'AWS::Lambda::EventSourceMapping' &&
            getAttId(r.Properties?.EventSourceArn) === queueId,
        );
        const functionId = refId(mapping?.Properties?.FunctionName);
        const functionName = functionId ? constructIdOf(resources[functionId]) : undefined;
        if (!functionName) continue;
        const redrive = queue.Properties?.RedrivePolicy as {
          maxReceiveCount?: number;
          deadLetterTargetArn?: unknown;
        };
        const dlqId = getAttId(redrive?.deadLetterTargetArn);
        targets.push({
          queueUrl: resolve({ Ref: queueId }, `queue ${queueId}`),
          functionName,
          maxReceiveCount: redrive?.maxReceiveCount ?? 1,
          ...(dlqId ? { deadLetterQueueUrl: resolve({ Ref: dlqId }, `queue ${dlqId}`) } : {}),
        });
      }
      rules.push({ name: constructIdOf(rule) ?? id, bus, matches: compilePattern(pattern), targets });
    }
  }
  return rules;
}
