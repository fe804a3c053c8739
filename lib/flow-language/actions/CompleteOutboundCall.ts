import { defineAction, note } from './action.ts';
import { only, reference, types } from './rules.ts';

export default defineAction({
  type: 'CompleteOutboundCall',
  block: 'Call phone number',
  source: reference('contact-actions-completeoutboundcall'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  flowTypes: types('OUTBOUND_WHISPER'),
  channels: ['VOICE'],
  run: (a, rt) => {
    note(a, rt, `dials the customer (${rt.contact.from})`);
    return rt.next(a);
  },
});
