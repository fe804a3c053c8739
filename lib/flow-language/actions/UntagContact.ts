import { defineAction, goOn } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'UntagContact',
  block: 'Untag contact',
  source: reference('contact-actions-untagcontact'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  run: goOn,
  detail: (a) => (Array.isArray(a.Parameters.TagKeys) ? a.Parameters.TagKeys.join(', ') : ''),
});
