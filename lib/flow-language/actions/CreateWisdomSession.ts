import { defineAction, noting } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'CreateWisdomSession',
  block: 'Amazon Q in Connect',
  source: reference('contact-actions-createwisdomsession'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  run: noting(() => 'starts an Amazon Q in Connect session'),
});
