import type { IvrActivityReplyKey } from '../../../lambdas/domain/contact/ivr-activity.ts';
import { CONTEXT_KEYS, type ContextKey } from '../../../lambdas/domain/customer/contact-attributes.ts';

// The contact attributes and Lambda replies the flows read, typed from the Lambdas' replies:
// renaming a reply key fails the type check wherever a flow reads it, prompts included.

/** Reply keys the main flow does not keep: consent and history details the flows never read, and the lookup's reason (for logs). */
const NOT_KEPT = [
  'smsTransactional',
  'smsMarketing',
  'emailTransactional',
  'emailMarketing',
  'lastAt',
  'noticeTopic',
  'noticeSummary',
  'lastSurveyedAt',
  'reason',
] as const satisfies readonly ContextKey[];

export type KeptContextKey = Exclude<ContextKey, (typeof NOT_KEPT)[number]>;

/**
 * The customer-context reply keys the main flow keeps as contact attributes, in the reply's
 * order: for its own later blocks (after another Lambda replaces $.External), the queue, whisper
 * and survey flows, and the agent's screen.
 */
export const CONTEXT_ATTRIBUTES: readonly KeptContextKey[] = CONTEXT_KEYS.filter(
  (key): key is KeptContextKey => !(NOT_KEPT as readonly string[]).includes(key),
);

/**
 * A contact attribute the flows read: a kept reply key, or one the main flow sets itself (`topic`,
 * what the call is about; `topicLabel`, the same as the agent hears it).
 */
export type FlowAttribute = KeptContextKey | 'topic' | 'topicLabel';

/** `$.Attributes.<key>`, to compare or to speak: `` `${attribute('honorificName')} 、…` ``. */
export function attribute<K extends FlowAttribute>(key: K): `$.Attributes.${K}` {
  return `$.Attributes.${key}`;
}

/** `$.External.<key>` right after the customer-context Lambda: a key of its reply. */
export function contextReply<K extends ContextKey>(key: K): `$.External.${K}` {
  return `$.External.${key}`;
}

/** `$.External.<key>` right after the ivr-activity Lambda: `recorded`, `sent` or `reason`. */
export function activityReply<K extends IvrActivityReplyKey>(key: K): `$.External.${K}` {
  return `$.External.${key}`;
}
