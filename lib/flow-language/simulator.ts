import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Condition, FlowAction, FlowDocument, ParameterValue } from './model.ts';

/**
 * Runs flow-language JSON for one contact, deterministically and offline: a scripted customer,
 * a clock with hours of operation, queue metrics, Lambda functions (real handlers in-process or
 * canned responses), event hooks (the customer queue flow plays while the caller waits, the agent
 * answers and hangs up, so the disconnect flow runs) and the contact events Amazon Connect would
 * emit. No AWS SDK, no network.
 */

// ------------------------------------------------------------------ inputs

export type Channel = 'VOICE' | 'CHAT';

/** Weekly hours in a time zone: day → [start, end) as HH:MM; a missing day is closed. */
export interface HoursOfOperation {
  readonly timeZone: string;
  readonly days: Partial<
    Record<'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN', readonly [string, string]>
  >;
}

export interface QueueState {
  /** The queue's configured name (`billing`), reported as `outcome.queueName`. */
  readonly name: string;
  readonly hours?: string;
  readonly contactsInQueue?: number;
  readonly oldestContactAgeSeconds?: number;
  readonly agentsAvailable?: number;
  readonly agentsStaffed?: number;
  readonly agentsOnline?: number;
  /** Transfers fail with QueueAtCapacity. */
  readonly atCapacity?: boolean;
}

export type LambdaHandler = (event: ContactFlowEvent, context: LambdaContext) => Promise<unknown> | unknown;

/** What a Lambda the flow invokes does: a real handler, a canned response, or a failure. */
export type LambdaBehaviour =
  | { readonly handler: LambdaHandler }
  | { readonly response: unknown; readonly delaySeconds?: number }
  /** One canned response per call, in order; the last one repeats. */
  | { readonly responses: readonly unknown[] }
  | { readonly error: string };

export interface SimulationFlow {
  readonly flow: FlowDocument;
  /** Names it is referred by: id, ARN, readable name. */
  readonly names: readonly string[];
}

export interface AgentScript {
  /** Agent shown in whisper flows and contact events. */
  readonly firstName?: string;
  readonly arn?: string;
  /**
   * Seconds from being queued to the agent answering; the customer queue flow plays until then.
   * @default 30
   */
  readonly answerAfterSeconds?: number;
  /** Seconds of conversation before the agent hangs up. @default 120 */
  readonly talkSeconds?: number;
}

export interface SimulationOptions {
  /** Every flow and module the contact may reach (TransferToFlow, event hooks, modules). */
  readonly flows: readonly SimulationFlow[];
  /** Name of the flow the contact enters. */
  readonly entry: string;
  readonly from: string;
  readonly to?: string;
  readonly channel?: Channel;
  /** Customer input in order: DTMF digits per GetParticipantInput (`1`, `0312345678`), `timeout`, or chat text. */
  readonly inputs?: readonly string[];
  /** When the contact starts. @default 2026-01-05T01:00:00Z (a Monday, 10:00 in Tokyo) */
  readonly at?: Date;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly lambdas?: Readonly<Record<string, LambdaBehaviour>>;
  readonly hours?: Readonly<Record<string, HoursOfOperation>>;
  readonly queues?: Readonly<Record<string, QueueState>>;
  /** Present: after the contact is queued an agent answers and then hangs up. */
  readonly agent?: AgentScript;
  /**
   * Seconds the caller waits in queue when no `agent` is scripted: the customer queue flow
   * (CustomerQueue hook) runs until then, and the result stays `queued`. With an `agent`, the wait
   * is `agent.answerAfterSeconds` and this is ignored. Either way the queue flow stops at the first
   * step that starts once the wait is over.
   * @default 60
   */
  readonly holdSeconds?: number;
  readonly contactId?: string;
  readonly instanceArn?: string;
  /** Ends an endless loop as an `error` outcome. @default 1000 */
  readonly maxSteps?: number;
  /** Seed for DistributeByPercentage. @default 1 */
  readonly seed?: number;
  /**
   * Asked for the customer's next input when `inputs` has run out at an input block: an
   * interactive phone. Resolve to digits, `timeout` or undefined (a timeout). @default none: a timeout
   */
  readonly readInput?: () => Promise<string | undefined>;
  /** Called with the events so far, in order, before each `readInput` and once at the end. */
  readonly onEvents?: (events: readonly SimulationEvent[]) => void;
  /**
   * What a Lambda handler's time limit is measured by: real time, since a handler runs real code
   * (the contact's own clock, `at`, moves only with the flow). A test gives one it moves itself.
   * @default the process's timers and `performance.now()`
   */
  readonly handlerTimer?: HandlerTimer;
}

/** Time for the Lambda time limit: a clock, and a timer that can be cancelled. */
export interface HandlerTimer {
  /** Milliseconds since a fixed point. */
  now(): number;
  /** Calls `done` once `ms` have passed; the function returned cancels it. */
  after(ms: number, done: () => void): () => void;
}

// ------------------------------------------------------------------ outputs

export type Outcome =
  | { readonly kind: 'queued'; readonly queue: string; readonly queueName?: string }
  | {
      readonly kind: 'callback';
      readonly queue?: string;
      readonly queueName?: string;
      readonly number: string;
    }
  | { readonly kind: 'disconnected'; readonly reason?: string }
  | { readonly kind: 'ended' }
  | { readonly kind: 'error'; readonly reason: string };

export type SimulationEvent =
  | { readonly type: 'flow'; readonly flow: string }
  | { readonly type: 'prompt'; readonly text: string; readonly to?: 'agent' }
  | { readonly type: 'input'; readonly digits: string }
  | { readonly type: 'timeout' }
  | {
      readonly type: 'lambda';
      readonly function: string;
      readonly parameters: Record<string, string>;
      readonly response?: unknown;
      readonly error?: string;
    }
  | { readonly type: 'attributes'; readonly set: Record<string, string> }
  | { readonly type: 'queue'; readonly queue: string; readonly queueName?: string }
  | { readonly type: 'priority'; readonly priority: number }
  | { readonly type: 'language'; readonly languageCode: string }
  | { readonly type: 'voice'; readonly voice: string; readonly engine?: string }
  | { readonly type: 'hook'; readonly hook: string; readonly flow: string }
  /**
   * The customer queue flow (CustomerQueue hook) while the caller waits in `queue`: `started`;
   * `interrupted` when the wait ran out mid-flow (the agent answers, or the hold ends); `ended` when
   * the flow finished first (EndFlowExecution, a disconnect, or a transfer to another queue).
   */
  | {
      readonly type: 'queue-flow';
      readonly event: 'started' | 'interrupted' | 'ended';
      readonly flow: string;
      readonly queue: string;
      /** Seconds since the contact entered `queue`. */
      readonly waitedSeconds: number;
    }
  | { readonly type: 'callback'; readonly number: string; readonly queue?: string }
  | {
      readonly type: 'error-branch';
      readonly action: string;
      readonly error: string;
      readonly handled: boolean;
    }
  | { readonly type: 'agent'; readonly event: 'connected' | 'hung-up' }
  | { readonly type: 'disconnect' }
  | { readonly type: 'unsupported'; readonly action: string; readonly actionType: string };

export interface SimulationResult {
  readonly contactId: string;
  readonly outcome: Outcome;
  readonly attributes: Record<string, string>;
  readonly events: readonly SimulationEvent[];
  readonly contactEvents: readonly ContactEvent[];
  readonly steps: number;
}

/** The documented ContactFlowEvent a flow's Lambda receives. */
export interface ContactFlowEvent {
  readonly Name: 'ContactFlowEvent';
  readonly Details: {
    readonly ContactData: Record<string, unknown>;
    readonly Parameters: Record<string, string>;
  };
}

export interface LambdaContext {
  readonly functionName: string;
  readonly awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

/** Amazon Connect contact event on EventBridge (default bus). */
export interface ContactEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': 'Amazon Connect Contact Event';
  readonly source: 'aws.connect';
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
}

// ------------------------------------------------------------------ the run

const DEFAULT_INSTANCE =
  'arn:aws:connect:ap-northeast-1:111122223333:instance/9f6c6c39-6e31-4d52-9d0b-1e7c7d6a0b0e';
const DEFAULT_AT = new Date('2026-01-05T01:00:00Z');
const LAMBDA_LIMIT_SECONDS = 8;
const TIMED_OUT = Symbol('timed out');
const REAL_TIME: HandlerTimer = {
  now: () => performance.now(),
  after: (ms, done) => {
    const timer = setTimeout(done, ms);
    return () => clearTimeout(timer);
  },
};
/** Contact attributes may hold 32,768 UTF-8 bytes in all; an update past it fails whole. */
const ATTRIBUTES_LIMIT_BYTES = 32_768;
const DEFAULT_ANSWER_AFTER_SECONDS = 30;
const DEFAULT_HOLD_SECONDS = 60;

class Stop extends Error {
  constructor(readonly outcome: Outcome) {
    super(outcome.kind);
  }
}

/** The caller's wait in queue is over: the customer queue flow stops wherever it is. */
class QueueWaitOver extends Error {
  constructor() {
    super('the wait in queue is over');
  }
}

type Queued = Extract<Outcome, { kind: 'queued' }>;

/** One running flow: loop counters are per flow run. */
interface Frame {
  readonly flow: SimulationFlow;
  readonly name: string;
  readonly loops: Map<string, number>;
  /** $.FlowAttributes: live for this flow run only. */
  readonly flowAttributes: Map<string, string>;
}

export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  return new Simulation(options).run();
}

class Simulation {
  private readonly events: SimulationEvent[] = [];
  private readonly contactEvents: ContactEvent[] = [];
  private readonly attributes: Record<string, string>;
  private readonly inputs: string[];
  private readonly channel: Channel;
  private readonly contactId: string;
  private readonly instanceArn: string;
  private readonly hooks = new Map<string, string>();
  private readonly start: Date;
  private clock: number;
  private steps = 0;
  private external: Record<string, unknown> = {};
  private stored: string | undefined;
  private lexIntent: string | undefined;
  private languageCode = 'en-US';
  private voice = 'Joanna';
  private workingQueue: string | undefined;
  private callbackNumber: string | undefined;
  private callback: { number: string; queue?: string } | undefined;
  private metrics: Record<string, unknown> = {};
  private random: () => number;
  private agentConnected = false;
  private connectedToAgentAt: number | undefined;
  private queuedAt: number | undefined;
  private queued: string | undefined;
  /** While the customer queue flow runs: the clock time at which it is interrupted. */
  private queueFlowUntil: number | undefined;
  private readonly lambdaCalls = new Map<string, number>();
  /** Flows running now, innermost last (a module runs inside its caller). */
  private readonly frames: Frame[] = [];

  constructor(private readonly o: SimulationOptions) {
    this.attributes = { ...o.attributes };
    this.inputs = [...(o.inputs ?? [])];
    this.channel = o.channel ?? 'VOICE';
    this.contactId = o.contactId ?? 'c0ffee00-0000-4000-8000-000000000001';
    this.instanceArn = o.instanceArn ?? DEFAULT_INSTANCE;
    this.start = o.at ?? DEFAULT_AT;
    this.clock = this.start.getTime();
    this.random = seeded(o.seed ?? 1);
  }

  async run(): Promise<SimulationResult> {
    this.contactEvent('INITIATED');
    let outcome: Outcome;
    try {
      const entry = this.findFlow(this.o.entry);
      if (!entry) throw new Stop({ kind: 'error', reason: `no flow named ${this.o.entry}` });
      outcome = await this.runFlow(entry, this.o.entry);
    } catch (error) {
      outcome = error instanceof Stop ? error.outcome : { kind: 'error', reason: (error as Error).message };
    }
    if (outcome.kind === 'queued') {
      try {
        outcome = await this.waitInQueue(outcome);
        if (outcome.kind === 'queued' && this.o.agent) outcome = await this.agentAnswersAndHangsUp(outcome);
      } catch (error) {
        outcome = error instanceof Stop ? error.outcome : { kind: 'error', reason: (error as Error).message };
      }
    }
    if (outcome.kind !== 'queued') this.contactEvent('DISCONNECTED');
    if (outcome.kind === 'disconnected' && this.callback) {
      const queueName = this.callback.queue ? this.queueName(this.callback.queue) : undefined;
      outcome = {
        kind: 'callback',
        number: this.callback.number,
        ...(this.callback.queue ? { queue: this.callback.queue } : {}),
        ...(queueName ? { queueName } : {}),
      };
    }
    this.flushEvents();
    return {
      contactId: this.contactId,
      outcome,
      attributes: { ...this.attributes },
      events: this.events,
      contactEvents: this.contactEvents,
      steps: this.steps,
    };
  }

  // -------------------------------------------------------------- flows

  private findFlow(name: string): SimulationFlow | undefined {
    return this.o.flows.find((f) => f.names.includes(name) || f.names.some((n) => name.endsWith(`/${n}`)));
  }

  private async runFlow(flow: SimulationFlow, name: string): Promise<Outcome> {
    this.events.push({ type: 'flow', flow: name });
    const frame: Frame = { flow, name, loops: new Map(), flowAttributes: new Map() };
    this.frames.push(frame);
    try {
      let action = this.action(frame, flow.flow.StartAction);
      for (;;) {
        if (this.queueFlowUntil !== undefined && this.clock >= this.queueFlowUntil) throw new QueueWaitOver();
        this.steps += 1;
        if (this.steps > (this.o.maxSteps ?? 1000)) {
          throw new Stop({
            kind: 'error',
            reason: `step limit of ${this.o.maxSteps ?? 1000} reached (an endless loop?) at ${action.Identifier}`,
          });
        }
        this.clock += 1000;
        const next = await this.execute(frame, action);
        if ('outcome' in next) return next.outcome;
        action = this.action(frame, next.id);
      }
    } finally {
      this.frames.pop();
    }
  }

  private action(frame: Frame, id: string): FlowAction {
    const action = frame.flow.flow.Actions.find((a) => a.Identifier === id);
    if (!action) throw new Stop({ kind: 'error', reason: `flow ${frame.name} has no action ${id}` });
    return action;
  }

  /** Follows an error branch; an undeclared one drops the contact, as Connect does. */
  private fail(action: FlowAction, errorType: string): { id: string } {
    const branch = action.Transitions.Errors?.find((e) => e.ErrorType === errorType);
    this.events.push({
      type: 'error-branch',
      action: action.Identifier,
      error: errorType,
      handled: Boolean(branch),
    });
    if (!branch)
      throw new Stop({ kind: 'disconnected', reason: `${errorType} at ${action.Identifier} has no branch` });
    return { id: branch.NextAction };
  }

  private next(action: FlowAction): { id: string } {
    if (action.Transitions.NextAction === undefined) {
      throw new Stop({ kind: 'error', reason: `${action.Identifier} has no NextAction` });
    }
    return { id: action.Transitions.NextAction };
  }

  private branch(action: FlowAction, value: string | undefined): { id: string } {
    const hit = (action.Transitions.Conditions ?? []).find((c) => matches(c.Condition, value));
    if (hit) return { id: hit.NextAction };
    const declared = action.Transitions.Errors?.some((e) => e.ErrorType === 'NoMatchingCondition');
    return declared ? this.fail(action, 'NoMatchingCondition') : this.next(action);
  }

  private async execute(frame: Frame, a: FlowAction): Promise<{ id: string } | { outcome: Outcome }> {
    const p = a.Parameters;
    switch (a.Type) {
      case 'MessageParticipant':
        this.prompt(p);
        return this.next(a);
      case 'GetParticipantInput':
        return this.getInput(a);
      case 'ConnectParticipantWithLexBot': {
        this.prompt(p);
        const text = await this.takeInput();
        if (text === undefined || text === 'timeout') {
          this.events.push({ type: 'timeout' });
          return this.fail(a, 'InputTimeLimitExceeded');
        }
        this.events.push({ type: 'input', digits: text });
        this.lexIntent = text;
        return this.branch(a, text);
      }
      case 'InvokeLambdaFunction':
        return this.invokeLambda(a);
      case 'UpdateContactAttributes': {
        const set: Record<string, string> = {};
        for (const [k, v] of Object.entries(objectOf(p.Attributes))) {
          set[this.resolveText(k)] = this.resolveValue(v);
        }
        const next = { ...this.attributes, ...set };
        const bytes = Object.entries(next).reduce(
          (n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v),
          0,
        );
        if (bytes > ATTRIBUTES_LIMIT_BYTES) return this.fail(a, 'NoMatchingError');
        Object.assign(this.attributes, set);
        this.events.push({ type: 'attributes', set });
        return this.next(a);
      }
      case 'UpdateFlowAttributes': {
        for (const [k, v] of Object.entries(objectOf(p.FlowAttributes))) {
          frame.flowAttributes.set(this.resolveText(k), this.resolveValue(objectOf(v).Value));
        }
        return this.next(a);
      }
      case 'Compare':
        return this.branch(a, this.resolvePath(String(p.ComparisonValue)));
      case 'CheckHoursOfOperation': {
        const open = this.isOpen(typeof p.HoursOfOperationId === 'string' ? p.HoursOfOperationId : undefined);
        if (open === undefined) return this.fail(a, 'NoMatchingError');
        return this.branch(a, open ? 'True' : 'False');
      }
      case 'CheckMetricData': {
        const queue = this.queue(
          typeof p.QueueId === 'string' ? this.resolveValue(p.QueueId) : this.currentQueue(),
        );
        if (!queue) return this.fail(a, 'NoMatchingError');
        return this.branch(a, String(metricOf(queue, String(p.MetricType))));
      }
      case 'GetMetricData': {
        const queue = this.queue(
          typeof p.QueueId === 'string' ? this.resolveValue(p.QueueId) : this.currentQueue(),
        );
        if (!queue) return this.fail(a, 'NoMatchingError');
        this.metrics = {
          Queue: {
            Size: String(queue.contactsInQueue ?? 0),
            OldestContactAge: String(queue.oldestContactAgeSeconds ?? 0),
            Name: queue.name,
          },
          Agents: {
            Available: { Count: String(queue.agentsAvailable ?? 0) },
            Staffed: { Count: String(queue.agentsStaffed ?? 0) },
            Online: { Count: String(queue.agentsOnline ?? 0) },
          },
        };
        return this.next(a);
      }
      case 'UpdateContactTargetQueue': {
        const id = this.resolveValue(p.QueueId ?? p.AgentId ?? '');
        if (!id) return this.fail(a, 'NoMatchingError');
        this.workingQueue = id;
        return this.next(a);
      }
      case 'TransferContactToQueue':
      case 'DequeueContactAndTransferToQueue': {
        const target =
          a.Type === 'DequeueContactAndTransferToQueue'
            ? this.resolveValue(p.QueueId ?? p.AgentId ?? '')
            : this.workingQueue;
        if (!target) return this.fail(a, 'NoMatchingError');
        const queue = this.queue(target);
        if (queue?.atCapacity) return this.fail(a, 'QueueAtCapacity');
        const queueName = this.queueName(target);
        this.events.push({ type: 'queue', queue: target, ...(queueName ? { queueName } : {}) });
        this.queued = target;
        this.queuedAt = this.clock;
        this.contactEvent('QUEUED');
        return { outcome: { kind: 'queued', queue: target, ...(queueName ? { queueName } : {}) } };
      }
      case 'UpdateContactTextToSpeechVoice':
        this.voice = String(p.TextToSpeechVoice ?? this.voice);
        this.events.push({
          type: 'voice',
          voice: this.voice,
          ...(typeof p.TextToSpeechEngine === 'string' ? { engine: p.TextToSpeechEngine } : {}),
        });
        return this.next(a);
      case 'UpdateContactData':
        if (typeof p.LanguageCode === 'string') {
          this.languageCode = this.resolveValue(p.LanguageCode);
          this.events.push({ type: 'language', languageCode: this.languageCode });
        }
        return this.next(a);
      case 'UpdateContactEventHooks': {
        for (const [hook, target] of Object.entries(objectOf(p.EventHooks))) {
          const flow = this.resolveValue(target);
          this.hooks.set(hook, flow);
          this.events.push({ type: 'hook', hook, flow });
        }
        return this.next(a);
      }
      case 'UpdateFlowLoggingBehavior':
      case 'UpdateContactRecordingBehavior':
      case 'TagContact':
      case 'UntagContact':
      case 'UpdateContactRoutingCriteria':
        return this.next(a);
      case 'UpdateContactRoutingBehavior':
        if (p.QueuePriority !== undefined)
          this.events.push({ type: 'priority', priority: Number(this.resolveValue(p.QueuePriority)) });
        return this.next(a);
      case 'UpdateContactCallbackNumber': {
        const number = this.resolveValue(p.CallbackNumber ?? '');
        if (!/^\+[1-9]\d{6,14}$/.test(number)) return this.fail(a, 'InvalidCallbackNumber');
        this.callbackNumber = number;
        return this.next(a);
      }
      case 'CreateCallbackContact': {
        const number = this.callbackNumber ?? this.o.from;
        const queue = typeof p.QueueId === 'string' ? this.resolveValue(p.QueueId) : this.currentQueue();
        this.callback = { number, ...(queue ? { queue } : {}) };
        this.events.push({ type: 'callback', number, ...(queue ? { queue } : {}) });
        return this.next(a);
      }
      case 'TransferToFlow': {
        const target = this.resolveValue(p.ContactFlowId ?? '');
        const flow = this.findFlow(target);
        if (!flow) return this.fail(a, 'NoMatchingError');
        return { outcome: await this.runFlow(flow, target) };
      }
      case 'InvokeFlowModule': {
        const target = this.resolveValue(p.FlowModuleId ?? '');
        const module = this.findFlow(target);
        if (!module) return this.fail(a, 'NoMatchingError');
        const result = await this.runFlow(module, target);
        if (result.kind === 'ended') {
          this.events.push({ type: 'flow', flow: frame.name });
          return this.next(a);
        }
        return { outcome: result };
      }
      case 'Loop': {
        const limit = Number(this.resolveValue(p.LoopCount ?? '0'));
        const done = frame.loops.get(a.Identifier) ?? 0;
        if (done < limit) {
          frame.loops.set(a.Identifier, done + 1);
          return this.branch(a, 'ContinueLooping');
        }
        frame.loops.set(a.Identifier, 0);
        return this.branch(a, 'DoneLooping');
      }
      case 'DistributeByPercentage':
        return this.branch(a, String(Math.floor(this.random() * 100) + 1));
      case 'Wait':
        return this.branch(a, 'WaitCompleted');
      case 'DisconnectParticipant':
        this.events.push({ type: 'disconnect' });
        return { outcome: { kind: 'disconnected' } };
      case 'EndFlowExecution':
      case 'EndFlowModuleExecution':
        return { outcome: { kind: 'ended' } };
      default:
        this.events.push({ type: 'unsupported', action: a.Identifier, actionType: a.Type });
        return this.next(a);
    }
  }

  // -------------------------------------------------------------- customer input

  private async takeInput(): Promise<string | undefined> {
    if (this.inputs.length > 0 || !this.o.readInput) return this.inputs.shift();
    this.flushEvents();
    return this.o.readInput();
  }

  private flushed = 0;

  /** Hands `onEvents` what happened since the last call. */
  private flushEvents() {
    if (!this.o.onEvents || this.flushed >= this.events.length) return;
    this.o.onEvents(this.events.slice(this.flushed));
    this.flushed = this.events.length;
  }

  private prompt(p: Readonly<Record<string, ParameterValue>>, to?: 'agent') {
    const text =
      typeof p.Text === 'string'
        ? this.resolveText(p.Text)
        : typeof p.SSML === 'string'
          ? this.resolveText(
              p.SSML.replace(/<[^>]+>/g, ' ')
                .replace(/\s+/g, ' ')
                .trim(),
            )
          : typeof p.PromptId === 'string'
            ? `[recorded prompt ${p.PromptId.split('/').pop()}]`
            : '';
    if (text) this.events.push({ type: 'prompt', text, ...(to ? { to } : {}) });
  }

  private async getInput(a: FlowAction): Promise<{ id: string }> {
    const p = a.Parameters;
    this.prompt(p);
    if (this.channel !== 'VOICE') return this.fail(a, 'NoMatchingError');
    const input = await this.takeInput();
    const timedOut = input === undefined || input === 'timeout';
    this.clock += timedOut ? Number(p.InputTimeLimitSeconds ?? 5) * 1000 : 3000;
    if (timedOut) this.events.push({ type: 'timeout' });
    else this.events.push({ type: 'input', digits: input });

    if (p.StoreInput !== 'True') {
      if (timedOut) return this.fail(a, 'InputTimeLimitExceeded');
      return this.branch(a, input.slice(0, 1));
    }
    if (timedOut) {
      this.stored = 'Timeout';
      return this.next(a);
    }
    const validation = objectOf(p.InputValidation);
    const phone = objectOf(validation.PhoneNumberValidation);
    if (Object.keys(phone).length) {
      // DTMF has no "+": in E164 mode the caller keys the country code and number.
      const typed = phone.NumberFormat === 'E164' && !input.startsWith('+') ? `+${input}` : input;
      const parsed = parsePhoneNumberFromString(typed, String(phone.CountryCode ?? 'US') as CountryCode);
      if (!parsed?.isValid()) return this.fail(a, 'InvalidPhoneNumber');
      this.stored = parsed.number;
      return this.next(a);
    }
    const max = Number(objectOf(validation.CustomValidation).MaximumLength ?? input.length);
    this.stored = input.slice(0, max);
    return this.next(a);
  }

  // -------------------------------------------------------------- Lambda

  private async invokeLambda(a: FlowAction): Promise<{ id: string }> {
    const p = a.Parameters;
    const arn = String(p.LambdaFunctionARN ?? '');
    const name = arn.split(':').pop() ?? arn;
    const parameters: Record<string, string> = {};
    for (const [k, v] of Object.entries(objectOf(p.LambdaInvocationAttributes)))
      parameters[k] = this.resolveValue(v);
    const asked = Number(p.InvocationTimeLimitSeconds ?? LAMBDA_LIMIT_SECONDS);
    const limit =
      Number.isFinite(asked) && asked > 0 ? Math.min(asked, LAMBDA_LIMIT_SECONDS) : LAMBDA_LIMIT_SECONDS;
    const responseType = String(objectOf(p.ResponseValidation).ResponseType ?? 'STRING_MAP');
    const behaviour = this.o.lambdas?.[arn] ?? this.o.lambdas?.[name];

    const failed = (error: string) => {
      // $.External holds only the latest call's result: a failed call leaves it empty.
      this.external = {};
      this.events.push({ type: 'lambda', function: name, parameters, error });
      return this.fail(a, 'NoMatchingError');
    };
    if (!behaviour) return failed('no response registered for this function: the invocation fails');
    if ('error' in behaviour) return failed(behaviour.error);

    let response: unknown;
    if ('handler' in behaviour) {
      const time = this.o.handlerTimer ?? REAL_TIME;
      const started = time.now();
      let cancel = () => {};
      const timedOut = new Promise<typeof TIMED_OUT>((done) => {
        cancel = time.after(limit * 1000, () => done(TIMED_OUT));
      });
      try {
        response = await Promise.race([
          Promise.resolve(
            behaviour.handler(this.lambdaEvent(parameters), {
              functionName: name,
              awsRequestId: `${this.contactId}-${this.steps}`,
              getRemainingTimeInMillis: () => Math.max(0, limit * 1000 - (time.now() - started)),
            }),
          ),
          timedOut,
        ]);
      } catch (error) {
        return failed(`the function threw: ${(error as Error).message ?? String(error)}`);
      } finally {
        cancel();
      }
      if (response === TIMED_OUT) return failed(`timed out after ${limit} s`);
    } else if ('responses' in behaviour) {
      const calls = this.lambdaCalls.get(name) ?? 0;
      this.lambdaCalls.set(name, calls + 1);
      response = behaviour.responses[Math.min(calls, behaviour.responses.length - 1)];
    } else {
      if ((behaviour.delaySeconds ?? 0) > limit) return failed(`timed out after ${limit} s`);
      response = behaviour.response;
    }
    if (Buffer.byteLength(JSON.stringify(response ?? null), 'utf8') > 32 * 1024) {
      return failed('the response is over 32 KB');
    }
    if (responseType === 'STRING_MAP' && !isStringMap(response)) {
      return failed('STRING_MAP response must be a flat object of string values');
    }
    this.external = (response ?? {}) as Record<string, unknown>;
    this.events.push({ type: 'lambda', function: name, parameters, response });
    return this.next(a);
  }

  private lambdaEvent(parameters: Record<string, string>): ContactFlowEvent {
    const queue = this.currentQueue();
    return {
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: {
          Attributes: { ...this.attributes },
          AwsRegion: this.instanceArn.split(':')[3] ?? 'ap-northeast-1',
          Channel: this.channel,
          ContactId: this.contactId,
          CustomerEndpoint:
            this.channel === 'VOICE' ? { Address: this.o.from, Type: 'TELEPHONE_NUMBER' } : null,
          CustomerId: null,
          Description: null,
          InitialContactId: this.contactId,
          InitiationMethod: 'INBOUND',
          InstanceARN: this.instanceArn,
          LanguageCode: this.languageCode,
          MediaStreams: { Customer: { Audio: null } },
          Name: null,
          PreviousContactId: this.contactId,
          Queue: queue ? { ARN: queue, Name: this.queueName(queue) ?? queue } : null,
          References: {},
          RelatedContactId: null,
          SegmentAttributes: {},
          SystemEndpoint: this.o.to ? { Address: this.o.to, Type: 'TELEPHONE_NUMBER' } : null,
          Tags: {},
        },
        Parameters: parameters,
      },
    };
  }

  // -------------------------------------------------------------- agent and hooks

  /** Seconds from being queued to the agent answering (or, with no agent, to the end of the hold). */
  private waitSeconds(): number {
    const [seconds, option] = this.o.agent
      ? [this.o.agent.answerAfterSeconds ?? DEFAULT_ANSWER_AFTER_SECONDS, 'agent.answerAfterSeconds']
      : [this.o.holdSeconds ?? DEFAULT_HOLD_SECONDS, 'holdSeconds'];
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new Stop({
        kind: 'error',
        reason: `${option} must be a number of seconds, 0 or more, got ${seconds}`,
      });
    }
    return seconds;
  }

  /**
   * The caller waits in queue while the CustomerQueue flow, if one is set, plays: until the wait is
   * over (the flow is interrupted), until the flow ends (the caller waits on in silence), or until it
   * takes the contact out of the queue: a disconnect (with or without a callback) ends the contact, a
   * transfer to another queue starts the wait, and the queue flow, over in that queue.
   */
  private async waitInQueue(queued: Queued): Promise<Outcome> {
    let current = queued;
    for (;;) {
      const name = this.hooks.get('CustomerQueue');
      const enteredAt = this.queuedAt ?? this.clock;
      const until = enteredAt + this.waitSeconds() * 1000;
      if (!name || this.clock >= until) return current;
      const flow = this.hookFlow('CustomerQueue', name);
      const event = (kind: 'started' | 'interrupted' | 'ended') =>
        this.events.push({
          type: 'queue-flow',
          event: kind,
          flow: name,
          queue: current.queue,
          waitedSeconds: Math.round((this.clock - enteredAt) / 1000),
        });
      event('started');
      let result: Outcome;
      this.queueFlowUntil = until;
      try {
        result = await this.runFlow(flow, name);
      } catch (error) {
        if (error instanceof QueueWaitOver) {
          event('interrupted');
          return current;
        }
        // A dropped contact (an error with no branch) leaves the queue; an error outcome is a fault.
        if (!(error instanceof Stop) || error.outcome.kind === 'error') throw error;
        result = error.outcome;
      } finally {
        this.queueFlowUntil = undefined;
      }
      event('ended');
      if (result.kind === 'ended') return current;
      if (result.kind !== 'queued') return result;
      current = result;
    }
  }

  private async agentAnswersAndHangsUp(queued: Outcome): Promise<Outcome> {
    const agent = this.o.agent ?? {};
    // The queue flow may run a step past the moment the agent answers; the clock never goes back.
    this.clock = Math.max(this.clock, (this.queuedAt ?? this.clock) + this.waitSeconds() * 1000);
    this.agentConnected = true;
    this.connectedToAgentAt = this.clock;
    this.events.push({ type: 'agent', event: 'connected' });
    this.contactEvent('CONNECTED_TO_AGENT');
    const whisper = this.hooks.get('AgentWhisper');
    if (whisper) await this.runHook(this.hookFlow('AgentWhisper', whisper), whisper, 'agent');
    this.clock += (agent.talkSeconds ?? 120) * 1000;
    this.events.push({ type: 'agent', event: 'hung-up' });
    const remaining = this.hooks.get('CustomerRemaining');
    if (remaining) await this.runHook(this.hookFlow('CustomerRemaining', remaining), remaining);
    this.contactEvent('DISCONNECTED');
    return queued;
  }

  private hookFlow(hook: string, name: string): SimulationFlow {
    const flow = this.findFlow(name);
    if (!flow)
      throw new Stop({
        kind: 'error',
        reason: `the ${hook} hook names ${name}, which is not in the flow set`,
      });
    return flow;
  }

  private async runHook(flow: SimulationFlow, name: string, to?: 'agent') {
    const before = this.events.length;
    try {
      await this.runFlow(flow, name);
    } catch (error) {
      // The hook flow ending the contact is normal; an error (step limit, a missing action) is not.
      if (!(error instanceof Stop) || error.outcome.kind === 'error') throw error;
    }
    if (to === 'agent') {
      for (let i = before; i < this.events.length; i++) {
        const e = this.events[i];
        if (e?.type === 'prompt') this.events[i] = { ...e, to: 'agent' };
      }
    }
  }

  // -------------------------------------------------------------- references

  /** A parameter that is a single JSONPath resolves to its value; other text has references replaced. */
  private resolveValue(value: ParameterValue | undefined): string {
    if (typeof value !== 'string') return value === undefined ? '' : JSON.stringify(value);
    return /^\$\.[^\s]+$/.test(value) ? (this.resolvePath(value) ?? '') : this.resolveText(value);
  }

  private resolveText(text: string): string {
    return text.replace(
      /\$\.[A-Za-z]+(?:\.[A-Za-z0-9_-]+|\.\['[^']*'\])*/g,
      (path) => this.resolvePath(path) ?? '',
    );
  }

  resolvePath(path: string): string | undefined {
    const parts = [...path.slice(2).matchAll(/\['([^']*)'\]|([^.[\]]+)/g)].map((m) => m[1] ?? m[2] ?? '');
    const [root, ...rest] = parts;
    const lookup = (value: unknown, keys: readonly string[]): string | undefined => {
      let current = value;
      for (const key of keys) {
        if (current === null || typeof current !== 'object') return undefined;
        current = (current as Record<string, unknown>)[key];
      }
      return current === undefined || current === null
        ? undefined
        : typeof current === 'string'
          ? current
          : JSON.stringify(current);
    };
    const queue = this.currentQueue();
    switch (root) {
      case 'Attributes':
        return lookup(this.attributes, rest);
      case 'External':
        return lookup(this.external, rest);
      case 'FlowAttributes':
        return rest[0] === undefined ? undefined : this.frames.at(-1)?.flowAttributes.get(rest[0]);
      case 'StoredCustomerInput':
        return this.stored;
      case 'Lex':
        return rest[0] === 'IntentName' ? this.lexIntent : undefined;
      case 'Metrics':
        return lookup(this.metrics, rest);
      case 'CustomerEndpoint':
        return lookup({ Address: this.o.from, Type: 'TELEPHONE_NUMBER' }, rest);
      case 'SystemEndpoint':
        return lookup({ Address: this.o.to, Type: 'TELEPHONE_NUMBER' }, rest);
      case 'Channel':
        return this.channel;
      case 'ContactId':
      case 'InitialContactId':
      case 'PreviousContactId':
        return this.contactId;
      case 'InstanceARN':
        return this.instanceArn;
      case 'InitiationMethod':
        return 'INBOUND';
      case 'LanguageCode':
        return this.languageCode;
      case 'TextToSpeechVoiceId':
        return this.voice;
      case 'AwsRegion':
        return this.instanceArn.split(':')[3];
      case 'CallbackNumber':
        return this.callbackNumber ?? this.o.from;
      case 'Queue':
        return queue ? lookup({ Name: this.queueName(queue) ?? queue, ARN: queue }, rest) : undefined;
      case 'Agent':
        return this.agentConnected
          ? lookup({ FirstName: this.o.agent?.firstName, ARN: this.o.agent?.arn }, rest)
          : undefined;
      default:
        return undefined;
    }
  }

  // -------------------------------------------------------------- queues, hours, events

  private queue(id: string | undefined): QueueState | undefined {
    if (!id) return undefined;
    return (
      this.o.queues?.[id] ?? Object.entries(this.o.queues ?? {}).find(([k]) => id.endsWith(`/${k}`))?.[1]
    );
  }

  private queueName(id: string): string | undefined {
    return this.queue(id)?.name;
  }

  /** The queue the contact is in once queued (queue, whisper and disconnect flows); before that the working queue. */
  private currentQueue(): string | undefined {
    return this.queued ?? this.workingQueue;
  }

  private isOpen(hoursId: string | undefined): boolean | undefined {
    const id = hoursId ?? this.queue(this.currentQueue())?.hours;
    const hours = id
      ? (this.o.hours?.[id] ?? Object.entries(this.o.hours ?? {}).find(([k]) => id.endsWith(`/${k}`))?.[1])
      : undefined;
    if (!hours) return undefined;
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: hours.timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(this.clock));
    const day = (parts.find((x) => x.type === 'weekday')?.value ?? '')
      .toUpperCase()
      .slice(0, 3) as keyof HoursOfOperation['days'];
    const time = `${parts.find((x) => x.type === 'hour')?.value}:${parts.find((x) => x.type === 'minute')?.value}`;
    const window = hours.days[day];
    if (window === undefined) return false;
    const [start, end] = window;
    // A window such as 22:00-06:00 runs past midnight.
    return start <= end ? time >= start && time < end : time >= start || time < end;
  }

  private contactEvent(eventType: 'INITIATED' | 'QUEUED' | 'CONNECTED_TO_AGENT' | 'DISCONNECTED') {
    const time = new Date(this.clock).toISOString();
    const account = this.instanceArn.split(':')[4] ?? '111122223333';
    const queue = this.queued;
    const detail: Record<string, unknown> = {
      eventType,
      contactId: this.contactId,
      initialContactId: this.contactId,
      channel: this.channel,
      instanceArn: this.instanceArn,
      initiationMethod: 'INBOUND',
      initiationTimestamp: this.start.toISOString(),
      ...(queue && this.queuedAt !== undefined
        ? {
            queueInfo: {
              queueArn: queue,
              queueType: 'STANDARD',
              enqueueTimestamp: new Date(this.queuedAt).toISOString(),
            },
          }
        : {}),
      ...(this.agentConnected
        ? {
            agentInfo: {
              agentArn: this.o.agent?.arn ?? `${this.instanceArn}/agent/simulated`,
              connectedToAgentTimestamp: new Date(this.connectedToAgentAt ?? this.clock).toISOString(),
            },
          }
        : {}),
      ...(eventType === 'DISCONNECTED' ? { disconnectTimestamp: time } : {}),
    };
    this.contactEvents.push({
      version: '0',
      id: `${this.contactId.slice(0, 8)}-0000-4000-8000-${String(this.contactEvents.length).padStart(12, '0')}`,
      'detail-type': 'Amazon Connect Contact Event',
      source: 'aws.connect',
      account,
      time,
      region: this.instanceArn.split(':')[3] ?? 'ap-northeast-1',
      resources: [`${this.instanceArn}/contact/${this.contactId}`, this.instanceArn],
      detail,
    });
  }
}

// ------------------------------------------------------------------ helpers

function objectOf(value: ParameterValue | undefined): Record<string, ParameterValue> {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, ParameterValue>)
    : {};
}

function isStringMap(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

function metricOf(queue: QueueState, metric: string): number {
  switch (metric) {
    case 'NumberOfAgentsAvailable':
      return queue.agentsAvailable ?? 0;
    case 'NumberOfAgentsStaffed':
      return queue.agentsStaffed ?? 0;
    case 'NumberOfAgentsOnline':
      return queue.agentsOnline ?? 0;
    case 'OldestContactInQueueAgeSeconds':
      return queue.oldestContactAgeSeconds ?? 0;
    case 'NumberOfContactsInQueue':
      return queue.contactsInQueue ?? 0;
    default:
      return 0;
  }
}

/** Whether a condition holds for a value, with the flow language's operators. */
export function matches(condition: Condition, value: string | undefined): boolean {
  const [operand = ''] = condition.Operands;
  const v = value ?? '';
  const n = Number(v);
  const m = Number(operand);
  switch (condition.Operator) {
    case 'Equals':
      return v === operand;
    case 'TextStartsWith':
      return v.startsWith(operand);
    case 'TextEndsWith':
      return v.endsWith(operand);
    case 'TextContains':
      return v.includes(operand);
    case 'NumberGreaterThan':
      return v !== '' && n > m;
    case 'NumberGreaterOrEqualTo':
      return v !== '' && n >= m;
    case 'NumberLessThan':
      return v !== '' && n < m;
    case 'NumberLessOrEqualTo':
      return v !== '' && n <= m;
    case 'KeyExists':
      return value !== undefined;
    default:
      return false;
  }
}

/** mulberry32: a small deterministic PRNG for DistributeByPercentage. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
