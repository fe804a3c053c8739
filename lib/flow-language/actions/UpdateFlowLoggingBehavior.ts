import { defineAction, goOn } from './action.ts';
import { NO_ERRORS, oneOf, reference, required, text } from './rules.ts';

export default defineAction({
  type: 'UpdateFlowLoggingBehavior',
  block: 'Set logging behavior',
  source: reference('flow-control-actions-updateflowloggingbehavior'),
  // Reported from the service (third-party probes): an Errors list here is rejected.
  errors: NO_ERRORS,
  conditions: 'none',
  parameters: (a) => [
    ...required(a, 'FlowLoggingBehavior'),
    ...oneOf(a, 'FlowLoggingBehavior', ['Enabled', 'Disabled']),
  ],
  run: goOn,
  detail: (a) => text(a.Parameters.FlowLoggingBehavior),
});
