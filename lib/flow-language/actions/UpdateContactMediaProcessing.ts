import { defineAction, noting } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'UpdateContactMediaProcessing',
  block: 'Set recording, analytics and processing behavior (chat processor)',
  source: reference('contact-actions-updatecontactmediaprocessing'),
  errors: only('NoMatchingError', 'ChannelMismatch'),
  conditions: 'none',
  channels: ['CHAT'],
  run: noting(() => 'sets the chat message processor'),
});
