import { defineAction } from './action.ts';
import {
  INBOUND,
  only,
  playSeconds,
  promptDetail,
  promptRules,
  QUEUE,
  reference,
  TRANSFER,
  types,
  voiceOnlyPrompt,
  WHISPER,
} from './rules.ts';

/** How long a recorded prompt (a greeting, a notice) is taken to play: its length is not in the flow. */
const RECORDED_PROMPT_SECONDS = 8;

export default defineAction({
  type: 'MessageParticipant',
  block: 'Play prompt',
  source: reference('participant-actions-messageparticipant'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  flowTypes: types(INBOUND, TRANSFER, WHISPER, QUEUE),
  // Exactly one of Text, SSML, PromptId (or Media): the reference's parameter object.
  parameters: (a, context) => [...promptRules(a), ...voiceOnlyPrompt(a, context.channels)],
  // The contact's clock moves on while the prompt plays (the step itself took a second).
  run: (a, rt) => {
    rt.prompt(a.Parameters);
    rt.advance(playSeconds(a.Parameters, RECORDED_PROMPT_SECONDS) - 1);
    return rt.next(a);
  },
  detail: promptDetail,
});
