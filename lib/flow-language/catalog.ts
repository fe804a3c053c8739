/**
 * What the flow language allows: the action registry (one module per action type under
 * `actions/`), the spellings the service rejects and the JSONPath roots a reference may start at.
 * Facts of Amazon Connect's flow language reference; where the documentation and exports from
 * working instances disagree, the export is accepted and the stricter form is a warning at most.
 */

export type { ActionDefinition, CheckContext } from './actions/action.ts';
export { ACTIONS, actionDefinition } from './actions/index.ts';
export { isJsonPath, type SpecIssue } from './actions/rules.ts';

/** Spellings the documentation uses that the service rejects, with the one it accepts. */
export const MISSPELLED_TYPES: Readonly<Record<string, string>> = {
  UnTagContact: 'UntagContact',
  UpdateRoutingCriteria: 'UpdateContactRoutingCriteria',
};

/**
 * Roots a JSONPath reference may start with (`$.Attributes.x`, `$.Queue.Name`): the admin guide's
 * list of contact attributes ("List of available contact attributes and their JSONPath
 * reference"), the namespaces action pages name ($.Customer, $.Case, $.Views, $.Wisdom), and roots
 * seen in exports from working instances ($.CallbackNumber). Connect adds roots: an unknown one is
 * a warning.
 */
export const JSONPATH_ROOTS = [
  'Attributes',
  'External',
  'FlowAttributes',
  'StoredCustomerInput',
  'Lex',
  'Customer',
  'Metrics',
  'Modules',
  'CustomerEndpoint',
  'SystemEndpoint',
  'Channel',
  'ContactId',
  'InitialContactId',
  'PreviousContactId',
  'RelatedContactId',
  'InstanceARN',
  'InitiationMethod',
  'LanguageCode',
  'TextToSpeechVoiceId',
  'AwsRegion',
  'Queue',
  'Agent',
  'CallbackNumber',
  'Name',
  'Description',
  'References',
  'SegmentAttributes',
  'Tags',
  'MediaStreams',
  'Case',
  'Campaign',
  'Wisdom',
  'Views',
  'CustomerCallbackNumber',
  'CustomerId',
  'Task',
  'Media',
  'Email',
  'Loop',
  'DataTables',
  'DataTableList',
  'AdditionalEmailRecipients',
  'Capabilities',
  'LambdaInvocation',
  // Seen in exports of working flows: the Agentic CX block's context variables.
  'AgenticCX',
] as const;
