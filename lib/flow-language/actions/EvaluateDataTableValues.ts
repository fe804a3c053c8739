import { defineAction, noting } from './action.ts';
import { only } from './rules.ts';

/** Known from the admin guide's block page only: no flow-language reference, so no rules beyond the document's. */
export default defineAction({
  type: 'EvaluateDataTableValues',
  block: 'Data table (evaluate)',
  source: 'https://docs.aws.amazon.com/connect/latest/adminguide/data-table-block.html',
  errors: only('NoMatchingError'),
  errorsUndocumented: true,
  conditions: 'optional',
  run: noting(() => 'evaluates data table values (not simulated)'),
});
