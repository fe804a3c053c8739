import { defineAction } from './action.ts';
import { HOLD, NO_ERRORS, QUEUE, reference, types, WHISPER } from './rules.ts';

export default defineAction({
  type: 'EndFlowExecution',
  block: 'End flow',
  source: reference('flow-control-actions-endflowexecution'),
  terminal: true,
  errors: NO_ERRORS,
  conditions: 'none',
  flowTypes: types(WHISPER, QUEUE, HOLD),
  run: () => ({ outcome: { kind: 'ended' } }),
  shape: 'terminal',
});
