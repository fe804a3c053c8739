import { defineAction, goOn } from './action.ts';
import { only, reference, required } from './rules.ts';

export default defineAction({
  type: 'UpdateContactRecordingBehavior',
  block: 'Set recording behavior',
  source: reference('contact-actions-updatecontactrecordingbehavior'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  // One of the two behaviours: a block that only turns analytics on or off writes AnalyticsBehavior.
  parameters: (a) => (a.Parameters.AnalyticsBehavior !== undefined ? [] : required(a, 'RecordingBehavior')),
  run: goOn,
});
