import { defineAction, goOn } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'UpdateContactRoutingCriteria',
  block: 'Set routing criteria',
  source: reference('contact-actions-updateroutingcriteria'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  run: goOn,
});
