import { defineAction, noting } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'UpdateContactRecordingAndAnalyticsBehavior',
  block: 'Set recording, analytics and processing behavior',
  source: reference('contact-actions-updatecontactrecordingandanalyticsbehavior'),
  errors: only('NoMatchingError', 'ChannelMismatch', 'InFlightRedactionConfigurationFailed'),
  conditions: 'none',
  run: noting(() => 'sets recording and analytics'),
});
