import { defineAction, noting } from './action.ts';
import { only } from './rules.ts';

/** Known from the admin guide's block page only: no flow-language reference, so no rules beyond the document's. */
export default defineAction({
  type: 'LoadContactContent',
  block: 'Get stored content',
  source: 'https://docs.aws.amazon.com/connect/latest/adminguide/get-stored-content.html',
  errors: only('NoMatchingError'),
  errorsUndocumented: true,
  conditions: 'optional',
  run: noting(() => "loads the contact's stored content (email)"),
});
