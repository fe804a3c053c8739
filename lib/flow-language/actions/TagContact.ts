import { defineAction, goOn } from './action.ts';
import { objectAt, only, reference } from './rules.ts';

export default defineAction({
  type: 'TagContact',
  block: 'Tag contact',
  source: reference('contact-actions-tagcontact'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  run: goOn,
  detail: (a) => Object.keys(objectAt(a.Parameters.Tags) ?? {}).join(', '),
});
