import { defineAction, note } from './action.ts';
import { objectAt, only, reference, required, text } from './rules.ts';

export default defineAction({
  type: 'StartOutboundChatContact',
  block: 'Send message',
  source: reference('contact-actions-startoutboundchatcontact'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  parameters: (a) => required(a, 'DestinationEndpoint'),
  run: (a, rt) => {
    const to = rt.resolveValue(objectAt(a.Parameters.DestinationEndpoint)?.Address);
    const message = rt.resolveValue(objectAt(a.Parameters.InitialSystemMessage)?.Content);
    note(a, rt, `sends an SMS to ${to}${message ? `: ${message}` : ''}`);
    return rt.next(a);
  },
  detail: (a) => text(objectAt(a.Parameters.DestinationEndpoint)?.Address),
});
