import { defineAction } from './action.ts';
import {
  exactlyOne,
  INBOUND,
  only,
  PROMPTS,
  promptDetail,
  QUEUE,
  reference,
  TRANSFER,
  types,
  voiceOnlyPrompt,
  WHISPER,
} from './rules.ts';

export default defineAction({
  type: 'MessageParticipant',
  block: 'Play prompt',
  source: reference('participant-actions-messageparticipant'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  flowTypes: types(INBOUND, TRANSFER, WHISPER, QUEUE),
  // Exactly one of Text, SSML, PromptId (or Media): the reference's parameter object.
  parameters: (a, context) => [
    ...(a.Parameters.Media !== undefined ? [] : exactlyOne(a, PROMPTS, 'prompt')),
    ...voiceOnlyPrompt(a, context.channels),
  ],
  run: (a, rt) => {
    rt.prompt(a.Parameters);
    return rt.next(a);
  },
  detail: promptDetail,
});
