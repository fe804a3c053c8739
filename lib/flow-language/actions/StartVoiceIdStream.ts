import { defineAction, noting } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'StartVoiceIdStream',
  block: 'Set Voice ID',
  source: reference('flow-control-actions-startvoiceidstream'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  channels: ['VOICE'],
  run: noting(() => 'starts Voice ID streaming'),
});
