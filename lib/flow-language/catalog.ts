import type { ConditionTransition, FlowAction, FlowType, ParameterValue } from './model.ts';

/**
 * What the flow language allows, per action type: the facts of Amazon Connect's flow language
 * reference (Administrator Guide, "Flow language actions"), as data the validator, the builder and
 * the renderer read. Where the documentation and deployed exports disagree, the export is accepted
 * and the documented stricter form becomes a warning.
 */

/** A problem an action-specific check found; the validator adds the action and its path. */
export interface SpecIssue {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  /** Relative to the action: `Parameters.Text`, `Transitions.Conditions[1]`. */
  readonly path: string;
  readonly message: string;
}

export interface ActionSpec {
  /** Ends the flow: `Parameters {}` and `Transitions {}`, no NextAction. */
  readonly terminal?: boolean;
  /** Error types the action may declare (given the action's mode). */
  readonly errors: (action: FlowAction) => readonly string[];
  /** Error types it must declare. */
  readonly requiredErrors?: (action: FlowAction) => readonly string[];
  /** Error types the service rejects although they look plausible, with the reason. */
  readonly forbiddenErrors?: (action: FlowAction) => readonly { errorType: string; why: string }[];
  /** Whether the action takes conditions. */
  readonly conditions:
    | 'none'
    | 'optional'
    | 'required'
    | ((action: FlowAction) => 'none' | 'optional' | 'required');
  /** Action-specific checks of conditions (operators, operands, required sets). */
  readonly checkConditions?: (conditions: readonly ConditionTransition[], action: FlowAction) => SpecIssue[];
  /** Flow types that accept it; absent means every type. Modules accept every action. */
  readonly flowTypes?: readonly FlowType[];
  /** Only works on these channels (a warning elsewhere). */
  readonly channels?: readonly ('VOICE' | 'CHAT')[];
  /** Action-specific parameter checks. */
  readonly parameters?: (action: FlowAction) => SpecIssue[];
}

const INBOUND: FlowType = 'CONTACT_FLOW';
const TRANSFER: readonly FlowType[] = ['AGENT_TRANSFER', 'QUEUE_TRANSFER'];
const WHISPER: readonly FlowType[] = ['CUSTOMER_WHISPER', 'AGENT_WHISPER', 'OUTBOUND_WHISPER'];
const HOLD: readonly FlowType[] = ['CUSTOMER_HOLD', 'AGENT_HOLD'];
const QUEUE: FlowType = 'CUSTOMER_QUEUE';
const MODULE: FlowType = 'MODULE';

const types = (...groups: (FlowType | readonly FlowType[])[]): readonly FlowType[] => [
  ...groups.flat(),
  MODULE,
];

const only =
  (...errors: string[]) =>
  () =>
    errors;
const NO_ERRORS = only();

// ---------------------------------------------------------------- parameter helpers

export const JSONPATH_START = /^\$\./;

export function isJsonPath(value: unknown): boolean {
  // `$.Attributes.tier`, and the bracket form for keys with spaces: `$.Attributes.['first name']`.
  return typeof value === 'string' && /^\$\.(?:\['[^']*'\]|[^\s'])+$/.test(value);
}

const issue = (
  rule: string,
  path: string,
  message: string,
  severity: 'error' | 'warning' = 'error',
): SpecIssue => ({
  rule,
  severity,
  path,
  message,
});

function param(action: FlowAction, name: string): ParameterValue | undefined {
  return action.Parameters[name];
}

function required(action: FlowAction, ...names: string[]): SpecIssue[] {
  return names
    .filter((n) => param(action, n) === undefined)
    .map((n) => issue('parameters/required', `Parameters.${n}`, `${action.Type} needs Parameters.${n}`));
}

function exactlyOne(action: FlowAction, names: readonly string[], what: string): SpecIssue[] {
  const present = names.filter((n) => param(action, n) !== undefined);
  if (present.length === 1) return [];
  return [
    issue(
      'parameters/exclusive',
      'Parameters',
      present.length === 0
        ? `${action.Type} needs exactly one ${what}: one of ${names.join(', ')}`
        : `${action.Type} takes exactly one ${what}, found ${present.join(' and ')}: keep one`,
    ),
  ];
}

function atMostOne(action: FlowAction, names: readonly string[]): SpecIssue[] {
  const present = names.filter((n) => param(action, n) !== undefined);
  return present.length > 1
    ? [
        issue(
          'parameters/exclusive',
          'Parameters',
          `${action.Type} takes ${names.join(' or ')}, not both: keep one`,
        ),
      ]
    : [];
}

/** A static whole number in [min, max] (or, with `allowJsonPath`, a single JSONPath). */
function range(
  action: FlowAction,
  name: string,
  min: number,
  max: number,
  options: { allowJsonPath?: boolean; path?: string; value?: ParameterValue | undefined } = {},
): SpecIssue[] {
  const value = 'value' in options ? options.value : param(action, name);
  const path = options.path ?? `Parameters.${name}`;
  if (value === undefined) return [];
  if (options.allowJsonPath && isJsonPath(value)) return [];
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isInteger(n) && n >= min && n <= max) return [];
  return [
    issue(
      'parameters/range',
      path,
      `${name} must be a whole number from ${min} to ${max}${options.allowJsonPath ? ' or one JSONPath' : ' (static)'}, got ${JSON.stringify(value)}`,
    ),
  ];
}

function oneOf(action: FlowAction, name: string, allowed: readonly string[]): SpecIssue[] {
  const path = `Parameters.${name}`;
  const value = param(action, name);
  if (value === undefined) return [];
  return typeof value === 'string' && allowed.includes(value)
    ? []
    : [
        issue(
          'parameters/enum',
          path,
          `${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
        ),
      ];
}

function objectAt(value: ParameterValue | undefined): Record<string, ParameterValue> | undefined {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, ParameterValue>)
    : undefined;
}

const PROMPTS = ['Text', 'SSML', 'PromptId'] as const;

function voiceOnlyPrompt(action: FlowAction): SpecIssue[] {
  return ['SSML', 'PromptId']
    .filter((p) => param(action, p) !== undefined)
    .map((p) =>
      issue(
        'channel/voice-only',
        `Parameters.${p}`,
        `${p} plays on voice only: a chat contact gets nothing. Use Text, or branch on $.Channel first`,
        'warning',
      ),
    );
}

// ---------------------------------------------------------------- condition helpers

function operands(c: ConditionTransition): readonly string[] {
  return c.Condition.Operands;
}

function equalsSet(
  conditions: readonly ConditionTransition[],
  action: FlowAction,
  allowed: readonly string[] | RegExp,
  what: string,
): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const seen = new Set<string>();
  conditions.forEach((c, i) => {
    const path = `Transitions.Conditions[${i}]`;
    const value = operands(c)[0] ?? '';
    if (c.Condition.Operator !== 'Equals') {
      issues.push(
        issue(
          'conditions/operator',
          `${path}.Condition.Operator`,
          `${action.Type} conditions use Equals, got ${c.Condition.Operator}`,
        ),
      );
    }
    const ok = Array.isArray(allowed) ? allowed.includes(value) : (allowed as RegExp).test(value);
    if (!ok)
      issues.push(
        issue(
          'conditions/operands',
          `${path}.Condition.Operands`,
          `${action.Type} compares ${what}, got ${JSON.stringify(value)}`,
        ),
      );
    if (seen.has(value)) {
      issues.push(
        issue(
          'conditions/duplicate',
          path,
          `${JSON.stringify(value)} is already a condition of this action: each may appear once`,
        ),
      );
    }
    seen.add(value);
  });
  return issues;
}

function requireEach(
  conditions: readonly ConditionTransition[],
  action: FlowAction,
  needed: readonly string[],
): SpecIssue[] {
  const present = new Set(conditions.map((c) => operands(c)[0]));
  return needed
    .filter((n) => !present.has(n))
    .map((n) =>
      issue('conditions/required', 'Transitions.Conditions', `${action.Type} needs a condition Equals ${n}`),
    );
}

// ---------------------------------------------------------------- the catalog

const isStoreMode = (a: FlowAction) => param(a, 'StoreInput') === 'True';
const hasPhoneValidation = (a: FlowAction) =>
  objectAt(objectAt(param(a, 'InputValidation'))?.PhoneNumberValidation) !== undefined;

export const ACTIONS: Readonly<Record<string, ActionSpec>> = {
  MessageParticipant: {
    errors: only('NoMatchingError'),
    conditions: 'none',
    flowTypes: types(INBOUND, TRANSFER, WHISPER, QUEUE),
    parameters: (a) => [...exactlyOne(a, PROMPTS, 'prompt'), ...voiceOnlyPrompt(a)],
  },
  GetParticipantInput: {
    errors: (a) =>
      isStoreMode(a)
        ? hasPhoneValidation(a)
          ? ['NoMatchingError', 'InvalidPhoneNumber']
          : ['NoMatchingError']
        : ['InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError'],
    forbiddenErrors: (a) =>
      isStoreMode(a)
        ? [
            {
              errorType: 'InputTimeLimitExceeded',
              why: 'in store mode a timeout stores "Timeout" and continues: remove this branch',
            },
          ]
        : [],
    conditions: (a) => (isStoreMode(a) ? 'none' : 'required'),
    checkConditions: (conditions, a) =>
      isStoreMode(a)
        ? []
        : equalsSet(
            conditions,
            a,
            ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'],
            'one DTMF key (0-9, * or #)',
          ),
    flowTypes: types(INBOUND, TRANSFER, QUEUE),
    channels: ['VOICE'],
    parameters: (a) => {
      const issues = [...exactlyOne(a, PROMPTS, 'prompt'), ...oneOf(a, 'StoreInput', ['True', 'False'])];
      if (isStoreMode(a)) {
        const validation = objectAt(param(a, 'InputValidation'));
        if (!validation) {
          issues.push(
            issue(
              'parameters/required',
              'Parameters.InputValidation',
              'store mode needs InputValidation: PhoneNumberValidation or CustomValidation',
            ),
          );
        } else {
          const phone = objectAt(validation.PhoneNumberValidation);
          const custom = objectAt(validation.CustomValidation);
          if ((phone ? 1 : 0) + (custom ? 1 : 0) !== 1) {
            issues.push(
              issue(
                'parameters/exclusive',
                'Parameters.InputValidation',
                'InputValidation takes exactly one of PhoneNumberValidation, CustomValidation',
              ),
            );
          }
          if (phone && !['Local', 'E164'].includes(String(phone.NumberFormat))) {
            issues.push(
              issue(
                'parameters/enum',
                'Parameters.InputValidation.PhoneNumberValidation.NumberFormat',
                `NumberFormat must be Local or E164, got ${JSON.stringify(phone.NumberFormat)}`,
              ),
            );
          }
          if (phone?.NumberFormat === 'Local' && phone.CountryCode === undefined) {
            issues.push(
              issue(
                'parameters/required',
                'Parameters.InputValidation.PhoneNumberValidation.CountryCode',
                'Local phone validation needs a CountryCode such as JP',
              ),
            );
          }
          if (custom && custom.MaximumLength === undefined) {
            issues.push(
              issue(
                'parameters/required',
                'Parameters.InputValidation.CustomValidation.MaximumLength',
                'CustomValidation needs MaximumLength (1-20 digits)',
              ),
            );
          } else if (custom) {
            issues.push(
              ...range(a, 'MaximumLength', 1, 20, {
                value: custom.MaximumLength,
                path: 'Parameters.InputValidation.CustomValidation.MaximumLength',
              }),
            );
          }
        }
        const dtmf = objectAt(param(a, 'DTMFConfiguration'));
        if (dtmf) {
          const end = dtmf.InputTerminationSequence;
          if (end !== undefined && !(typeof end === 'string' && /^[0-9*#]{1,5}$/.test(end))) {
            issues.push(
              issue(
                'parameters/range',
                'Parameters.DTMFConfiguration.InputTerminationSequence',
                `InputTerminationSequence must be 1-5 keys of 0-9 * #, got ${JSON.stringify(end)}`,
              ),
            );
          }
          issues.push(
            ...range(a, 'InterdigitTimeLimitSeconds', 1, 20, {
              value: dtmf.InterdigitTimeLimitSeconds,
              path: 'Parameters.DTMFConfiguration.InterdigitTimeLimitSeconds',
            }),
          );
        }
        issues.push(...range(a, 'InputTimeLimitSeconds', 1, 180));
      } else {
        issues.push(...range(a, 'InputTimeLimitSeconds', 1, 180));
        if (param(a, 'InputValidation') !== undefined) {
          issues.push(
            issue(
              'parameters/forbidden',
              'Parameters.InputValidation',
              'InputValidation applies to store mode only (StoreInput "True")',
            ),
          );
        }
      }
      return issues;
    },
  },
  InvokeLambdaFunction: {
    errors: only('NoMatchingError'),
    conditions: 'none',
    parameters: (a) => {
      const validation = objectAt(param(a, 'ResponseValidation'));
      return [
        ...required(a, 'LambdaFunctionARN'),
        ...range(a, 'InvocationTimeLimitSeconds', 1, 8),
        ...oneOf(a, 'InvocationType', ['SYNCHRONOUS', 'ASYNCHRONOUS']),
        ...(validation && !['STRING_MAP', 'JSON'].includes(String(validation.ResponseType))
          ? [
              issue(
                'parameters/enum',
                'Parameters.ResponseValidation.ResponseType',
                `ResponseType must be STRING_MAP or JSON, got ${JSON.stringify(validation.ResponseType)}`,
              ),
            ]
          : []),
      ];
    },
  },
  UpdateContactAttributes: {
    errors: only('NoMatchingError'),
    conditions: 'none',
    parameters: (a) => {
      const attributes = objectAt(param(a, 'Attributes'));
      const issues = [...required(a, 'Attributes'), ...oneOf(a, 'TargetContact', ['Current', 'Related'])];
      if (attributes && Object.keys(attributes).length === 0) {
        issues.push(
          issue('parameters/required', 'Parameters.Attributes', 'Attributes must set at least one attribute'),
        );
      }
      for (const key of Object.keys(attributes ?? {})) {
        const literal = key.replace(/\$\.[A-Za-z]+(\.[A-Za-z0-9_-]+|\.\['[^']*'\])*/g, '');
        if (!/^[A-Za-z0-9_-]*$/.test(literal)) {
          issues.push(
            issue(
              'parameters/attribute-key',
              `Parameters.Attributes.${key}`,
              `attribute key ${JSON.stringify(key)} may hold only letters, digits, - and _ (and embedded JSONPath)`,
            ),
          );
        }
      }
      return issues;
    },
  },
  Compare: {
    errors: only('NoMatchingCondition'),
    conditions: 'required',
    parameters: (a) => {
      const value = param(a, 'ComparisonValue');
      if (value === undefined) return required(a, 'ComparisonValue');
      if (!isJsonPath(value)) {
        return [
          issue(
            'parameters/jsonpath',
            'Parameters.ComparisonValue',
            `ComparisonValue must be one JSONPath such as $.Attributes.tier, got ${JSON.stringify(value)}`,
          ),
        ];
      }
      if (value === '$.External' || value === '$.Attributes') {
        return [
          issue(
            'parameters/jsonpath',
            'Parameters.ComparisonValue',
            `ComparisonValue must point at one value, not all of ${value}: add the key`,
          ),
        ];
      }
      return [];
    },
  },
  CheckHoursOfOperation: {
    errors: only('NoMatchingError'),
    conditions: 'required',
    checkConditions: (conditions, a) => [
      ...equalsSet(conditions, a, ['True', 'False'], 'True or False'),
      ...requireEach(conditions, a, ['True', 'False']),
    ],
    flowTypes: types(INBOUND, TRANSFER, QUEUE),
  },
  CheckMetricData: {
    errors: only('NoMatchingError', 'NoMatchingCondition'),
    requiredErrors: only('NoMatchingError', 'NoMatchingCondition'),
    conditions: 'required',
    checkConditions: (conditions, a) =>
      param(a, 'MetricType') === 'NumberOfAgentsOnline'
        ? conditions
            .map((c, i) => [c, i] as const)
            .filter(([c]) => c.Condition.Operator !== 'NumberGreaterThan' || operands(c)[0] !== '0')
            .map(([, i]) =>
              issue(
                'conditions/operator',
                `Transitions.Conditions[${i}]`,
                'NumberOfAgentsOnline only supports the condition NumberGreaterThan 0',
              ),
            )
        : [],
    flowTypes: types(INBOUND, TRANSFER, QUEUE),
    parameters: (a) => [
      ...required(a, 'MetricType'),
      ...oneOf(a, 'MetricType', [
        'NumberOfAgentsAvailable',
        'NumberOfAgentsStaffed',
        'NumberOfAgentsOnline',
        'OldestContactInQueueAgeSeconds',
        'NumberOfContactsInQueue',
      ]),
      ...atMostOne(a, ['QueueId', 'AgentId']),
    ],
  },
  GetMetricData: {
    errors: only('NoMatchingError'),
    conditions: 'none',
    parameters: (a) => atMostOne(a, ['QueueId', 'AgentId']),
  },
  UpdateContactTargetQueue: {
    errors: only('NoMatchingError'),
    conditions: 'none',
    flowTypes: types(INBOUND, TRANSFER),
    parameters: (a) => exactlyOne(a, ['QueueId', 'AgentId'], 'target'),
  },
  TransferContactToQueue: {
    errors: only('QueueAtCapacity', 'NoMatchingError'),
    conditions: 'none',
    flowTypes: types(INBOUND, TRANSFER),
  },
  DequeueContactAndTransferToQueue: {
    errors: only('QueueAtCapacity', 'NoMatchingError'),
    conditions: 'none',
    flowTypes: [QUEUE, MODULE],
    parameters: (a) => exactlyOne(a, ['QueueId', 'AgentId'], 'target'),
  },
  UpdateContactTextToSpeechVoice: {
    errors: only('NoMatchingError'),
    conditions: 'none',
    parameters: (a) => {
      const engine = param(a, 'TextToSpeechEngine');
      const issues = [
        ...required(a, 'TextToSpeechVoice'),
        ...oneOf(a, 'TextToSpeechStyle', ['None', 'Conversational', 'Newscaster']),
      ];
      if (engine !== undefined) {
        const lower = typeof engine === 'string' ? engine.toLowerCase() : '';
        if (!['standard', 'neural', 'long-form', 'generative'].includes(lower)) {
          issues.push(
            issue(
              'parameters/enum',
              'Parameters.TextToSpeechEngine',
              `TextToSpeechEngine must be standard, neural, long-form or generative, got ${JSON.stringify(engine)}`,
            ),
          );
        } else if (engine !== lower) {
          issues.push(
            issue(
              'parameters/case',
              'Parameters.TextToSpeechEngine',
              `write TextToSpeechEngine in lower case ("${lower}"); recent API checks reject "${engine}"`,
              'warning',
            ),
          );
        }
      }
      return issues;
    },
  },
  UpdateContactData: {
    errors: only('NoMatchingError'),
    conditions: 'none',
    parameters: (a) => {
      const code = param(a, 'LanguageCode');
      return code === undefined ||
        isJsonPath(code) ||
        (typeof code === 'string' && /^[a-z]{2,3}-[A-Z]{2}$/.test(code))
        ? []
        : [
            issue(
              'parameters/enum',
              'Parameters.LanguageCode',
              `LanguageCode must look like ja-JP or en-US, got ${JSON.stringify(code)}`,
            ),
          ];
    },
  },
  UpdateContactEventHooks: {
    errors: only('NoMatchingError'),
    conditions: 'none',
    parameters: (a) => {
      const hooks = objectAt(param(a, 'EventHooks'));
      if (!hooks) return required(a, 'EventHooks');
      const keys = Object.keys(hooks);
      const known = [
        'CustomerRemaining',
        'CustomerQueue',
        'CustomerHold',
        'CustomerWhisper',
        'AgentHold',
        'AgentWhisper',
        'DefaultAgentUI',
        'DisconnectAgentUI',
        'PauseContact',
        'ResumeContact',
      ];
      if (keys.length !== 1) {
        return [
          issue(
            'parameters/exclusive',
            'Parameters.EventHooks',
            `EventHooks takes exactly one hook per action, found ${keys.length}: use one action per hook`,
          ),
        ];
      }
      const [key] = keys as [string];
      return known.includes(key)
        ? []
        : [
            issue(
              'parameters/enum',
              `Parameters.EventHooks.${key}`,
              `unknown event hook ${key}; one of ${known.join(', ')}`,
            ),
          ];
    },
  },
  UpdateFlowLoggingBehavior: {
    errors: NO_ERRORS,
    conditions: 'none',
    parameters: (a) => [
      ...required(a, 'FlowLoggingBehavior'),
      ...oneOf(a, 'FlowLoggingBehavior', ['Enabled', 'Disabled']),
    ],
  },
  UpdateContactRecordingBehavior: {
    errors: only('NoMatchingError'),
    conditions: 'none',
    parameters: (a) => required(a, 'RecordingBehavior'),
  },
  UpdateContactRoutingBehavior: {
    errors: NO_ERRORS,
    conditions: 'none',
    flowTypes: types(INBOUND, TRANSFER, QUEUE),
    parameters: (a) => [
      ...exactlyOne(a, ['QueuePriority', 'QueueTimeAdjustmentSeconds'], 'routing change'),
      ...range(a, 'QueuePriority', 1, 2_147_483_647),
    ],
  },
  UpdateContactCallbackNumber: {
    errors: only('InvalidCallbackNumber', 'CallbackNumberNotDialable'),
    conditions: 'none',
    flowTypes: types(INBOUND, TRANSFER, QUEUE),
    parameters: (a) => {
      const number = param(a, 'CallbackNumber');
      if (number === undefined) return required(a, 'CallbackNumber');
      return isJsonPath(number)
        ? []
        : [
            issue(
              'parameters/jsonpath',
              'Parameters.CallbackNumber',
              `CallbackNumber must be one JSONPath (e.g. $.Attributes.callbackNumber), never a fixed number`,
            ),
          ];
    },
  },
  CreateCallbackContact: {
    errors: only('NoMatchingError'),
    conditions: 'none',
    flowTypes: types(INBOUND, TRANSFER, QUEUE),
    parameters: (a) => {
      const attempts = param(a, 'MaximumConnectionAttempts');
      return [
        ...atMostOne(a, ['QueueId', 'AgentId']),
        ...range(a, 'InitialCallDelaySeconds', 1, 259_200),
        ...range(a, 'RetryDelaySeconds', 1, 259_200),
        ...(attempts === '0'
          ? [
              issue(
                'parameters/range',
                'Parameters.MaximumConnectionAttempts',
                'MaximumConnectionAttempts "0" is accepted by the service but documented as > 0: use at least 1',
                'warning',
              ),
            ]
          : range(a, 'MaximumConnectionAttempts', 1, 2_147_483_647)),
      ];
    },
  },
  TransferToFlow: {
    errors: only('NoMatchingError'),
    conditions: 'none',
    flowTypes: types(INBOUND, TRANSFER),
    parameters: (a) => required(a, 'ContactFlowId'),
  },
  InvokeFlowModule: {
    errors: only('NoMatchingCondition', 'NoMatchingError'),
    conditions: 'optional',
    parameters: (a) => required(a, 'FlowModuleId'),
  },
  Loop: {
    errors: NO_ERRORS,
    conditions: 'required',
    checkConditions: (conditions, a) => [
      ...equalsSet(conditions, a, ['ContinueLooping', 'DoneLooping'], 'ContinueLooping or DoneLooping'),
      ...requireEach(conditions, a, ['ContinueLooping', 'DoneLooping']),
    ],
    parameters: (a) => [
      ...required(a, 'LoopCount'),
      ...range(a, 'LoopCount', 0, 100, { allowJsonPath: true }),
    ],
  },
  DistributeByPercentage: {
    errors: only('NoMatchingCondition'),
    conditions: 'required',
    checkConditions: (conditions) =>
      conditions.flatMap((c, i) =>
        c.Condition.Operator === 'NumberLessThan' &&
        /^\d+$/.test(operands(c)[0] ?? '') &&
        Number(operands(c)[0]) <= 101
          ? []
          : [
              issue(
                'conditions/operator',
                `Transitions.Conditions[${i}]`,
                'DistributeByPercentage uses NumberLessThan a whole number up to 101',
              ),
            ],
      ),
    flowTypes: types(INBOUND, TRANSFER, QUEUE),
  },
  MessageParticipantIteratively: {
    errors: only('NoMatchingError'),
    conditions: 'optional',
    checkConditions: (conditions, a) =>
      equalsSet(conditions, a, ['MessagesInterrupted'], 'MessagesInterrupted'),
    flowTypes: types(QUEUE, HOLD),
    parameters: (a) => {
      const messages = param(a, 'Messages');
      return Array.isArray(messages) && messages.length > 0
        ? range(a, 'InterruptFrequencySeconds', 1, 3600)
        : [
            issue(
              'parameters/required',
              'Parameters.Messages',
              'MessageParticipantIteratively needs a non-empty Messages list',
            ),
          ];
    },
  },
  Wait: {
    errors: only('NoMatchingError', 'ParticipantNotFound'),
    conditions: 'required',
    channels: ['CHAT'],
    parameters: (a) =>
      param(a, 'TimeoutSeconds') !== undefined && param(a, 'TimeLimitSeconds') === undefined
        ? [
            issue(
              'parameters/renamed',
              'Parameters.TimeoutSeconds',
              'the API takes TimeLimitSeconds (the documentation says TimeoutSeconds): rename it',
            ),
          ]
        : required(a, 'TimeLimitSeconds'),
  },
  ConnectParticipantWithLexBot: {
    errors: only('InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError'),
    conditions: 'optional',
    parameters: (a) =>
      objectAt(objectAt(param(a, 'LexV2Bot'))) && objectAt(param(a, 'LexV2Bot'))?.AliasArn !== undefined
        ? []
        : [
            issue(
              'parameters/required',
              'Parameters.LexV2Bot.AliasArn',
              'ConnectParticipantWithLexBot needs LexV2Bot.AliasArn',
            ),
          ],
  },
  GetCustomerProfile: {
    errors: only('NoMatchingError', 'MultipleFoundError', 'NoneFoundError'),
    conditions: 'none',
  },
  UpdateFlowAttributes: {
    errors: only('NoMatchingError'),
    requiredErrors: only('NoMatchingError'),
    conditions: 'none',
    parameters: (a) => {
      const attributes = objectAt(param(a, 'FlowAttributes'));
      if (!attributes) return required(a, 'FlowAttributes');
      return Object.entries(attributes)
        .filter(([, v]) => !(objectAt(v)?.Type === 'String' && objectAt(v)?.Value !== undefined))
        .map(([k]) =>
          issue(
            'parameters/shape',
            `Parameters.FlowAttributes.${k}`,
            `flow attribute ${k} must be {"Type":"String","Value":"..."}`,
          ),
        );
    },
  },
  TagContact: { errors: only('NoMatchingError'), conditions: 'none' },
  UntagContact: { errors: only('NoMatchingError'), conditions: 'none' },
  UpdateContactRoutingCriteria: { errors: only('NoMatchingError'), conditions: 'none' },
  DisconnectParticipant: {
    terminal: true,
    errors: NO_ERRORS,
    conditions: 'none',
    flowTypes: types(INBOUND, TRANSFER, QUEUE),
  },
  EndFlowExecution: {
    terminal: true,
    errors: NO_ERRORS,
    conditions: 'none',
    flowTypes: types(WHISPER, QUEUE, HOLD),
  },
  EndFlowModuleExecution: {
    terminal: true,
    errors: NO_ERRORS,
    conditions: 'none',
    flowTypes: [MODULE],
  },
};

/** Spellings the documentation uses that the service rejects, with the one it accepts. */
export const MISSPELLED_TYPES: Readonly<Record<string, string>> = {
  UnTagContact: 'UntagContact',
  UpdateRoutingCriteria: 'UpdateContactRoutingCriteria',
};

/** Roots a JSONPath reference may start with (`$.Attributes.x`, `$.Queue.Name`). */
export const JSONPATH_ROOTS = [
  'Attributes',
  'External',
  'FlowAttributes',
  'StoredCustomerInput',
  'Lex',
  'Customer',
  'Metrics',
  'Modules',
  'CustomerEndpoint',
  'SystemEndpoint',
  'Channel',
  'ContactId',
  'InitialContactId',
  'PreviousContactId',
  'RelatedContactId',
  'InstanceARN',
  'InitiationMethod',
  'LanguageCode',
  'TextToSpeechVoiceId',
  'AwsRegion',
  'Queue',
  'Agent',
  'CallbackNumber',
  'Name',
  'Description',
  'References',
  'SegmentAttributes',
  'Tags',
  'MediaStreams',
  'Case',
  'Campaign',
  'Wisdom',
] as const;
