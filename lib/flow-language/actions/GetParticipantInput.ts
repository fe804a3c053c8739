import type { CountryCode } from 'libphonenumber-js';
import type { FlowAction } from '../model.ts';
import type { FlowRuntime, Step } from '../simulation-model.ts';
import { defineAction } from './action.ts';
import {
  equalsSet,
  INBOUND,
  issue,
  objectAt,
  oneOf,
  param,
  positiveWhole,
  promptDetail,
  promptRules,
  QUEUE,
  range,
  reference,
  type SpecIssue,
  TRANSFER,
  types,
} from './rules.ts';

const isStoreMode = (a: FlowAction) => param(a, 'StoreInput') === 'True';
const hasPhoneValidation = (a: FlowAction) =>
  objectAt(objectAt(param(a, 'InputValidation'))?.PhoneNumberValidation) !== undefined;
const DTMF = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'];

export default defineAction({
  type: 'GetParticipantInput',
  block: 'Get customer input',
  source: reference('participant-actions-getparticipantinput'),
  errors: (a) =>
    isStoreMode(a)
      ? hasPhoneValidation(a)
        ? ['NoMatchingError', 'InvalidPhoneNumber']
        : ['NoMatchingError']
      : ['InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError'],
  // A caller who presses nothing, or a key the menu lacks, is an everyday event.
  likelyErrors: (a) => (isStoreMode(a) ? [] : ['InputTimeLimitExceeded', 'NoMatchingCondition']),
  // Observed rejection (connect-flow-language.md [api]): store mode with an InputTimeLimitExceeded branch.
  forbiddenErrors: (a) =>
    isStoreMode(a)
      ? [
          {
            errorType: 'InputTimeLimitExceeded',
            why: 'in store mode a timeout stores "Timeout" and continues: remove this branch',
          },
        ]
      : [],
  // Menu mode: conditions are optional (exports hold menus with no options: every key is
  // NoMatchingCondition). Store mode takes none.
  conditions: (a) => (isStoreMode(a) ? 'none' : 'optional'),
  checkConditions: (conditions, a) =>
    isStoreMode(a) ? [] : equalsSet(conditions, a, DTMF, 'one DTMF key (0-9, * or #)'),
  flowTypes: types(INBOUND, TRANSFER, QUEUE),
  channels: ['VOICE'],
  parameters: (a) => [
    ...promptRules(a),
    ...oneOf(a, 'StoreInput', ['True', 'False']),
    // The reference: a whole number above 0, set statically (no maximum: working flows use 300).
    ...positiveWhole(a, 'InputTimeLimitSeconds'),
    ...(isStoreMode(a) ? storeModeIssues(a) : menuModeIssues(a)),
  ],
  run: (a, rt) => getInput(a, rt),
  detail: promptDetail,
});

function menuModeIssues(a: FlowAction): SpecIssue[] {
  return param(a, 'InputValidation') !== undefined
    ? [
        issue(
          'parameters/forbidden',
          'Parameters.InputValidation',
          'InputValidation applies to store mode only (StoreInput "True")',
        ),
      ]
    : [];
}

function storeModeIssues(a: FlowAction): SpecIssue[] {
  const issues: SpecIssue[] = [];
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
  return issues;
}

async function getInput(a: FlowAction, rt: FlowRuntime): Promise<Step> {
  const p = a.Parameters;
  rt.prompt(p);
  if (rt.contact.channel !== 'VOICE') return rt.fail(a, 'NoMatchingError');
  const input = await rt.takeInput();
  const timedOut = input === undefined || input === 'timeout';
  const limit = Number(rt.resolveValue(p.InputTimeLimitSeconds ?? '5'));
  rt.advance(timedOut ? (Number.isFinite(limit) ? limit : 5) : 3);
  if (timedOut) rt.emit({ type: 'timeout' });
  else rt.emit({ type: 'input', digits: input });

  if (p.StoreInput !== 'True') {
    if (timedOut) return rt.fail(a, 'InputTimeLimitExceeded');
    return rt.branch(a, input.slice(0, 1));
  }
  if (timedOut) {
    rt.contact.stored = 'Timeout';
    return rt.next(a);
  }
  const validation = objectAt(p.InputValidation) ?? {};
  const phone = objectAt(validation.PhoneNumberValidation);
  if (phone) {
    // DTMF has no "+": in E164 mode the caller keys the country code and number.
    const typed = phone.NumberFormat === 'E164' && !input.startsWith('+') ? `+${input}` : input;
    // Loaded here, not with the module: the validator (`tsunagu flow validate`) never needs it.
    const { parsePhoneNumberFromString } = await import('libphonenumber-js');
    const parsed = parsePhoneNumberFromString(typed, String(phone.CountryCode ?? 'US') as CountryCode);
    if (!parsed?.isValid()) return rt.fail(a, 'InvalidPhoneNumber');
    rt.contact.stored = parsed.number;
    return rt.next(a);
  }
  const max = Number(objectAt(validation.CustomValidation)?.MaximumLength ?? input.length);
  rt.contact.stored = input.slice(0, max);
  return rt.next(a);
}
