import { actionDefinition } from './catalog.ts';
import type { Condition, FlowAction, FlowType, ParameterValue } from './model.ts';
import { normalizeFlow } from './normalize.ts';
import type {
  ContactEvent,
  ContactFlowEvent,
  ContactState,
  FlowRuntime,
  Frame,
  HandlerTimer,
  HoursOfOperation,
  LambdaCall,
  LexResult,
  Outcome,
  QueueState,
  SimulationEvent,
  SimulationFlow,
  SimulationOptions,
  SimulationResult,
  Step,
  ViewResult,
} from './simulation-model.ts';

export type * from './simulation-model.ts';

/**
 * Runs flow-language JSON for one contact, deterministically and offline: a scripted customer,
 * a clock with hours of operation, queue metrics, Lambda functions (real handlers in-process or
 * canned responses), Lex bots and views (scripted results), event hooks (the customer queue flow
 * plays while the caller waits, the agent answers and hangs up, so the disconnect flow runs) and
 * the contact events Amazon Connect would emit. No AWS SDK, no network.
 *
 * This is the core: the contact, its clock and its flows. What each action does is in its module
 * under `actions/`, run through the FlowRuntime this class implements.
 */

const DEFAULT_INSTANCE =
  'arn:aws:connect:ap-northeast-1:111122223333:instance/9f6c6c39-6e31-4d52-9d0b-1e7c7d6a0b0e';
const DEFAULT_AT = new Date('2026-01-05T01:00:00Z');
const TIMED_OUT = Symbol('timed out');
const REAL_TIME: HandlerTimer = {
  now: () => performance.now(),
  after: (ms, done) => {
    const timer = setTimeout(done, ms);
    return () => clearTimeout(timer);
  },
};
const DEFAULT_ANSWER_AFTER_SECONDS = 30;
const DEFAULT_HOLD_SECONDS = 60;
const DEFAULT_MAX_STEPS = 1000;
/** Flow types that play while the contact waits (in queue, on hold). */
const WAITING_FLOWS: readonly FlowType[] = ['CUSTOMER_QUEUE', 'CUSTOMER_HOLD', 'AGENT_HOLD'];
/** Flow types that run with an agent on the contact ($.Agent is set). */
const AGENT_FLOWS: readonly FlowType[] = [
  'AGENT_WHISPER',
  'CUSTOMER_WHISPER',
  'OUTBOUND_WHISPER',
  'AGENT_TRANSFER',
  'AGENT_HOLD',
  'CUSTOMER_HOLD',
];

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

export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  return new Simulation(options).run();
}

class Simulation implements FlowRuntime {
  private readonly events: SimulationEvent[] = [];
  private readonly contactEvents: ContactEvent[] = [];
  readonly contact: ContactState;
  private readonly inputs: string[];
  private readonly lexResults: LexResult[];
  private readonly viewResults: ViewResult[];
  private readonly flows: readonly SimulationFlow[];
  private readonly start: Date;
  private clock: number;
  private steps = 0;
  private readonly rng: () => number;
  private agentConnected = false;
  /** The entry flow runs with the agent there (a whisper, hold or agent transfer flow). */
  private agentPresent = false;
  private connectedToAgentAt: number | undefined;
  private queuedAt: number | undefined;
  private queued: string | undefined;
  /** While the customer queue flow runs: the clock time at which it is interrupted. */
  private queueFlowUntil: number | undefined;
  private readonly lambdaCalls = new Map<string, number>();
  /** Flows running now, innermost last (a module runs inside its caller). */
  private readonly frames: Frame[] = [];

  constructor(readonly options: SimulationOptions) {
    const o = options;
    this.contact = {
      id: o.contactId ?? 'c0ffee00-0000-4000-8000-000000000001',
      channel: o.channel ?? 'VOICE',
      from: o.from,
      to: o.to,
      instanceArn: o.instanceArn ?? DEFAULT_INSTANCE,
      attributes: { ...o.attributes },
      external: { ...o.external },
      stored: undefined,
      lex: undefined,
      view: undefined,
      languageCode: 'en-US',
      voice: 'Joanna',
      workingQueue: o.workingQueue,
      callbackNumber: undefined,
      callback: undefined,
      metrics: {},
      mediaStreams: { Customer: { Audio: null } },
      hooks: new Map(),
    };
    this.inputs = [...(o.inputs ?? [])];
    this.lexResults = [...(o.lex ?? [])];
    this.viewResults = [...(o.views ?? [])];
    this.flows = o.flows.map((f) => ({ ...f, flow: normalizeFlow(f.flow) }));
    this.start = o.at ?? DEFAULT_AT;
    this.clock = this.start.getTime();
    this.rng = seeded(o.seed ?? 1);
    this.queued = o.queue;
    this.contact.workingQueue = o.workingQueue ?? o.queue;
  }

  async run(): Promise<SimulationResult> {
    this.contactEvent('INITIATED');
    let outcome: Outcome;
    try {
      const entry = this.findFlow(this.options.entry);
      if (!entry) throw new Stop({ kind: 'error', reason: `no flow named ${this.options.entry}` });
      this.agentPresent =
        this.options.agent !== undefined && AGENT_FLOWS.includes(entry.type ?? 'CONTACT_FLOW');
      // A queue or hold flow the contact enters plays while it waits, until the wait is over.
      if (WAITING_FLOWS.includes(entry.type ?? 'CONTACT_FLOW')) {
        this.queueFlowUntil = this.start.getTime() + this.waitSeconds() * 1000;
      }
      outcome = await this.runFlow(entry, this.options.entry);
    } catch (error) {
      if (error instanceof QueueWaitOver) {
        this.events.push({
          type: 'note',
          action: this.options.entry,
          text: `the wait is over after ${Math.round((this.clock - this.start.getTime()) / 1000)} s (${this.options.agent ? 'an agent answers' : 'holdSeconds'})`,
        });
      }
      outcome = this.outcomeOf(error);
    } finally {
      this.queueFlowUntil = undefined;
    }
    if (outcome.kind === 'queued') {
      try {
        outcome = await this.waitInQueue(outcome);
        if (outcome.kind === 'queued' && this.options.agent)
          outcome = await this.agentAnswersAndHangsUp(outcome);
      } catch (error) {
        outcome = this.outcomeOf(error);
      }
    }
    if (outcome.kind !== 'queued' && outcome.kind !== 'stopped') this.contactEvent('DISCONNECTED');
    const callback = this.contact.callback;
    if (outcome.kind === 'disconnected' && callback) {
      const queueName = callback.queue ? this.queueName(callback.queue) : undefined;
      outcome = {
        kind: 'callback',
        number: callback.number,
        ...(callback.queue ? { queue: callback.queue } : {}),
        ...(queueName ? { queueName } : {}),
      };
    }
    this.flushEvents();
    return {
      contactId: this.contact.id,
      outcome,
      attributes: { ...this.contact.attributes },
      events: this.events,
      contactEvents: this.contactEvents,
      steps: this.steps,
    };
  }

  private outcomeOf(error: unknown): Outcome {
    if (error instanceof Stop) return error.outcome;
    if (error instanceof QueueWaitOver) return { kind: 'ended' };
    return { kind: 'error', reason: (error as Error).message };
  }

  // -------------------------------------------------------------- the runtime actions see

  get frame(): Frame {
    const frame = this.frames.at(-1);
    if (!frame) throw new Error('no flow is running');
    return frame;
  }

  get now(): number {
    return this.clock;
  }

  advance(seconds: number): void {
    if (Number.isFinite(seconds) && seconds > 0) this.clock += seconds * 1000;
  }

  random(): number {
    return this.rng();
  }

  emit(event: SimulationEvent): void {
    this.events.push(event);
  }

  next(action: FlowAction): Step {
    if (action.Transitions.NextAction === undefined) {
      throw new Stop({ kind: 'error', reason: `${action.Identifier} has no NextAction` });
    }
    return { id: action.Transitions.NextAction };
  }

  fail(action: FlowAction, errorType: string): Step {
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

  branch(action: FlowAction, value: string | undefined): Step {
    const hit = (action.Transitions.Conditions ?? []).find((c) => matches(c.Condition, value));
    if (hit) return { id: hit.NextAction };
    const declared = action.Transitions.Errors?.some((e) => e.ErrorType === 'NoMatchingCondition');
    return declared ? this.fail(action, 'NoMatchingCondition') : this.next(action);
  }

  prompt(p: Readonly<Record<string, ParameterValue>>, to?: 'agent'): void {
    const text =
      typeof p.Text === 'string'
        ? this.resolveText(p.Text)
        : typeof p.SSML === 'string'
          ? this.resolveText(
              p.SSML.replace(/<[^>]+>/g, ' ')
                .replace(/\s+/g, ' ')
                .trim(),
            )
          : p.PromptId !== undefined
            ? `[recorded prompt ${this.resolveValue(p.PromptId).split('/').pop()}]`
            : p.Media !== undefined
              ? '[audio from S3]'
              : '';
    // A prompt of only spaces (the rules engine's Lex blocks say " ") is silence.
    if (text.trim()) this.events.push({ type: 'prompt', text, ...(to ? { to } : {}) });
  }

  async takeInput(): Promise<string | undefined> {
    if (this.inputs.length > 0 || !this.options.readInput) return this.inputs.shift();
    this.flushEvents();
    return this.options.readInput();
  }

  takeLex(): LexResult | undefined {
    return this.lexResults.length > 1 ? this.lexResults.shift() : this.lexResults[0];
  }

  takeView(): ViewResult | undefined {
    return this.viewResults.shift();
  }

  enqueue(target: string): Step {
    const queueName = this.queueName(target);
    this.events.push({ type: 'queue', queue: target, ...(queueName ? { queueName } : {}) });
    this.queued = target;
    this.queuedAt = this.clock;
    this.contactEvent('QUEUED');
    return { outcome: { kind: 'queued', queue: target, ...(queueName ? { queueName } : {}) } };
  }

  flowNamed(name: string, by: string): SimulationFlow {
    const flow = this.findFlow(name);
    if (!flow) {
      throw new Stop({
        kind: 'error',
        reason: `${by} names ${name}, which is not among the flows given (add it with --flows)`,
      });
    }
    return flow;
  }

  get waitEndsAt(): number {
    return this.queueFlowUntil ?? this.start.getTime() + this.waitSeconds() * 1000;
  }

  waitOver(): never {
    if (this.queueFlowUntil !== undefined) throw new QueueWaitOver();
    // Looping prompts outside a wait (a queue flow reached from an inbound flow): the flow ends.
    throw new Stop({ kind: 'ended' });
  }

  // -------------------------------------------------------------- flows

  private findFlow(name: string): SimulationFlow | undefined {
    return this.flows.find((f) => f.names.includes(name) || f.names.some((n) => name.endsWith(`/${n}`)));
  }

  async runFlow(flow: SimulationFlow, name: string): Promise<Outcome> {
    this.events.push({ type: 'flow', flow: name });
    const frame: Frame = { flow, name, loops: new Map(), flowAttributes: new Map() };
    this.frames.push(frame);
    const maxSteps = this.options.maxSteps ?? DEFAULT_MAX_STEPS;
    try {
      let action = this.action(frame, flow.flow.StartAction);
      for (;;) {
        if (this.queueFlowUntil !== undefined && this.clock >= this.queueFlowUntil) throw new QueueWaitOver();
        if (this.options.stopAt === action.Identifier) {
          throw new Stop({ kind: 'stopped', at: action.Identifier, flow: name });
        }
        this.steps += 1;
        if (this.steps > maxSteps) {
          throw new Stop({
            kind: 'error',
            reason: `step limit of ${maxSteps} reached (an endless loop?) at ${action.Identifier}`,
          });
        }
        this.clock += 1000;
        const next = await this.execute(action);
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

  private async execute(a: FlowAction): Promise<Step> {
    const definition = actionDefinition(a.Type);
    if (definition) return definition.run(a, this);
    // An action type this toolkit does not know: Connect runs it; the simulation goes on past it.
    this.events.push({ type: 'unsupported', action: a.Identifier, actionType: a.Type });
    return this.next(a);
  }

  // -------------------------------------------------------------- customer input

  private flushed = 0;

  /** Hands `onEvents` what happened since the last call. */
  private flushEvents() {
    if (!this.options.onEvents || this.flushed >= this.events.length) return;
    this.options.onEvents(this.events.slice(this.flushed));
    this.flushed = this.events.length;
  }

  // -------------------------------------------------------------- Lambda

  async callLambda(arn: string, parameters: Record<string, string>, limit: number): Promise<LambdaCall> {
    const name = arn.split(':').pop() ?? arn;
    const behaviour = this.options.lambdas?.[arn] ?? this.options.lambdas?.[name];
    if (!behaviour) return { error: 'no response registered for this function: the invocation fails' };
    if ('error' in behaviour) return { error: behaviour.error };
    if ('calls' in behaviour) {
      const calls = this.lambdaCalls.get(name) ?? 0;
      this.lambdaCalls.set(name, calls + 1);
      const call = behaviour.calls[Math.min(calls, behaviour.calls.length - 1)];
      return call ?? { error: 'no response registered for this call' };
    }
    if ('responses' in behaviour) {
      const calls = this.lambdaCalls.get(name) ?? 0;
      this.lambdaCalls.set(name, calls + 1);
      return { response: behaviour.responses[Math.min(calls, behaviour.responses.length - 1)] };
    }
    if ('response' in behaviour) {
      if ((behaviour.delaySeconds ?? 0) > limit) return { error: `timed out after ${limit} s` };
      return { response: behaviour.response };
    }
    const time = this.options.handlerTimer ?? REAL_TIME;
    const started = time.now();
    let cancel = () => {};
    const timedOut = new Promise<typeof TIMED_OUT>((done) => {
      cancel = time.after(limit * 1000, () => done(TIMED_OUT));
    });
    try {
      const response = await Promise.race([
        Promise.resolve(
          behaviour.handler(this.lambdaEvent(parameters), {
            functionName: name,
            awsRequestId: `${this.contact.id}-${this.steps}`,
            getRemainingTimeInMillis: () => Math.max(0, limit * 1000 - (time.now() - started)),
          }),
        ),
        timedOut,
      ]);
      return response === TIMED_OUT ? { error: `timed out after ${limit} s` } : { response };
    } catch (error) {
      return { error: `the function threw: ${(error as Error).message ?? String(error)}` };
    } finally {
      cancel();
    }
  }

  private lambdaEvent(parameters: Record<string, string>): ContactFlowEvent {
    const queue = this.currentQueue();
    const c = this.contact;
    return {
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: {
          Attributes: { ...c.attributes },
          AwsRegion: c.instanceArn.split(':')[3] ?? 'ap-northeast-1',
          Channel: c.channel,
          ContactId: c.id,
          CustomerEndpoint: c.channel === 'VOICE' ? { Address: c.from, Type: 'TELEPHONE_NUMBER' } : null,
          CustomerId: null,
          Description: null,
          InitialContactId: c.id,
          InitiationMethod: 'INBOUND',
          InstanceARN: c.instanceArn,
          LanguageCode: c.languageCode,
          MediaStreams: c.mediaStreams,
          Name: null,
          PreviousContactId: c.id,
          Queue: queue ? { ARN: queue, Name: this.queueName(queue) ?? queue } : null,
          References: {},
          RelatedContactId: null,
          SegmentAttributes: {},
          SystemEndpoint: c.to ? { Address: c.to, Type: 'TELEPHONE_NUMBER' } : null,
          Tags: {},
        },
        Parameters: parameters,
      },
    };
  }

  // -------------------------------------------------------------- agent and hooks

  /** Seconds from being queued to the agent answering (or, with no agent, to the end of the hold). */
  private waitSeconds(): number {
    const [seconds, option] = this.options.agent
      ? [this.options.agent.answerAfterSeconds ?? DEFAULT_ANSWER_AFTER_SECONDS, 'agent.answerAfterSeconds']
      : [this.options.holdSeconds ?? DEFAULT_HOLD_SECONDS, 'holdSeconds'];
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
      const name = this.contact.hooks.get('CustomerQueue');
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
          // The wait ends the flow where it is, mid-step if need be: at `until`, not after the step.
          waitedSeconds: Math.round(
            (Math.min(this.clock, kind === 'interrupted' ? until : this.clock) - enteredAt) / 1000,
          ),
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
    const agent = this.options.agent ?? {};
    // The queue flow may run a step past the moment the agent answers; the clock never goes back.
    this.clock = Math.max(this.clock, (this.queuedAt ?? this.clock) + this.waitSeconds() * 1000);
    this.agentConnected = true;
    this.connectedToAgentAt = this.clock;
    this.events.push({ type: 'agent', event: 'connected' });
    this.contactEvent('CONNECTED_TO_AGENT');
    const whisper = this.contact.hooks.get('AgentWhisper');
    if (whisper) await this.runHook(this.hookFlow('AgentWhisper', whisper), whisper, 'agent');
    this.clock += (agent.talkSeconds ?? 120) * 1000;
    this.events.push({ type: 'agent', event: 'hung-up' });
    const remaining = this.contact.hooks.get('CustomerRemaining');
    if (remaining) await this.runHook(this.hookFlow('CustomerRemaining', remaining), remaining);
    this.contactEvent('DISCONNECTED');
    return queued;
  }

  private hookFlow(hook: string, name: string): SimulationFlow {
    return this.flowNamed(name, `the ${hook} hook`);
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

  resolveValue(value: ParameterValue | undefined): string {
    if (typeof value !== 'string') return value === undefined ? '' : JSON.stringify(value);
    return /^\$\.[^\s]+$/.test(value) ? (this.resolvePath(value) ?? '') : this.resolveText(value);
  }

  resolveText(text: string): string {
    return text.replace(
      /\$\.[A-Za-z]+(?:\.[A-Za-z0-9_-]+|\.\['[^']*'\])*/g,
      (path) => this.resolvePath(path) ?? '',
    );
  }

  resolvePath(path: string): string | undefined {
    const parts = [...path.slice(2).matchAll(/\['([^']*)'\]|([^.[\]]+)/g)].map((m) => m[1] ?? m[2] ?? '');
    const [root, ...rest] = parts;
    const c = this.contact;
    const queue = this.currentQueue();
    switch (root) {
      case 'Attributes':
        return lookup(c.attributes, rest);
      case 'External':
        return lookup(c.external, rest);
      case 'FlowAttributes':
        return rest[0] === undefined ? undefined : this.frames.at(-1)?.flowAttributes.get(rest[0]);
      case 'StoredCustomerInput':
        return c.stored;
      case 'Lex':
        return lookup(
          c.lex
            ? {
                IntentName: c.lex.intent,
                Slots: c.lex.slots ?? {},
                SessionAttributes: c.lex.sessionAttributes ?? {},
                ...(c.lex.confidence !== undefined
                  ? { IntentConfidence: { Score: String(c.lex.confidence) } }
                  : {}),
              }
            : {},
          rest,
        );
      case 'Views':
        return lookup(c.view ? { Action: c.view.action, ViewResultData: c.view.data ?? {} } : {}, rest);
      case 'Metrics':
        return lookup(c.metrics, rest);
      case 'MediaStreams':
        return lookup(c.mediaStreams, rest);
      case 'CustomerEndpoint':
        return lookup({ Address: c.from, Type: 'TELEPHONE_NUMBER' }, rest);
      case 'SystemEndpoint':
        return lookup({ Address: c.to, Type: 'TELEPHONE_NUMBER' }, rest);
      case 'Channel':
        return c.channel;
      case 'ContactId':
      case 'InitialContactId':
      case 'PreviousContactId':
        return c.id;
      case 'InstanceARN':
        return c.instanceArn;
      case 'InitiationMethod':
        return 'INBOUND';
      case 'LanguageCode':
        return c.languageCode;
      case 'TextToSpeechVoiceId':
        return c.voice;
      case 'AwsRegion':
        return c.instanceArn.split(':')[3];
      case 'CallbackNumber':
      case 'CustomerCallbackNumber':
        return c.callbackNumber ?? c.from;
      case 'Queue':
        return queue ? lookup({ Name: this.queueName(queue) ?? queue, ARN: queue }, rest) : undefined;
      case 'Agent':
        return this.agentConnected || this.agentPresent
          ? lookup(
              {
                UserName: this.options.agent?.userName,
                FirstName: this.options.agent?.firstName,
                LastName: this.options.agent?.lastName,
                ARN: this.options.agent?.arn,
              },
              rest,
            )
          : undefined;
      default:
        return undefined;
    }
  }

  // -------------------------------------------------------------- queues, hours, events

  queue(id: string | undefined): QueueState | undefined {
    if (!id) return undefined;
    return (
      this.options.queues?.[id] ??
      Object.entries(this.options.queues ?? {}).find(([k]) => id.endsWith(`/${k}`))?.[1]
    );
  }

  knowsQueue(id: string): boolean {
    return Object.keys(this.options.queues ?? {}).length === 0 || this.queue(id) !== undefined;
  }

  queueName(id: string): string | undefined {
    return this.queue(id)?.name;
  }

  /** The queue the contact is in once queued (queue, whisper and disconnect flows); before that the working queue. */
  currentQueue(): string | undefined {
    return this.queued ?? this.contact.workingQueue;
  }

  isOpen(hoursId: string | undefined): boolean | undefined {
    const id = hoursId ?? this.queue(this.currentQueue())?.hours;
    const hours = id
      ? (this.options.hours?.[id] ??
        Object.entries(this.options.hours ?? {}).find(([k]) => id.endsWith(`/${k}`))?.[1])
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
    const account = this.contact.instanceArn.split(':')[4] ?? '111122223333';
    const queue = this.queued;
    const detail: Record<string, unknown> = {
      eventType,
      contactId: this.contact.id,
      initialContactId: this.contact.id,
      channel: this.contact.channel,
      instanceArn: this.contact.instanceArn,
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
              agentArn: this.options.agent?.arn ?? `${this.contact.instanceArn}/agent/simulated`,
              connectedToAgentTimestamp: new Date(this.connectedToAgentAt ?? this.clock).toISOString(),
            },
          }
        : {}),
      ...(eventType === 'DISCONNECTED' ? { disconnectTimestamp: time } : {}),
    };
    this.contactEvents.push({
      version: '0',
      id: `${this.contact.id.slice(0, 8)}-0000-4000-8000-${String(this.contactEvents.length).padStart(12, '0')}`,
      'detail-type': 'Amazon Connect Contact Event',
      source: 'aws.connect',
      account,
      time,
      region: this.contact.instanceArn.split(':')[3] ?? 'ap-northeast-1',
      resources: [`${this.contact.instanceArn}/contact/${this.contact.id}`, this.contact.instanceArn],
      detail,
    });
  }
}

// ------------------------------------------------------------------ helpers

function lookup(value: unknown, keys: readonly string[]): string | undefined {
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
