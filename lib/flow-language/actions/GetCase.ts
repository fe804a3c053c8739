import { defineAction, noting } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'GetCase',
  block: 'Cases (get)',
  source: reference('contact-actions-getcase'),
  errors: only('NoMatchingError', 'ContactNotLinked', 'MultipleFound', 'NoneFound'),
  conditions: 'none',
  run: noting(() => 'looks up a case (Cases is not simulated: $.Case stays empty)'),
});
