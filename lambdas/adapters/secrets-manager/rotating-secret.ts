import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import type { SigningSecrets } from '../../domain/signed-token.ts';

/** How long a container trusts the secret it read: a rotation reaches every container within it. */
export const SECRETS_CACHE_MS = 5 * 60_000;

/**
 * A signing secret's value: tokens are signed with `current`; `previous` is still accepted while a
 * rotation is under way (docs/chat.md, docs/email.md: add the new one as `current`, keep the old
 * one as `previous` until every token signed with it has expired, then blank it).
 */
const rotatingSecretValue = z.object({
  current: z.string().check(z.minLength(32)),
  previous: z.optional(z.union([z.string().check(z.minLength(32)), z.literal('')])),
});

/**
 * A signing secret kept in Secrets Manager as `{"current":"…","previous":"…"}` (customer tokens,
 * unsubscribe links): read once and kept for `SECRETS_CACHE_MS` per container; a failed read is
 * not kept, so the next request tries again.
 */
export class RotatingSecret {
  private cached: { readonly at: number; readonly secrets: Promise<readonly string[]> } | undefined;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The secrets to verify with, the current one first (the one to sign with). */
  readonly values: SigningSecrets = () => {
    const cached = this.cached;
    if (cached && this.now() - cached.at < SECRETS_CACHE_MS) return cached.secrets;
    const secrets = this.read();
    this.cached = { at: this.now(), secrets };
    secrets.catch(() => {
      if (this.cached?.secrets === secrets) this.cached = undefined;
    });
    return secrets;
  };

  private async read(): Promise<readonly string[]> {
    const { SecretString } = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    let value: unknown;
    try {
      value = JSON.parse(SecretString ?? '');
    } catch {
      value = undefined;
    }
    const parsed = rotatingSecretValue.safeParse(value);
    // The message names the secret and the shape it needs, never its content.
    if (!parsed.success) {
      throw new Error(
        `secret ${this.secretId} must be JSON {"current": "<at least 32 characters>", "previous": "<optional, the one before>"}`,
      );
    }
    const { current, previous } = parsed.data;
    return previous ? [current, previous] : [current];
  }
}

/** Fixed secrets, the current one first: for the local twin and the tests. */
export function fixedSecrets(current: string, previous?: string): SigningSecrets {
  const secrets = previous ? [current, previous] : [current];
  return async () => secrets;
}
