import type { FlowAction } from '../model.ts';
import type { FlowRuntime, Step } from '../simulation-model.ts';
import { defineAction, note } from './action.ts';
import { objectAt, only, text } from './rules.ts';

/**
 * The Agentic CX block: an application built in Agentic CX Designer talks with the customer, then
 * the flow branches on the exit condition it returns (`Escalation`, …). Known from its block page
 * and exports of working flows; no flow-language reference page yet, so its error list is not
 * checked.
 */
export default defineAction({
  type: 'ConnectParticipantWithAgenticCX',
  block: 'Agentic CX',
  source: 'https://docs.aws.amazon.com/connect/latest/adminguide/agentic-cx-block.html',
  errors: only('InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError'),
  errorsUndocumented: true,
  likelyErrors: only('NoMatchingCondition'),
  conditions: 'optional',
  // The block page: voice and chat; a task or email takes the error branch.
  channels: ['VOICE', 'CHAT'],
  run: converse,
  detail: (a) => text(objectAt(a.Parameters.AgentConfiguration)?.Alias),
});

/**
 * The conversation is not simulated: the script's next Lex result stands for how it ended (its
 * intent, e.g. `Escalation`), else the customer's input does; with neither, the customer hangs up
 * on the agent (InputTimeLimitExceeded).
 */
async function converse(a: FlowAction, rt: FlowRuntime): Promise<Step> {
  const scripted = rt.takeLex()?.intent;
  const ended = scripted ?? (await rt.takeInput());
  if (ended === undefined || ended === 'timeout') {
    rt.emit({ type: 'timeout' });
    return rt.fail(a, 'InputTimeLimitExceeded');
  }
  note(a, rt, `talks with the AI agent; the conversation ends: ${ended}`);
  rt.advance(60);
  return rt.branch(a, ended);
}
