import {
  ActionBlock,
  AttributeCheckBlock,
  Block,
  type BlockInit,
  BlockRef,
  CallbackNumberBlock,
  CustomBlock,
  EndBlock,
  HoursBlock,
  INTERNALS,
  LoopBlock,
  MenuBlock,
  ModuleBlock,
  PhoneInputBlock,
  QueueMetricsBlock,
  QueueTransferBlock,
  StepBlock,
  type Target,
} from './blocks.ts';
import { callError, FlowBuildError, formatDiagnostic } from './build-error.ts';
import {
  FLOW_LANGUAGE_VERSION,
  type FlowAction,
  type FlowDocument,
  type FlowType,
  type ModuleSettings,
} from './model.ts';
import { type LooseParameters, normalizeParameters, writeActions } from './serialize.ts';
import { type Diagnostic, type ValidateOptions, validateFlow } from './validator.ts';

/**
 * The typed flow builder: one method per action type, named branches, block names as identifiers.
 * Every call is checked at once against the catalog (parameters, identifier, flow type), so a
 * mistake fails on the line that made it; `build()` runs the full validator and throws a
 * FlowBuildError listing every error. The output is a plain FlowDocument: `flowContent(flow)`
 * gives the `Content` string, or `Stack.toJsonString(flow)` when it holds CDK tokens.
 *
 * The blocks and their branch methods are in blocks.ts, the output in serialize.ts; this module
 * exports all an author needs.
 */

export {
  ActionBlock,
  AttributeCheckBlock,
  type Block,
  BlockRef,
  BranchBlock,
  CallbackNumberBlock,
  CustomBlock,
  type Digit,
  type DtmfKey,
  EndBlock,
  HoursBlock,
  LoopBlock,
  MenuBlock,
  ModuleBlock,
  PhoneInputBlock,
  QueueMetricsBlock,
  QueueTransferBlock,
  StepBlock,
  type Target,
} from './blocks.ts';
export { FlowBuildError } from './build-error.ts';
export { flowContent, type LooseParameters, type LooseValue } from './serialize.ts';

// ---------------------------------------------------------------- option types

/** Exactly one prompt: `Text` (may embed `$.External.x`), `SSML` or a recorded `PromptId` (ARN). */
export type Prompt =
  | { readonly text: string; readonly ssml?: never; readonly promptId?: never }
  | { readonly ssml: string; readonly text?: never; readonly promptId?: never }
  | { readonly promptId: string; readonly text?: never; readonly ssml?: never };

export type MenuOptions = Prompt & {
  /** `InputTimeLimitSeconds`, whole seconds above 0. @default 5 */
  readonly timeoutSeconds?: number;
};

export type DigitsOptions = Prompt & {
  /** `CustomValidation.MaximumLength`: how many keys to collect, 1-20. */
  readonly maxDigits: number;
  /** `InputTimeLimitSeconds`, whole seconds above 0. A timeout stores "Timeout" and continues. @default 5 */
  readonly timeoutSeconds?: number;
  /** `DTMFConfiguration.InputTerminationSequence`: 1-5 of 0-9 * #. */
  readonly endKeys?: string;
  /** `DTMFConfiguration.DisableCancelKey`. */
  readonly disableCancelKey?: boolean;
  /** `DTMFConfiguration.InterdigitTimeLimitSeconds`, 1-20. */
  readonly interdigitTimeoutSeconds?: number;
};

export type PhoneNumberOptions = Prompt & {
  /** `InputTimeLimitSeconds`, whole seconds above 0. @default 5 */
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
 * and are emitted in the order a caller meets them, whatever order the code creates them in.
 *
 * ```ts
 * const b = new FlowBuilder({ type: 'CONTACT_FLOW' });
 * b.start(b.setLogging('logging').next('main-menu'));
 * b.getInput('main-menu', { text: '…', timeoutSeconds: 5 })
 *   .when('1', 'billing').onTimeout('retry').onNoMatch('retry').otherwise('bye');
 * b.loop('retry', 2).onContinue('main-menu').onDone('bye');
 * b.disconnect('bye');
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

  /** A block by name, to be created later; giving the name itself does the same. */
  ref(name: string): BlockRef {
    return new BlockRef(name);
  }

  /** StartAction: the first block the contact enters. */
  start(target: Target): void {
    if (this.#start) {
      throw callError('start', nameOf(target), {
        rule: 'document/start-action',
        severity: 'error',
        path: '$.StartAction',
        message: `the flow already starts at "${nameOf(this.#start)}": call start() once`,
      });
    }
    if (target instanceof Block && target[INTERNALS]().owner !== this) {
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
    } else if (!this.#blocks.has(nameOf(this.#start))) {
      findings.push({
        rule: 'document/start-action',
        severity: 'error',
        path: '$.StartAction',
        message: `start("${nameOf(this.#start)}"): no block has that name: create it, or fix the name`,
      });
    }
    const actions = writeActions(
      [...this.#blocks.values()].map((block) => block[INTERNALS]()),
      this.#start === undefined ? undefined : nameOf(this.#start),
      findings,
    );
    const flow: FlowDocument = {
      Version: FLOW_LANGUAGE_VERSION,
      StartAction: this.#start ? nameOf(this.#start) : '',
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
    const parameters = normalizeParameters(loose, (path, value) => {
      throw callError(method, name, {
        rule: 'parameters/not-string',
        severity: 'error',
        action: name,
        path,
        message: `${String(value)} cannot be written as a parameter: give a finite number or a string`,
      });
    });
    const probe: FlowAction = { Identifier: name, Type: type, Parameters: parameters, Transitions: {} };
    const findings = validateFlow(
      { Version: FLOW_LANGUAGE_VERSION, StartAction: name, Actions: [probe] },
      { flowType: this.type },
    )
      .filter((d) => d.severity === 'error' && AT_CALL_RULES.test(d.rule))
      .map((d) => ({ ...d, path: d.path.replace(/^\$\.Actions\[0\]\.?/, '') }));
    const [first] = findings;
    if (first) throw callError(method, name, first, findings);
    const block = new Kind({ owner: this, method, name, type, parameters });
    this.#blocks.set(name, block);
    return block;
  }
}

function promptParameters(prompt: Prompt): LooseParameters {
  return { Text: prompt.text, SSML: prompt.ssml, PromptId: prompt.promptId };
}

function nameOf(target: Target): string {
  return typeof target === 'string' ? target : target.name;
}
