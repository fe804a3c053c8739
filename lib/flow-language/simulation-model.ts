import type { FlowAction, FlowDocument, FlowType, ParameterValue } from './model.ts';

/**
 * The simulator's public types (what a run takes and gives back) and the runtime an action's
 * `run` works with. Types only: the simulator core implements them, action modules use them.
 */

// ------------------------------------------------------------------ inputs

export type Channel = 'VOICE' | 'CHAT' | 'TASK' | 'EMAIL';

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
  /** One outcome per call, in order (the last repeats): an answer, or a failure. */
  | { readonly calls: readonly ({ readonly response: unknown } | { readonly error: string })[] }
  | { readonly error: string };

export interface SimulationFlow {
  readonly flow: FlowDocument;
  /** Names it is referred by: id, ARN, readable name. */
  readonly names: readonly string[];
  /**
   * Its flow type, when known. A whisper, hold or agent transfer flow the contact enters runs with
   * the scripted agent already there ($.Agent).
   */
  readonly type?: FlowType;
}

export interface AgentScript {
  /** Agent shown in whisper flows and contact events. */
  readonly firstName?: string;
  readonly lastName?: string;
  readonly userName?: string;
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
  /**
   * The queue the contact is in, or was put in, before the entry flow starts: what a flow that
   * runs on its own sees as $.Queue and in the queue blocks. A queue transfer flow's quick connect
   * queue, the queue a customer queue or whisper flow runs for. @default none
   */
  readonly workingQueue?: string;
  /**
   * $.External as the contact arrives: what the last function called before the entry flow
   * returned, when the contact comes by TransferToFlow from a flow that called one (Connect keeps
   * $.External until the next call). @default empty
   */
  readonly external?: Readonly<Record<string, unknown>>;
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
  /**
   * What the Lex bots return, one result per bot turn in order (the last repeats). Without it, the
   * customer's input is taken as the intent's name.
   */
  readonly lex?: readonly LexResult[];
  /** What a view (ShowView) returns, one result per view shown in order. @default the first action the view offers */
  readonly views?: readonly ViewResult[];
  /**
   * The queue the contact is already in when the entry flow starts: a whisper, queue or hold flow
   * runs for a queued contact ($.Queue.Name, CheckMetricData without a queue). It is also the
   * working queue unless `workingQueue` says otherwise.
   */
  readonly queue?: string;
  /** Stop before running the action with this identifier (an outcome `stopped`). */
  readonly stopAt?: string;
}

/** A Lex bot's answer: the intent it recognised and the slots it filled. */
export interface LexResult {
  readonly intent: string;
  readonly slots?: Readonly<Record<string, string>>;
  readonly sessionAttributes?: Readonly<Record<string, string>>;
  /** How sure the bot is of the intent, 0 to 1: $.Lex.IntentConfidence.Score. @default none */
  readonly confidence?: number;
}

/** A view's answer: the action the agent or customer took (a condition value) and its data. */
export interface ViewResult {
  readonly action: string;
  readonly data?: Readonly<Record<string, unknown>>;
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
  /** Handed to someone outside the instance (TransferParticipantToThirdParty): the flow is over. */
  | { readonly kind: 'transferred'; readonly to: string }
  /** The run stopped at `stopAt`, before running that action. */
  | { readonly kind: 'stopped'; readonly at: string; readonly flow: string }
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
  | { readonly type: 'unsupported'; readonly action: string; readonly actionType: string }
  /** What an action did that has no event of its own (a task created, a stream started, a view shown). */
  | { readonly type: 'note'; readonly action: string; readonly text: string }
  | {
      readonly type: 'lex';
      /** The bot, as the block names it when it runs (its alias ARN resolved, or the Lex V1 name). */
      readonly bot?: string;
      readonly intent: string;
      readonly slots: Readonly<Record<string, string>>;
    }
  | { readonly type: 'transfer'; readonly to: string };

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

// ------------------------------------------------------------------ the runtime actions see

/** Where a run goes after an action: the next action's identifier, or an outcome that ends it. */
export type Step = { readonly id: string } | { readonly outcome: Outcome };

/** One running flow: loop counters and $.FlowAttributes live for this flow run only. */
export interface Frame {
  readonly flow: SimulationFlow;
  readonly name: string;
  readonly loops: Map<string, number>;
  readonly flowAttributes: Map<string, string>;
}

/** What a Lambda call gave: its response, or why it failed. */
export type LambdaCall = { readonly response: unknown } | { readonly error: string };

/** The contact as the flow sees and changes it. */
export interface ContactState {
  readonly id: string;
  readonly channel: Channel;
  readonly from: string;
  readonly to: string | undefined;
  readonly instanceArn: string;
  readonly attributes: Record<string, string>;
  /** $.External: the latest Lambda call's result only. */
  external: Record<string, unknown>;
  stored: string | undefined;
  lex: LexResult | undefined;
  /** $.Views: the latest view's result. */
  view: ViewResult | undefined;
  languageCode: string;
  voice: string;
  workingQueue: string | undefined;
  callbackNumber: string | undefined;
  callback: { number: string; queue?: string } | undefined;
  metrics: Record<string, unknown>;
  /** $.MediaStreams: set once media streaming starts. */
  mediaStreams: Record<string, unknown>;
  readonly hooks: Map<string, string>;
}

/**
 * What an action module's `run` may use: the contact, the flow it runs in, the scripted world
 * (customer, Lambdas, queues, hours) and the moves every action ends with.
 */
export interface FlowRuntime {
  readonly contact: ContactState;
  readonly frame: Frame;
  readonly options: SimulationOptions;
  /** The contact's clock, ms since the epoch. */
  readonly now: number;
  /** Moves the contact's clock on. */
  advance(seconds: number): void;
  /** The run's deterministic random number in [0, 1). */
  random(): number;
  emit(event: SimulationEvent): void;

  next(action: FlowAction): Step;
  /** Follows an error branch; an undeclared one drops the contact, as Connect does. */
  fail(action: FlowAction, errorType: string): Step;
  /** The first condition `value` matches, else NoMatchingCondition (declared) or NextAction. */
  branch(action: FlowAction, value: string | undefined): Step;

  /** A parameter that is one JSONPath resolves to its value; other text has its references replaced. */
  resolveValue(value: ParameterValue | undefined): string;
  resolveText(text: string): string;
  resolvePath(path: string): string | undefined;

  /** Plays a prompt's Text, SSML or PromptId (to the agent in a whisper). */
  prompt(parameters: Readonly<Record<string, ParameterValue>>, to?: 'agent'): void;
  /** The customer's next input (digits, chat text or `timeout`), undefined when none comes. */
  takeInput(): Promise<string | undefined>;
  /** The next scripted Lex result, if the script has one. */
  takeLex(): LexResult | undefined;
  /** The next scripted view result, if the script has one. */
  takeView(): ViewResult | undefined;

  queue(id: string | undefined): QueueState | undefined;
  /** Whether a queue id is one the world knows (true when the world lists no queues). */
  knowsQueue(id: string): boolean;
  queueName(id: string): string | undefined;
  /** The queue the contact is in once queued; before that, its working queue. */
  currentQueue(): string | undefined;
  /** Whether hours of operation (by id, else the current queue's) are open now; undefined if unknown. */
  isOpen(hoursId: string | undefined): boolean | undefined;
  /** Puts the contact in a queue (or an agent's queue): the flow ends `queued`. */
  enqueue(target: string): Step;

  /** The flow or module a name or ARN names; a name outside the flow set ends the run with an error. */
  flowNamed(name: string, by: string): SimulationFlow;
  runFlow(flow: SimulationFlow, name: string): Promise<Outcome>;
  /** Calls a function by ARN or name, within `limitSeconds`. */
  callLambda(arn: string, parameters: Record<string, string>, limitSeconds: number): Promise<LambdaCall>;
  /**
   * When the contact's wait ends (the agent answers, the queue time is over, the hold ends): while
   * a queue flow plays, that wait's end; otherwise `holdSeconds` after the contact started.
   */
  readonly waitEndsAt: number;
  /** Ends the queue or hold flow whose wait is over. */
  waitOver(): never;
}
