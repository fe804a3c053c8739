/** Where a message that can never be processed goes, with the reason, instead of being retried. */
export interface DeadLetters {
  send(body: string, reason: string): Promise<void>;
}
