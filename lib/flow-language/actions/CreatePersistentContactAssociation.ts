import { defineAction, noting } from './action.ts';
import { only } from './rules.ts';

/** Known from the admin guide's block page only: no flow-language reference, so no rules beyond the document's. */
export default defineAction({
  type: 'CreatePersistentContactAssociation',
  block: 'Resume chat (persistent chat)',
  source: 'https://docs.aws.amazon.com/connect/latest/adminguide/create-persistent-contact-association.html',
  errors: only('NoMatchingError'),
  errorsUndocumented: true,
  conditions: 'optional',
  run: noting(() => "keeps the chat's history for the next chat"),
});
