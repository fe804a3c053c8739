import { ACTIONS } from './catalog.ts';
import {
  type Condition,
  type ConditionOperator,
  type ConditionTransition,
  type ErrorTransition,
  FLOW_LANGUAGE_VERSION,
  type FlowAction,
  type FlowDocument,
  type FlowType,
  type ModuleSettings,
  type Parameters,
  type ParameterValue,
  type Transitions,
} from './model.ts';
import { type Diagnostic, type ValidateOptions, validateFlow } from './validator.ts';

/**
 * The typed flow builder: one method per action type, named branches, block names as identifiers.
 * Every call is checked at once against the catalog (parameters, identifier, flow type), so a
 * mistake fails on the line that made it; `build()` runs the full validator and throws a
 * FlowBuildError listing every error. The output is a plain FlowDocument: `flowContent(flow)`
 * gives the `Content` string, or `Stack.toJsonString(flow)` when it holds CDK tokens.
 */

// ---------------------------------------------------------------- errors

/** A flow that Connect would reject (or that would drop contacts), with one Diagnostic per finding. */
export class FlowBuildError extends Error {
  override readonly name = 'FlowBuildError';
  readonly diagnostics: readonly Diagnostic[];

  constructor(message: string, diagnostics: readonly Diagnostic[]) {
    super(message);
    this.diagnostics = diagnostics;
  }
}

// ---------------------------------------------------------------- option types

/** A value the builder accepts: numbers and booleans become strings ("8", "True"), as exports write them; `undefined` leaves the key out. */
export type LooseValue =
  | string
  | number
  | boolean
  | undefined
  | readonly LooseValue[]
  | { readonly [key: string]: LooseValue };
export type LooseParameters = { readonly [key: string]: LooseValue };

/** Exactly one prompt: `Text` (may embed `$.External.x`), `SSML` or a recorded `PromptId` (ARN). */
export type Prompt =
  | { readonly text: string; readonly ssml?: never; readonly promptId?: never }
  | { readonly ssml: string; readonly text?: never; readonly promptId?: never }
  | { readonly promptId: string; readonly text?: never; readonly ssml?: never };

export type DtmfKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#';
export type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export type MenuOptions = Prompt & {
  /** `InputTimeLimitSeconds`, 1-180. @default 5 */
  readonly timeoutSeconds?: number;
};

export type DigitsOptions = Prompt & {
  /** `CustomValidation.MaximumLength`: how many keys to collect, 1-20. */
  readonly maxDigits: number;
  /** `InputTimeLimitSeconds`, 1-180. A timeout stores "Timeout" and continues. @default 5 */
  readonly timeoutSeconds?: number;
  /** `DTMFConfiguration.InputTerminationSequence`: 1-5 of 0-9 * #. */
  readonly endKeys?: string;
  /** `DTMFConfiguration.DisableCancelKey`. */
  readonly disableCancelKey?: boolean;
  /** `DTMFConfiguration.InterdigitTimeLimitSeconds`, 1-20. */
  readonly interdigitTimeoutSeconds?: number;
};

export type PhoneNumberOptions = Prompt & {
  /** `InputTimeLimitSeconds`, 1-180. @default 5 */
  readonly timeoutSeconds?: number;
} & (
    | { readonly format: 'E164'; readonly countryCode?: string }
    | { readonly format: 'Local'; readonly countryCode: string }
  );

export interface LambdaOptions {
  /** `LambdaFunctionARN`: an ARN, a CDK token (`fn.functionArn`) or one JSONPath. */
  readonly functionArn: string;
  /** `InvocationTimeLimitSeconds`, 1-8 (Connect retries within it). @default 8 */
  readonly timeoutSeconds?: number;
  /** `InvocationType`. @default the service's (synchronous) */
  readonly invocationType?: 'SYNCHRONOUS' | 'ASYNCHRONOUS';
  /** `LambdaInvocationAttributes`: sent to the function; values may be JSONPath. */
  readonly attributes?: { readonly [key: string]: string | number };
  /** `ResponseValidation.ResponseType`; the response lands in `$.External`. @default 'STRING_MAP' */
  readonly responseType?: 'STRING_MAP' | 'JSON';
}

export type Queue =
  | { readonly queueId: string; readonly agentId?: never }
  | { readonly agentId: string; readonly queueId?: never };

export type QueueMetric =
  | 'NumberOfAgentsAvailable'
  | 'NumberOfAgentsStaffed'
  | 'NumberOfAgentsOnline'
  | 'OldestContactInQueueAgeSeconds'
  | 'NumberOfContactsInQueue';

export type QueueMetricsOptions = { readonly metric: QueueMetric } & (
  | Queue
  | { readonly queueId?: never; readonly agentId?: never }
);

export type EventHook =
  | 'CustomerRemaining'
  | 'CustomerQueue'
  | 'CustomerHold'
  | 'CustomerWhisper'
  | 'AgentHold'
  | 'AgentWhisper'
  | 'DefaultAgentUI'
  | 'DisconnectAgentUI'
  | 'PauseContact'
  | 'ResumeContact';

export interface VoiceOptions {
  /** `TextToSpeechVoice`, a Polly voice: Takumi, Kazuha, Tomoko, Mizuki (ja-JP), Joanna (en-US). */
  readonly voice: string;
  /** `TextToSpeechEngine`, lower case as recent API checks require. */
  readonly engine?: 'standard' | 'neural' | 'long-form' | 'generative';
  readonly style?: 'None' | 'Conversational' | 'Newscaster';
}

export interface ContactDataOptions {
  /** `LanguageCode`, e.g. ja-JP, en-US (or one JSONPath). */
  readonly languageCode?: string;
  readonly name?: string;
  readonly description?: string;
}

export type CallbackOptions = (Queue | { readonly queueId?: never; readonly agentId?: never }) & {
  /** `InitialCallDelaySeconds`, 1-259200. */
  readonly initialDelaySeconds?: number;
  /** `RetryDelaySeconds`, 1-259200. */
  readonly retryDelaySeconds?: number;
  /** `MaximumConnectionAttempts`, at least 1. */
  readonly maxAttempts?: number;
  /** `ContactFlowId` of the outbound whisper flow that runs when the callback dials. */
  readonly flowId?: string;
};

export interface FlowBuilderProps {
  /** What the flow is deployed as: the `Type` of CfnContactFlow, or MODULE for CfnContactFlowModule. */
  readonly type: FlowType;
  /** Names the flow in error messages. @default none: messages name the flow type */
  readonly name?: string;
  /** The channels contacts reach the flow on (see ValidateOptions.channels). @default unknown */
  readonly channels?: ValidateOptions['channels'];
}

// ---------------------------------------------------------------- blocks

/** A branch target: a block, or a name to be resolved at build time (`b.ref('main-menu')`). */
export type Target = Block | BlockRef;

/** A block named before it exists, for loops and back-edges. Resolved (or reported) by `build()`. */
export class BlockRef {
  constructor(readonly name: string) {}
}

interface Edge {
  /** The method that set it, for messages: `next`, `onTimeout`, `when("1")`. */
  readonly branch: string;
  readonly target: Target;
}

interface BlockInit {
  readonly builder: FlowBuilder;
  readonly method: string;
  readonly name: string;
  readonly type: string;
  readonly parameters: Parameters;
}

/** What `build()` reads from a block; keyed by a module-private symbol, so only this module can. */
interface BlockInternals {
  readonly builder: FlowBuilder;
  readonly method: string;
  readonly parameters: Parameters;
  readonly next: Edge | undefined;
  readonly errors: readonly (Edge & { readonly errorType: string })[];
  readonly conditions: readonly (Edge & { readonly condition: Condition })[];
  readonly nextHint: string | undefined;
}

const INTERNALS = Symbol('flow-builder.internals');

/** One action of the flow. Create blocks with FlowBuilder methods, never with `new`. */
export abstract class Block {
  /** The action's `Identifier`. */
  readonly name: string;
  /** The action's `Type`. */
  readonly type: string;
  protected readonly builder: FlowBuilder;
  protected readonly method: string;
  protected readonly parameters: Parameters;
  protected nextEdge: Edge | undefined;
  protected readonly errors: (Edge & { readonly errorType: string })[] = [];
  protected readonly conditions: (Edge & { readonly condition: Condition })[] = [];

  constructor(init: BlockInit) {
    this.builder = init.builder;
    this.method = init.method;
    this.name = init.name;
    this.type = init.type;
    this.parameters = init.parameters;
  }

  /** NextAction when none was set: the target of the branch exports put there. */
  protected defaultNext(): Edge | undefined {
    return undefined;
  }

  /** The calls that would give this block its NextAction; undefined for a block that ends the flow. */
  protected nextHint(): string | undefined {
    return '.next(block)';
  }

  [INTERNALS](): BlockInternals {
    return {
      builder: this.builder,
      method: this.method,
      parameters: this.parameters,
      next: this.nextEdge ?? this.defaultNext(),
      errors: this.errors,
      conditions: this.conditions,
      nextHint: this.nextHint(),
    };
  }

  /** A mistake in a branch call: the message names the branch, so no path precedes it. */
  protected fail(rule: string, path: string, message: string): never {
    throw new FlowBuildError(`${this.method} "${this.name}": ${message}`, [
      { rule, severity: 'error', action: this.name, path, message },
    ]);
  }

  protected checkTarget(branch: string, target: Target): void {
    if (target instanceof Block && target[INTERNALS]().builder !== this.builder) {
      this.fail(
        'transition/unresolved',
        'Transitions',
        `${branch} targets block "${target.name}" of another FlowBuilder: a flow can only go to its own blocks (use transferToFlow or invokeModule)`,
      );
    }
  }

  protected setNext(branch: string, target: Target): this {
    this.checkTarget(branch, target);
    if (this.nextEdge) {
      this.fail(
        'transition/duplicate',
        'Transitions.NextAction',
        `${branch} sets the next block, but ${this.nextEdge.branch} already did (to "${targetName(this.nextEdge.target)}")`,
      );
    }
    this.nextEdge = { branch, target };
    return this;
  }

  protected addError(errorType: string, branch: string, target: Target): this {
    this.checkTarget(branch, target);
    const earlier = this.errors.find((e) => e.errorType === errorType);
    if (earlier) {
      this.fail(
        'errors/duplicate',
        'Transitions.Errors',
        `${branch} is set twice (first to "${targetName(earlier.target)}"): each branch may be set once`,
      );
    }
    this.errors.push({ errorType, branch, target });
    return this;
  }

  protected addCondition(
    operator: ConditionOperator,
    operand: string | number,
    branch: string,
    target: Target,
  ): this {
    this.checkTarget(branch, target);
    const value = scalar(operand, () =>
      this.fail(
        'parameters/not-string',
        'Transitions.Conditions',
        `${branch}: the operand must be a finite number or a string`,
      ),
    );
    if (value === '') {
      this.fail(
        'parameters/empty-string',
        'Transitions.Conditions',
        `${branch}: an empty operand is rejected; use " " if you mean a blank`,
      );
    }
    if (this.conditions.some((c) => c.condition.Operator === operator && c.condition.Operands[0] === value)) {
      this.fail(
        'conditions/duplicate',
        'Transitions.Conditions',
        `${branch}: this block already branches on ${operator} ${JSON.stringify(value)}`,
      );
    }
    this.conditions.push({ condition: { Operator: operator, Operands: [value] }, branch, target });
    return this;
  }

  protected targetOfError(errorType: string): Edge | undefined {
    return this.errors.find((e) => e.errorType === errorType);
  }

  protected targetOfCondition(operand: string): Edge | undefined {
    return this.conditions.find((c) => c.condition.Operands[0] === operand);
  }
}

/** A block that ends the flow (Disconnect, End flow, Return): no branches. */
export class EndBlock extends Block {
  protected override nextHint(): undefined {
    return undefined;
  }
}

/** A block with a next block and no error branch (Set logging, Change routing priority). */
export class StepBlock extends Block {
  /**
   * NextAction: where the contact goes when this block is done. (Not `then`: a block with a `then`
   * method is a thenable, and `await`ing one, or returning one from an async fragment, would hang.)
   */
  next(target: Target): this {
    return this.setNext('next', target);
  }
}

/** A block that can fail with NoMatchingError. */
export class ActionBlock extends StepBlock {
  /** NoMatchingError: where the contact goes when this block fails. */
  onError(target: Target): this {
    return this.addError('NoMatchingError', 'onError', target);
  }
}

/** Get customer input, menu mode: one branch per key. NextAction defaults to the onNoMatch target. */
export class MenuBlock extends ActionBlock {
  /** The caller pressed `key`. */
  when(key: DtmfKey | Digit, target: Target): this {
    return this.addCondition('Equals', key, `when(${JSON.stringify(String(key))})`, target);
  }
  /** InputTimeLimitExceeded: the caller pressed nothing. */
  onTimeout(target: Target): this {
    return this.addError('InputTimeLimitExceeded', 'onTimeout', target);
  }
  /** NoMatchingCondition: the caller pressed a key no `when` names. */
  onNoMatch(target: Target): this {
    return this.addError('NoMatchingCondition', 'onNoMatch', target);
  }
  protected override defaultNext(): Edge | undefined {
    return this.targetOfError('NoMatchingCondition');
  }
  protected override nextHint(): string {
    return '.onNoMatch(block) or .next(block)';
  }
}

/** Get customer input storing a phone number: InvalidPhoneNumber has its own branch. */
export class PhoneInputBlock extends ActionBlock {
  /** InvalidPhoneNumber: the digits are not a valid number in the expected format. */
  onInvalidNumber(target: Target): this {
    return this.addError('InvalidPhoneNumber', 'onInvalidNumber', target);
  }
}

/** A block that branches on values (Check contact attributes, Check queue status). NextAction defaults to the onNoMatch target. */
export abstract class BranchBlock extends StepBlock {
  /** The value equals `value`. */
  when(value: string | number, target: Target): this {
    return this.addCondition('Equals', value, `when(${JSON.stringify(String(value))})`, target);
  }
  whenGreaterThan(value: number | string, target: Target): this {
    return this.addCondition('NumberGreaterThan', value, `whenGreaterThan(${value})`, target);
  }
  whenGreaterOrEqual(value: number | string, target: Target): this {
    return this.addCondition('NumberGreaterOrEqualTo', value, `whenGreaterOrEqual(${value})`, target);
  }
  whenLessThan(value: number | string, target: Target): this {
    return this.addCondition('NumberLessThan', value, `whenLessThan(${value})`, target);
  }
  whenLessOrEqual(value: number | string, target: Target): this {
    return this.addCondition('NumberLessOrEqualTo', value, `whenLessOrEqual(${value})`, target);
  }
  /** NoMatchingCondition: no condition matched (conditions are tried in the order given). */
  onNoMatch(target: Target): this {
    return this.addError('NoMatchingCondition', 'onNoMatch', target);
  }
  protected override defaultNext(): Edge | undefined {
    return this.targetOfError('NoMatchingCondition');
  }
  protected override nextHint(): string {
    return '.onNoMatch(block) or .next(block)';
  }
}

/** Check contact attributes (Compare): Equals, text and number conditions on one JSONPath. */
export class AttributeCheckBlock extends BranchBlock {
  whenStartsWith(text: string, target: Target): this {
    return this.addCondition('TextStartsWith', text, `whenStartsWith(${JSON.stringify(text)})`, target);
  }
  whenEndsWith(text: string, target: Target): this {
    return this.addCondition('TextEndsWith', text, `whenEndsWith(${JSON.stringify(text)})`, target);
  }
  whenContains(text: string, target: Target): this {
    return this.addCondition('TextContains', text, `whenContains(${JSON.stringify(text)})`, target);
  }
}

/** Check queue status (CheckMetricData): number conditions; declare onNoMatch and onError (both required). */
export class QueueMetricsBlock extends BranchBlock {
  onError(target: Target): this {
    return this.addError('NoMatchingError', 'onError', target);
  }
}

/** Check hours of operation. NextAction defaults to the onError target, else the onClosed one. */
export class HoursBlock extends ActionBlock {
  onOpen(target: Target): this {
    return this.addCondition('Equals', 'True', 'onOpen', target);
  }
  onClosed(target: Target): this {
    return this.addCondition('Equals', 'False', 'onClosed', target);
  }
  protected override defaultNext(): Edge | undefined {
    return this.targetOfError('NoMatchingError') ?? this.targetOfCondition('False');
  }
  protected override nextHint(): string {
    return '.onError(block) or .next(block)';
  }
}

/** Set callback number: its two failure branches. */
export class CallbackNumberBlock extends StepBlock {
  /** InvalidCallbackNumber: the number is not a valid phone number. */
  onInvalidNumber(target: Target): this {
    return this.addError('InvalidCallbackNumber', 'onInvalidNumber', target);
  }
  /** CallbackNumberNotDialable: valid, but the instance may not dial it. */
  onNotDialable(target: Target): this {
    return this.addError('CallbackNumberNotDialable', 'onNotDialable', target);
  }
}

/** Transfer to queue: the contact leaves the flow on success. NextAction defaults to the onError target, else onAtCapacity. */
export class QueueTransferBlock extends ActionBlock {
  /** QueueAtCapacity: the working queue is full. */
  onAtCapacity(target: Target): this {
    return this.addError('QueueAtCapacity', 'onAtCapacity', target);
  }
  protected override defaultNext(): Edge | undefined {
    return this.targetOfError('NoMatchingError') ?? this.targetOfError('QueueAtCapacity');
  }
  protected override nextHint(): string {
    return '.onError(block)';
  }
}

/** Loop: counts visits. NextAction defaults to the onDone target. */
export class LoopBlock extends StepBlock {
  /** ContinueLooping: taken while the count is not reached. */
  onContinue(target: Target): this {
    return this.addCondition('Equals', 'ContinueLooping', 'onContinue', target);
  }
  /** DoneLooping: taken once the count is reached. */
  onDone(target: Target): this {
    return this.addCondition('Equals', 'DoneLooping', 'onDone', target);
  }
  protected override defaultNext(): Edge | undefined {
    return this.targetOfCondition('DoneLooping');
  }
  protected override nextHint(): string {
    return '.onDone(block)';
  }
}

/** Invoke module: `next` when the module returns; optional branches on its result. */
export class ModuleBlock extends ActionBlock {
  /** The module returned `result` (one of its Settings.Transitions reference names). */
  when(result: string, target: Target): this {
    return this.addCondition('Equals', result, `when(${JSON.stringify(result)})`, target);
  }
  onNoMatch(target: Target): this {
    return this.addError('NoMatchingCondition', 'onNoMatch', target);
  }
  protected override defaultNext(): Edge | undefined {
    return this.targetOfError('NoMatchingCondition');
  }
}

/** An action type the builder has no method for (`b.action(...)`): any error type, any condition. */
export class CustomBlock extends StepBlock {
  onErrorType(errorType: string, target: Target): this {
    if (errorType === '')
      this.fail('parameters/empty-string', 'Transitions.Errors', 'the error type is empty');
    return this.addError(errorType, `onErrorType(${JSON.stringify(errorType)})`, target);
  }
  whenCondition(operator: ConditionOperator, operand: string | number, target: Target): this {
    return this.addCondition(
      operator,
      operand,
      `whenCondition(${operator}, ${JSON.stringify(operand)})`,
      target,
    );
  }
  protected override nextHint(): string | undefined {
    return ACTIONS[this.type] && !ACTIONS[this.type]?.terminal ? '.next(block)' : undefined;
  }
}

// ---------------------------------------------------------------- the builder

/** The `Settings` of a flow module: no parameters, the two standard results. */
function moduleSettings(): ModuleSettings {
  return {
    InputParameters: [],
    OutputParameters: [],
    Transitions: [{ ReferenceName: 'Success' }, { ReferenceName: 'Error' }],
  };
}

/** Rules the validator applies to one action on its own: checked when the block is created. */
const AT_CALL_RULES = /^(identifier|parameters|jsonpath|flow-type)\/|^action\/misspelled-type$/;

type BlockClass<B extends Block> = new (init: BlockInit) => B;

/**
 * Builds one flow (or module). Blocks are named by the author (the names become the Identifiers)
 * and are emitted in creation order, so adding a block changes the output in one place.
 *
 * ```ts
 * const b = new FlowBuilder({ type: 'CONTACT_FLOW' });
 * const bye = b.disconnect('bye');
 * const menu = b.getInput('main-menu', { text: '…', timeoutSeconds: 5 })
 *   .when('1', billing).onTimeout(b.ref('retry')).onNoMatch(b.ref('retry')).onError(bye);
 * b.loop('retry', 2).onContinue(menu).onDone(bye);
 * b.start(b.setLogging('logging').next(menu));
 * const flow = b.build(); // throws FlowBuildError; b.warnings holds the warnings
 * ```
 */
export class FlowBuilder {
  readonly type: FlowType;
  readonly name: string | undefined;
  readonly #blocks = new Map<string, Block>();
  #start: Target | undefined;
  #warnings: readonly Diagnostic[] = [];

  readonly channels: ValidateOptions['channels'];

  constructor(props: FlowBuilderProps) {
    this.type = props.type;
    this.name = props.name;
    this.channels = props.channels;
  }

  /** The warnings of the last `build()` (the service accepts them; each is likely a mistake). */
  get warnings(): readonly Diagnostic[] {
    return this.#warnings;
  }

  /** A block by name, to be created later: for loops and branches back to earlier blocks. */
  ref(name: string): BlockRef {
    return new BlockRef(name);
  }

  /** StartAction: the first block the contact enters. */
  start(target: Target): void {
    if (this.#start) {
      throw callError('start', targetName(target), {
        rule: 'document/start-action',
        severity: 'error',
        path: '$.StartAction',
        message: `the flow already starts at "${targetName(this.#start)}": call start() once`,
      });
    }
    if (target instanceof Block && target[INTERNALS]().builder !== this) {
      throw callError('start', target.name, {
        rule: 'document/start-action',
        severity: 'error',
        path: '$.StartAction',
        message: 'the block belongs to another FlowBuilder',
      });
    }
    this.#start = target;
  }

  // ------------------------------------------------------------ prompts and input

  /** Play prompt (MessageParticipant). */
  playPrompt(name: string, prompt: Prompt): ActionBlock {
    return this.#add(ActionBlock, 'playPrompt', name, 'MessageParticipant', promptParameters(prompt));
  }

  /** Get customer input, menu mode (voice): branch on one key with `.when('1', …)`. */
  getInput(name: string, options: MenuOptions): MenuBlock {
    return this.#add(MenuBlock, 'getInput', name, 'GetParticipantInput', {
      ...promptParameters(options),
      StoreInput: 'False',
      InputTimeLimitSeconds: options.timeoutSeconds ?? 5,
    });
  }

  /** Store customer input (voice): up to `maxDigits` keys into `$.StoredCustomerInput`. */
  getDigits(name: string, options: DigitsOptions): ActionBlock {
    const dtmf = {
      InputTerminationSequence: options.endKeys,
      DisableCancelKey: options.disableCancelKey,
      InterdigitTimeLimitSeconds: options.interdigitTimeoutSeconds,
    };
    return this.#add(ActionBlock, 'getDigits', name, 'GetParticipantInput', {
      ...promptParameters(options),
      StoreInput: 'True',
      InputTimeLimitSeconds: options.timeoutSeconds ?? 5,
      InputValidation: { CustomValidation: { MaximumLength: options.maxDigits } },
      DTMFConfiguration: Object.values(dtmf).some((v) => v !== undefined) ? dtmf : undefined,
    });
  }

  /** Store customer input as a phone number (voice) into `$.StoredCustomerInput`. */
  getPhoneNumber(name: string, options: PhoneNumberOptions): PhoneInputBlock {
    return this.#add(PhoneInputBlock, 'getPhoneNumber', name, 'GetParticipantInput', {
      ...promptParameters(options),
      StoreInput: 'True',
      InputTimeLimitSeconds: options.timeoutSeconds ?? 5,
      InputValidation: {
        PhoneNumberValidation: { NumberFormat: options.format, CountryCode: options.countryCode },
      },
    });
  }

  // ------------------------------------------------------------ data

  /** Invoke AWS Lambda function; the response lands in `$.External`. */
  invokeLambda(name: string, options: LambdaOptions): ActionBlock {
    const attributes = options.attributes ?? {};
    return this.#add(ActionBlock, 'invokeLambda', name, 'InvokeLambdaFunction', {
      LambdaFunctionARN: options.functionArn,
      InvocationTimeLimitSeconds: options.timeoutSeconds ?? 8,
      InvocationType: options.invocationType,
      LambdaInvocationAttributes: Object.keys(attributes).length > 0 ? attributes : undefined,
      ResponseValidation: { ResponseType: options.responseType ?? 'STRING_MAP' },
    });
  }

  /** Set contact attributes (UpdateContactAttributes); values and keys may embed JSONPath. */
  setAttributes(
    name: string,
    attributes: { readonly [key: string]: string | number },
    options: { readonly targetContact?: 'Current' | 'Related' } = {},
  ): ActionBlock {
    return this.#add(ActionBlock, 'setAttributes', name, 'UpdateContactAttributes', {
      Attributes: attributes,
      TargetContact: options.targetContact,
    });
  }

  /** Set contact data (UpdateContactData): the language of the contact, its name, description. */
  setContactData(name: string, options: ContactDataOptions): ActionBlock {
    if (
      options.languageCode === undefined &&
      options.name === undefined &&
      options.description === undefined
    ) {
      throw callError('setContactData', name, {
        rule: 'parameters/required',
        severity: 'error',
        action: name,
        path: 'Parameters',
        message: 'sets nothing: give languageCode, name or description',
      });
    }
    return this.#add(ActionBlock, 'setContactData', name, 'UpdateContactData', {
      LanguageCode: options.languageCode,
      Name: options.name,
      Description: options.description,
    });
  }

  /** Set voice (UpdateContactTextToSpeechVoice). */
  setVoice(name: string, options: VoiceOptions): ActionBlock {
    return this.#add(ActionBlock, 'setVoice', name, 'UpdateContactTextToSpeechVoice', {
      TextToSpeechVoice: options.voice,
      TextToSpeechEngine: options.engine,
      TextToSpeechStyle: options.style,
    });
  }

  /** Set logging behavior (UpdateFlowLoggingBehavior). */
  setLogging(name: string, behavior: 'Enabled' | 'Disabled' = 'Enabled'): StepBlock {
    return this.#add(StepBlock, 'setLogging', name, 'UpdateFlowLoggingBehavior', {
      FlowLoggingBehavior: behavior,
    });
  }

  // ------------------------------------------------------------ checks

  /** Check contact attributes (Compare) on one JSONPath, e.g. `$.External.tier`. */
  checkAttribute(name: string, jsonPath: string): AttributeCheckBlock {
    return this.#add(AttributeCheckBlock, 'checkAttribute', name, 'Compare', { ComparisonValue: jsonPath });
  }

  /** Check hours of operation: of the working queue unless `hoursId` is given. */
  checkHours(name: string, options: { readonly hoursId?: string } = {}): HoursBlock {
    return this.#add(HoursBlock, 'checkHours', name, 'CheckHoursOfOperation', {
      HoursOfOperationId: options.hoursId,
    });
  }

  /** Check queue status (CheckMetricData): of the working queue unless a queue or agent is given. */
  checkQueueMetrics(name: string, options: QueueMetricsOptions): QueueMetricsBlock {
    return this.#add(QueueMetricsBlock, 'checkQueueMetrics', name, 'CheckMetricData', {
      MetricType: options.metric,
      QueueId: options.queueId,
      AgentId: options.agentId,
    });
  }

  // ------------------------------------------------------------ routing

  /** Set working queue (UpdateContactTargetQueue). */
  setQueue(name: string, queue: Queue): ActionBlock {
    return this.#add(ActionBlock, 'setQueue', name, 'UpdateContactTargetQueue', {
      QueueId: queue.queueId,
      AgentId: queue.agentId,
    });
  }

  /** Change routing priority (UpdateContactRoutingBehavior): 1 is served first; the default is 5. */
  setRoutingPriority(name: string, priority: number): StepBlock {
    return this.#add(StepBlock, 'setRoutingPriority', name, 'UpdateContactRoutingBehavior', {
      QueuePriority: priority,
    });
  }

  /** Set an event hook (UpdateContactEventHooks): the flow that runs on `hook`, e.g. CustomerQueue. */
  setEventHook(name: string, hook: EventHook, flowId: string): ActionBlock {
    return this.#add(ActionBlock, 'setEventHook', name, 'UpdateContactEventHooks', {
      EventHooks: { [hook]: flowId },
    });
  }

  /** Set callback number (UpdateContactCallbackNumber) from one JSONPath, e.g. `$.CustomerEndpoint.Address`. */
  setCallbackNumber(name: string, jsonPath: string): CallbackNumberBlock {
    return this.#add(CallbackNumberBlock, 'setCallbackNumber', name, 'UpdateContactCallbackNumber', {
      CallbackNumber: jsonPath,
    });
  }

  /** Create a callback contact (CreateCallbackContact) to the number set by setCallbackNumber. */
  createCallback(name: string, options: CallbackOptions = {}): ActionBlock {
    return this.#add(ActionBlock, 'createCallback', name, 'CreateCallbackContact', {
      QueueId: options.queueId,
      AgentId: options.agentId,
      ContactFlowId: options.flowId,
      InitialCallDelaySeconds: options.initialDelaySeconds,
      RetryDelaySeconds: options.retryDelaySeconds,
      MaximumConnectionAttempts: options.maxAttempts,
    });
  }

  /** Transfer to queue (TransferContactToQueue): the working queue. */
  transferToQueue(name: string): QueueTransferBlock {
    return this.#add(QueueTransferBlock, 'transferToQueue', name, 'TransferContactToQueue', {});
  }

  /** Transfer to flow (TransferToFlow): an id, ARN, CDK token or one JSONPath. */
  transferToFlow(name: string, flowId: string): ActionBlock {
    return this.#add(ActionBlock, 'transferToFlow', name, 'TransferToFlow', { ContactFlowId: flowId });
  }

  /** Invoke module (InvokeFlowModule). */
  invokeModule(name: string, moduleId: string): ModuleBlock {
    return this.#add(ModuleBlock, 'invokeModule', name, 'InvokeFlowModule', { FlowModuleId: moduleId });
  }

  /** Loop: `count` (0-100, or one JSONPath) times onContinue, then onDone. */
  loop(name: string, count: number | string): LoopBlock {
    return this.#add(LoopBlock, 'loop', name, 'Loop', { LoopCount: count });
  }

  // ------------------------------------------------------------ endings

  /** Disconnect (DisconnectParticipant): inbound, transfer and customer queue flows. */
  disconnect(name: string): EndBlock {
    return this.#add(EndBlock, 'disconnect', name, 'DisconnectParticipant', {});
  }

  /** End flow (EndFlowExecution): whisper, hold and customer queue flows. */
  endFlow(name: string): EndBlock {
    return this.#add(EndBlock, 'endFlow', name, 'EndFlowExecution', {});
  }

  /** Return (EndFlowModuleExecution): modules only. */
  endModule(name: string): EndBlock {
    return this.#add(EndBlock, 'endModule', name, 'EndFlowModuleExecution', {});
  }

  /** Any other action type, e.g. `b.action('tag', 'TagContact', { Tags: { tier: 'vip' } })`. */
  action(name: string, type: string, parameters: LooseParameters = {}): CustomBlock {
    return this.#add(CustomBlock, 'action', name, type, parameters);
  }

  // ------------------------------------------------------------ output

  /**
   * The flow document, validated as this builder's flow type. Throws FlowBuildError listing every
   * error; warnings are then in `warnings`. Each call returns a new plain object.
   */
  build(): FlowDocument {
    const findings: Diagnostic[] = [];
    if (!this.#start) {
      findings.push({
        rule: 'document/start-action',
        severity: 'error',
        path: '$.StartAction',
        message: 'the flow has no start: call start(block) with its first block',
      });
    } else if (!this.#blocks.has(targetName(this.#start))) {
      findings.push({
        rule: 'document/start-action',
        severity: 'error',
        path: '$.StartAction',
        message: `start(ref("${targetName(this.#start)}")): no block has that name: create it, or fix the name`,
      });
    }
    const actions = [...this.#blocks.values()].map((block, index) => this.#toAction(block, index, findings));
    const flow: FlowDocument = {
      Version: FLOW_LANGUAGE_VERSION,
      StartAction: this.#start ? targetName(this.#start) : '',
      Actions: actions,
      ...(this.type === 'MODULE' ? { Settings: moduleSettings() } : {}),
    };
    // The builder's findings say which call to make; the validator's on the same action and rule would repeat them.
    const reported = new Set(findings.map((d) => `${d.rule}|${d.action ?? ''}`));
    const diagnostics = [
      ...findings,
      ...validateFlow(flow, {
        flowType: this.type,
        ...(this.channels ? { channels: this.channels } : {}),
      }).filter((d) => !reported.has(`${d.rule}|${d.action ?? ''}`)),
    ];
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      const heading = `${this.name ? `flow "${this.name}"` : 'flow'} (${this.type}) has ${errors.length} error${errors.length === 1 ? '' : 's'}`;
      throw new FlowBuildError(
        `${heading}:\n${errors.map((d) => `  - ${formatDiagnostic(d)}`).join('\n')}`,
        errors,
      );
    }
    this.#warnings = diagnostics.filter((d) => d.severity === 'warning');
    return flow;
  }

  #toAction(block: Block, index: number, findings: Diagnostic[]): FlowAction {
    const inside = block[INTERNALS]();
    const resolve = (edge: Edge, path: string): string => {
      const name = targetName(edge.target);
      if (!this.#blocks.has(name)) {
        findings.push({
          rule: 'transition/unresolved',
          severity: 'error',
          action: block.name,
          path: `$.Actions[${index}].${path}`,
          message: `${inside.method} "${block.name}": ${edge.branch} points at ref("${name}"), but no block has that name: create it, or fix the name`,
        });
      }
      return name;
    };
    if (!inside.next && inside.nextHint) {
      findings.push({
        rule: 'transition/missing-next',
        severity: 'error',
        action: block.name,
        path: `$.Actions[${index}].Transitions.NextAction`,
        message: `${inside.method} "${block.name}" has no next block: call ${inside.nextHint}`,
      });
    }
    const transitions: {
      NextAction?: string;
      Errors?: ErrorTransition[];
      Conditions?: ConditionTransition[];
    } = {};
    if (inside.next) transitions.NextAction = resolve(inside.next, 'Transitions.NextAction');
    if (inside.errors.length > 0) {
      transitions.Errors = inside.errors.map((e, i) => ({
        NextAction: resolve(e, `Transitions.Errors[${i}].NextAction`),
        ErrorType: e.errorType,
      }));
    }
    if (inside.conditions.length > 0) {
      transitions.Conditions = inside.conditions.map((c, i) => ({
        NextAction: resolve(c, `Transitions.Conditions[${i}].NextAction`),
        Condition: { Operator: c.condition.Operator, Operands: [...c.condition.Operands] },
      }));
    }
    return {
      Identifier: block.name,
      Type: block.type,
      Parameters: structuredClone(inside.parameters) as Parameters,
      Transitions: transitions,
    };
  }

  #add<B extends Block>(
    Kind: BlockClass<B>,
    method: string,
    name: string,
    type: string,
    loose: LooseParameters,
  ): B {
    const existing = this.#blocks.get(name);
    if (existing) {
      throw callError(method, name, {
        rule: 'identifier/unique',
        severity: 'error',
        action: name,
        path: 'Identifier',
        message: `a block named "${name}" already exists (${existing[INTERNALS]().method}): names are the flow's identifiers and must be unique; pick another or reuse that block`,
      });
    }
    const parameters = normalize(loose, 'Parameters', (path, value) => {
      throw callError(method, name, {
        rule: 'parameters/not-string',
        severity: 'error',
        action: name,
        path,
        message: `${String(value)} cannot be written as a parameter: give a finite number or a string`,
      });
    }) as Parameters;
    const probe: FlowAction = { Identifier: name, Type: type, Parameters: parameters, Transitions: {} };
    const findings = validateFlow(
      { Version: FLOW_LANGUAGE_VERSION, StartAction: name, Actions: [probe] },
      { flowType: this.type },
    )
      .filter((d) => d.severity === 'error' && AT_CALL_RULES.test(d.rule))
      .map((d) => ({ ...d, path: d.path.replace(/^\$\.Actions\[0\]\.?/, '') }));
    const [first] = findings;
    if (first) throw callError(method, name, first, findings);
    const block = new Kind({ builder: this, method, name, type, parameters });
    this.#blocks.set(name, block);
    return block;
  }
}

// ---------------------------------------------------------------- content

/**
 * The `Content` of CfnContactFlow / CfnContactFlowModule: JSON with a fixed key order (Version,
 * StartAction, Metadata, Actions, Settings; Identifier, Type, Parameters, Transitions; NextAction,
 * Errors, Conditions), whatever order the document was written in. Parameters keep their order.
 * A flow holding CDK tokens goes through `Stack.toJsonString(flow)` instead.
 */
export function flowContent(flow: FlowDocument): string {
  return JSON.stringify({
    Version: flow.Version,
    StartAction: flow.StartAction,
    Metadata: flow.Metadata,
    Actions: flow.Actions.map((a) => ({
      Identifier: a.Identifier,
      Type: a.Type,
      Parameters: a.Parameters,
      Transitions: orderedTransitions(a.Transitions),
    })),
    Settings: flow.Settings,
  });
}

function orderedTransitions(t: Transitions): Transitions {
  return {
    NextAction: t.NextAction,
    Errors: t.Errors?.map((e) => ({ NextAction: e.NextAction, ErrorType: e.ErrorType })),
    Conditions: t.Conditions?.map((c) => ({
      NextAction: c.NextAction,
      Condition: { Operator: c.Condition.Operator, Operands: c.Condition.Operands },
    })),
  };
}

// ---------------------------------------------------------------- helpers

function targetName(target: Target): string {
  return target.name;
}

function promptParameters(prompt: Prompt): LooseParameters {
  return { Text: prompt.text, SSML: prompt.ssml, PromptId: prompt.promptId };
}

function formatDiagnostic(d: Diagnostic): string {
  return `${d.rule}${d.action !== undefined ? ` [${d.action}]` : ''} at ${d.path}: ${d.message}`;
}

function callError(method: string, name: string, first: Diagnostic, all: readonly Diagnostic[] = [first]) {
  const detail = all.map((d) => `${d.path}: ${d.message}`).join('; ');
  return new FlowBuildError(`${method} "${name}": ${detail}`, all);
}

/** Scalars as strings ("8", "True"); anything else (NaN, null, an object) goes to `onBad`. */
function scalar(value: unknown, onBad: () => never): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return onBad();
}

/** Numbers and booleans to strings, undefined entries left out; keys keep the author's order. */
function normalize(
  value: LooseValue,
  path: string,
  onBad: (path: string, value: unknown) => never,
): ParameterValue | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => {
      const n = normalize(v, `${path}[${i}]`, onBad);
      return n === undefined ? [] : [n];
    });
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, ParameterValue> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalize(v, `${path}.${k}`, onBad);
      if (n !== undefined) out[k] = n;
    }
    return out;
  }
  return scalar(value, () => onBad(path, value));
}
