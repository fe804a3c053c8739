import { defineAction } from './action.ts';
import { MODULE, NO_ERRORS, reference } from './rules.ts';

export default defineAction({
  type: 'EndFlowModuleExecution',
  block: 'Return',
  source: reference('flow-control-actions-endflowmoduleexecution'),
  terminal: true,
  errors: NO_ERRORS,
  conditions: 'none',
  flowTypes: [MODULE],
  run: () => ({ outcome: { kind: 'ended' } }),
  shape: 'terminal',
});
