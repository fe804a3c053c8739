import { defineAction, note } from './action.ts';
import {
  HOLD,
  INBOUND,
  oneOf,
  only,
  QUEUE,
  reference,
  required,
  TRANSFER,
  text,
  types,
  WHISPER,
} from './rules.ts';

export default defineAction({
  type: 'UpdateContactMediaStreamingBehavior',
  block: 'Start/stop media streaming',
  source: reference('contact-actions-updatecontactmediastreamingbehavior'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  // The reference: not in hold flows.
  flowTypes: types(INBOUND, TRANSFER, QUEUE, WHISPER).filter((t) => !HOLD.includes(t)),
  channels: ['VOICE'],
  parameters: (a) => [
    ...required(a, 'MediaStreamingState'),
    ...oneOf(a, 'MediaStreamingState', ['Enabled', 'Disabled']),
  ],
  run: (a, rt) => {
    const on = a.Parameters.MediaStreamingState === 'Enabled';
    if (on) {
      const started = new Date(rt.now).toISOString();
      rt.contact.mediaStreams = {
        Customer: {
          Audio: {
            StreamARN: `arn:aws:kinesisvideo:${rt.contact.instanceArn.split(':')[3]}:${rt.contact.instanceArn.split(':')[4]}:stream/connect-contact-${rt.contact.id}/1`,
            StartTimestamp: started,
            StartFragmentNumber: '91343852333181432392682062607743920146264440700',
          },
        },
      };
    }
    note(a, rt, on ? "streams the customer's audio to Kinesis Video Streams" : 'stops media streaming');
    return rt.next(a);
  },
  detail: (a) => text(a.Parameters.MediaStreamingState),
});
