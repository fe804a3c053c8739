import { defineAction, goOn } from './action.ts';
import { only, reference, required } from './rules.ts';

export default defineAction({
  type: 'UpdateContactRecordingBehavior',
  block: 'Set recording behavior',
  source: reference('contact-actions-updatecontactrecordingbehavior'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  parameters: (a) => required(a, 'RecordingBehavior'),
  run: goOn,
});
