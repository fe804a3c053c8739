import { defineAction, noting } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'UpdateCase',
  block: 'Cases (update)',
  source: reference('contact-actions-updatecase'),
  errors: only('ContactNotLinked', 'NoMatchingError'),
  conditions: 'none',
  run: noting(() => 'updates the case'),
});
