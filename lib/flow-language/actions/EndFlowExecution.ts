import { defineAction } from './action.ts';
import { NO_ERRORS, reference } from './rules.ts';

export default defineAction({
  type: 'EndFlowExecution',
  block: 'End flow',
  source: reference('flow-control-actions-endflowexecution'),
  terminal: true,
  errors: NO_ERRORS,
  conditions: 'none',
  // The reference names whisper, queue and hold flows; the block's page says every flow (in an
  // inbound flow it works as Disconnect). The documents disagree, so no flow type is refused.
  run: () => ({ outcome: { kind: 'ended' } }),
  shape: 'terminal',
});
