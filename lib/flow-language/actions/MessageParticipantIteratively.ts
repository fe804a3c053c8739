import type { FlowAction, ParameterValue } from '../model.ts';
import type { FlowRuntime, Step } from '../simulation-model.ts';
import { defineAction } from './action.ts';
import {
  equalsSet,
  HOLD,
  isJsonPath,
  issue,
  objectAt,
  only,
  playSeconds,
  promptDetail,
  QUEUE,
  reference,
  type SpecIssue,
  types,
} from './rules.ts';

/** How long a recorded message in a hold loop (hold music, mostly) is taken to play: its length is not in the flow. */
const RECORDED_MESSAGE_SECONDS = 30;

const hasInterruptBranch = (a: FlowAction) =>
  (a.Transitions.Conditions ?? []).some((c) => c.Condition.Operands[0] === 'MessagesInterrupted');

export default defineAction({
  type: 'MessageParticipantIteratively',
  block: 'Loop prompts',
  source: reference('participant-actions-messageparticipantiteratively'),
  errors: only('NoMatchingError'),
  conditions: 'optional',
  checkConditions: (conditions, a) =>
    equalsSet(conditions, a, ['MessagesInterrupted'], 'MessagesInterrupted'),
  // It loops until the queue or the hold ends: exports of hold and queue flows give it no
  // transitions at all (the contact leaves the flow when the wait is over).
  nextOptional: (a) => !hasInterruptBranch(a),
  flowTypes: types(QUEUE, HOLD),
  parameters: (a) => {
    const messages = a.Parameters.Messages;
    return Array.isArray(messages) && messages.length > 0
      ? positiveSeconds(a)
      : [
          issue(
            'parameters/required',
            'Parameters.Messages',
            'MessageParticipantIteratively needs a non-empty Messages list',
          ),
        ];
  },
  run: loopPrompts,
  detail: (a) => {
    const [first] = Array.isArray(a.Parameters.Messages) ? (a.Parameters.Messages as ParameterValue[]) : [];
    const message = objectAt(first);
    return message ? promptDetail({ ...a, Parameters: message }) : '';
  },
});

/** No range is documented: a value that is not a positive number never interrupts, which is likely a mistake. */
function positiveSeconds(a: FlowAction): SpecIssue[] {
  const value = a.Parameters.InterruptFrequencySeconds;
  if (
    value === undefined ||
    isJsonPath(value) ||
    (typeof value === 'string' && /^\d+$/.test(value) && Number(value) > 0)
  )
    return [];
  return [
    issue(
      'parameters/range',
      'Parameters.InterruptFrequencySeconds',
      `InterruptFrequencySeconds should be a whole number of seconds above 0, got ${JSON.stringify(value)}: the loop is never interrupted`,
      'warning',
    ),
  ];
}

/**
 * Plays the messages in turn, over and over, while the contact waits. With InterruptFrequencySeconds
 * and a MessagesInterrupted branch, the action completes that way once that time has passed (the
 * queue flow then runs its other logic); otherwise it plays until the wait ends.
 */
function loopPrompts(a: FlowAction, rt: FlowRuntime): Step {
  const messages = (Array.isArray(a.Parameters.Messages) ? (a.Parameters.Messages as ParameterValue[]) : [])
    .map((m) => objectAt(m))
    .filter((m): m is Record<string, ParameterValue> => m !== undefined);
  if (messages.length === 0) return rt.fail(a, 'NoMatchingError');
  const every = Number(rt.resolveValue(a.Parameters.InterruptFrequencySeconds ?? ''));
  const interruptAt = hasInterruptBranch(a) && every > 0 ? rt.now + every * 1000 : Number.POSITIVE_INFINITY;
  for (let i = 0; ; i = (i + 1) % messages.length) {
    if (rt.now >= rt.waitEndsAt) rt.waitOver();
    const message = messages[i] as Record<string, ParameterValue>;
    rt.prompt(message);
    const ends = rt.now + playSeconds(message, RECORDED_MESSAGE_SECONDS) * 1000;
    const stop = Math.min(ends, interruptAt, rt.waitEndsAt);
    rt.advance((stop - rt.now) / 1000);
    if (rt.now >= interruptAt) return rt.branch(a, 'MessagesInterrupted');
  }
}
