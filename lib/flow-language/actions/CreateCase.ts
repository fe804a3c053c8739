import { defineAction, noting } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'CreateCase',
  block: 'Cases (create)',
  source: reference('contact-actions-createcase'),
  errors: only('ContactNotLinked', 'NoMatchingError'),
  conditions: 'none',
  run: noting(() => 'creates a case'),
});
