import { defineAction } from './action.ts';
import { oneOf, only, reference, required, text } from './rules.ts';

export default defineAction({
  type: 'CheckVoiceId',
  block: 'Check Voice ID',
  source: reference('flow-control-actions-checkvoiceid'),
  errors: only('NoMatchingError'),
  // Operands are the option's results (Enrolled, Authenticated, High risk, …): written as the
  // console shows them, so they are not checked.
  conditions: 'optional',
  channels: ['VOICE'],
  parameters: (a) => [
    ...required(a, 'CheckVoiceIdOption'),
    ...oneOf(a, 'CheckVoiceIdOption', ['enrollmentStatus', 'voiceAuthentication', 'fraudDetection']),
  ],
  // Voice ID is not simulated: no result matches, so the flow takes its default path.
  run: (a, rt) => rt.branch(a, undefined),
  shape: 'decision',
  detail: (a) => text(a.Parameters.CheckVoiceIdOption),
});
