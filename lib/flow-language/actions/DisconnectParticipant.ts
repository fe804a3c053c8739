import { defineAction } from './action.ts';
import { INBOUND, NO_ERRORS, QUEUE, reference, TRANSFER, types } from './rules.ts';

export default defineAction({
  type: 'DisconnectParticipant',
  block: 'Disconnect',
  source: reference('participant-actions-disconnectparticipant'),
  terminal: true,
  errors: NO_ERRORS,
  conditions: 'none',
  flowTypes: types(INBOUND, TRANSFER, QUEUE),
  run: (_a, rt) => {
    rt.emit({ type: 'disconnect' });
    return { outcome: { kind: 'disconnected' } };
  },
  shape: 'terminal',
});
