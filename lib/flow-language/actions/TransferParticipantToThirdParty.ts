import { defineAction, note } from './action.ts';
import { INBOUND, oneOf, only, QUEUE, range, required, TRANSFER, text, types } from './rules.ts';

export default defineAction({
  type: 'TransferParticipantToThirdParty',
  block: 'Transfer to phone number',
  // No page in the current reference; the archived admin guide's flow-language page documents it.
  source:
    'https://github.com/awsdocs/amazon-connect-admin-guide/blob/main/doc_source/participant-actions-transferparticipanttothirdparty.md',
  errors: only('ConnectionTimeLimitExceeded', 'CallFailed', 'NoMatchingError'),
  likelyErrors: (a) => (a.Parameters.ContinueFlowExecution === 'False' ? [] : ['CallFailed']),
  conditions: 'none',
  flowTypes: types(INBOUND, TRANSFER, QUEUE),
  channels: ['VOICE'],
  parameters: (a) => [
    ...required(a, 'ThirdPartyPhoneNumber'),
    ...oneOf(a, 'ContinueFlowExecution', ['True', 'False']),
    ...range(a, 'ThirdPartyConnectionTimeLimitSeconds', 0, 600, { allowJsonPath: true }),
  ],
  run: (a, rt) => {
    const to = rt.resolveValue(a.Parameters.ThirdPartyPhoneNumber);
    rt.emit({ type: 'transfer', to });
    // With ContinueFlowExecution "False" the contact leaves the flow with the call; otherwise the
    // flow goes on once the third party is connected.
    if (a.Parameters.ContinueFlowExecution === 'False') return { outcome: { kind: 'transferred', to } };
    note(a, rt, `the caller is connected to ${to}; the flow goes on`);
    return rt.next(a);
  },
  detail: (a) => text(a.Parameters.ThirdPartyPhoneNumber),
});
