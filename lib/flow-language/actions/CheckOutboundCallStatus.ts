import { defineAction } from './action.ts';
import { equalsSet, only, reference } from './rules.ts';

const RESULTS = ['CallAnswered', 'VoicemailBeep', 'VoicemailNoBeep', 'NotDetected'];

export default defineAction({
  type: 'CheckOutboundCallStatus',
  block: 'Check call progress',
  source: reference('flow-control-actions-checkoutboundcallstatus'),
  errors: only('NoMatchingError'),
  conditions: 'optional',
  checkConditions: (conditions, a) => equalsSet(conditions, a, RESULTS, RESULTS.join(', ')),
  channels: ['VOICE'],
  // The simulated customer answers the call in person.
  run: (a, rt) => rt.branch(a, 'CallAnswered'),
  shape: 'decision',
});
