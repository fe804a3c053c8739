/**
 * The queues tsunagu routes to: key → configured name (what the simulator's `outcome.queueName`
 * reports) and description. The flows refer to them by key; the Connect stack creates them.
 */
export const QUEUES = {
  general: { name: 'general', description: 'General enquiries and every fallback' },
  billing: { name: 'billing', description: 'Billing and payments' },
  technicalSupport: { name: 'technical-support', description: 'Technical support' },
  priority: { name: 'priority', description: 'VIP customers and urgent issues' },
} as const;
export type QueueKey = keyof typeof QUEUES;

/** Every queue key, in the order above. */
export const QUEUE_KEYS = Object.keys(QUEUES) as QueueKey[];
