import { defineAction, note } from './action.ts';
import { INBOUND, oneOf, only, reference, required, TRANSFER, text, types } from './rules.ts';

export default defineAction({
  type: 'UpdatePreviousContactParticipantState',
  block: 'Hold customer or agent',
  source: reference('contact-actions-updatepreviouscontactparticipantstate'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  flowTypes: types(INBOUND, TRANSFER),
  channels: ['VOICE'],
  parameters: (a) => [
    ...required(a, 'PreviousContactParticipantState'),
    ...oneOf(a, 'PreviousContactParticipantState', ['AgentOnHold', 'CustomerOnHold', 'OffHold']),
  ],
  run: (a, rt) => {
    note(a, rt, `previous contact: ${text(a.Parameters.PreviousContactParticipantState)}`);
    return rt.next(a);
  },
  detail: (a) => text(a.Parameters.PreviousContactParticipantState),
});
