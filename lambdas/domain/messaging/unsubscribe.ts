import type { Language } from '../customer/customer.ts';
import type { ProfileStore } from '../customer/profile-store.ts';
import { CustomerNotFoundError } from '../errors.ts';
import { type UnsubscribeClaims, verifyUnsubscribeToken } from './unsubscribe-token.ts';

export type UnsubscribeResult =
  | { readonly ok: true; readonly claims: UnsubscribeClaims; readonly language: Language }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad-signature' | 'expired' | 'unknown-customer' };

export interface UnsubscribeDeps {
  readonly profiles: Pick<ProfileStore, 'setConsent'>;
  /** Signing secrets, current first (rotation: the previous one still verifies). */
  readonly secrets: readonly string[];
  readonly clock: () => Date;
}

/**
 * The one-click unsubscribe link: a valid token withdraws the consent it names (idempotent: the
 * second click changes nothing that matters); a tampered, malformed or expired one changes nothing.
 */
export class Unsubscribe {
  constructor(private readonly deps: UnsubscribeDeps) {}

  async handle(token: string): Promise<UnsubscribeResult> {
    const now = this.deps.clock();
    const check = verifyUnsubscribeToken(token, this.deps.secrets, now);
    if (!check.ok) return check;
    const { customerId, channel, purpose } = check.claims;
    try {
      const customer = await this.deps.profiles.setConsent(customerId, channel, purpose, {
        granted: false,
        at: now.toISOString(),
        source: 'unsubscribe-link',
      });
      return { ok: true, claims: check.claims, language: customer.language };
    } catch (error) {
      if (error instanceof CustomerNotFoundError) return { ok: false, reason: 'unknown-customer' };
      throw error;
    }
  }
}

const PAGES: Record<Language, { done: string; failed: string }> = {
  ja: {
    done: '配信を停止しました。今後このお知らせはお送りしません。',
    failed: 'このリンクは無効か、有効期限が切れています。設定は変更されていません。',
  },
  en: {
    done: 'You are unsubscribed. You will get no more of these messages.',
    failed: 'This link is not valid or has expired. Nothing was changed.',
  },
};

/** The confirmation page, in the customer's language (both languages when the link is not valid). */
export function unsubscribePage(result: UnsubscribeResult): string {
  const lines = result.ok ? [PAGES[result.language].done] : [PAGES.ja.failed, PAGES.en.failed];
  const lang = result.ok ? result.language : 'ja';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>tsunagu</title></head><body>${lines
    .map((l) => `<p>${l}</p>`)
    .join('')}</body></html>`;
}
