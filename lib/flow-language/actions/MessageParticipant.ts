import { defineAction } from './action.ts';
import {
  INBOUND,
  only,
  promptDetail,
  promptRules,
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
  parameters: (a, context) => [...promptRules(a), ...voiceOnlyPrompt(a, context.channels)],
  run: (a, rt) => {
    rt.prompt(a.Parameters);
    return rt.next(a);
  },
  detail: promptDetail,
});
