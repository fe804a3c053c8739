import type { SmsSender } from '../domain/messaging/sms.ts';

/**
 * The channel adapters a handler sends through: AWS adapters in Lambda, outboxes in the local
 * twin and tests. A handler module that sends exports `handlerWith(adapters)` next to `handler`,
 * so the twin runs the same module with its own adapters (no `if (local)` anywhere).
 */
export interface ChannelAdapters {
  readonly sms: SmsSender;
}
