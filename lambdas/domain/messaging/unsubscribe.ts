import { hasConsent, type Language, type MessageChannel, type Purpose } from '../customer/customer.ts';
import type { ProfileStore } from '../customer/profile-store.ts';
import { CustomerNotFoundError } from '../errors.ts';
import type { SigningSecrets } from '../signed-token.ts';
import { type UnsubscribeClaims, verifyUnsubscribeToken } from './unsubscribe-token.ts';

export type UnsubscribeRefusal = 'malformed' | 'bad-signature' | 'expired' | 'unknown-customer';

export type UnsubscribeResult =
  | {
      readonly ok: true;
      readonly claims: UnsubscribeClaims;
      readonly language: Language;
      /** Whether the consent was still given before this request (a second click finds it withdrawn). */
      readonly wasGranted: boolean;
    }
  | { readonly ok: false; readonly reason: UnsubscribeRefusal };

export interface UnsubscribeDeps {
  readonly profiles: Pick<ProfileStore, 'get' | 'setConsent'>;
  /** The unsubscribe secrets, current first (rotation: links signed with the previous one still work). */
  readonly secrets: SigningSecrets;
  readonly clock: () => Date;
}

/**
 * The unsubscribe link of a message. Opening it (`check`) changes nothing: mail scanners fetch
 * every link in a message, so the page asks the customer to confirm (RFC 8058 §3.2). Confirming, or
 * the mail provider's one-click POST (`confirm`), withdraws the one consent the token names;
 * a second confirmation changes nothing that matters. A tampered, malformed or expired token, or a
 * customer who no longer exists, changes nothing.
 */
export class Unsubscribe {
  constructor(private readonly deps: UnsubscribeDeps) {}

  /** Whether the token is good, and the customer's language for the page; nothing is written. */
  async check(token: string): Promise<UnsubscribeResult> {
    const verified = await this.verify(token);
    if (!verified.ok) return verified;
    const { claims } = verified;
    const customer = await this.deps.profiles.get(claims.customerId);
    if (!customer) return { ok: false, reason: 'unknown-customer' };
    return {
      ok: true,
      claims,
      language: customer.language,
      wasGranted: hasConsent(customer, claims.channel, claims.purpose),
    };
  }

  /** Withdraws the consent the token names. */
  async confirm(token: string): Promise<UnsubscribeResult> {
    const verified = await this.verify(token);
    if (!verified.ok) return verified;
    const { claims } = verified;
    const { customerId, channel, purpose } = claims;
    try {
      const before = await this.deps.profiles.get(customerId);
      if (!before) return { ok: false, reason: 'unknown-customer' };
      const wasGranted = hasConsent(before, channel, purpose);
      // Already withdrawn (a second click, a retried one-click POST): nothing to write.
      if (before.consent[channel]?.[purpose]?.granted === false) {
        return { ok: true, claims, language: before.language, wasGranted };
      }
      const customer = await this.deps.profiles.setConsent(customerId, channel, purpose, {
        granted: false,
        at: this.deps.clock().toISOString(),
        source: 'unsubscribe-link',
      });
      return { ok: true, claims, language: customer.language, wasGranted };
    } catch (error) {
      if (error instanceof CustomerNotFoundError) return { ok: false, reason: 'unknown-customer' };
      throw error;
    }
  }

  private async verify(token: string) {
    return verifyUnsubscribeToken(token, await this.deps.secrets(), this.deps.clock());
  }
}

/** What the unsubscribe page shows. */
export type UnsubscribePageView =
  /** The link opened: a button to confirm (a POST to the same address). */
  | { readonly kind: 'confirm'; readonly result: Extract<UnsubscribeResult, { ok: true }> }
  /** Confirmed, or already done. */
  | { readonly kind: 'done'; readonly result: Extract<UnsubscribeResult, { ok: true }> }
  /** The link is not (or no longer) good: nothing was changed. */
  | { readonly kind: 'invalid' }
  /** tsunagu could not do it now: nothing was changed, try again later. */
  | { readonly kind: 'unavailable' };

const WHAT: Record<Language, Record<MessageChannel, Record<Purpose, string>>> = {
  ja: {
    email: {
      marketing: 'キャンペーン・お知らせのメール',
      transactional: 'ご注文・ご予約に関するメール',
      survey: 'アンケートのメール',
    },
    sms: {
      marketing: 'キャンペーン・お知らせのSMS',
      transactional: 'ご注文・ご予約に関するSMS',
      survey: 'アンケートのSMS',
    },
  },
  en: {
    email: {
      marketing: 'offers and news by email',
      transactional: 'order and appointment updates by email',
      survey: 'survey invitations by email',
    },
    sms: {
      marketing: 'offers and news by text',
      transactional: 'order and appointment updates by text',
      survey: 'survey invitations by text',
    },
  },
};

const TEXT = {
  ja: {
    title: '配信停止',
    confirm: (what: string) => `${what}の配信を停止しますか？`,
    button: '配信を停止する',
    done: (what: string) => `${what}の配信を停止しました。今後このお知らせはお送りしません。`,
    invalid: 'このリンクは無効か、有効期限が切れています。設定は変更されていません。',
    unavailable: 'ただいま処理できません。設定は変更されていません。しばらくしてからもう一度お試しください。',
  },
  en: {
    title: 'Unsubscribe',
    confirm: (what: string) => `Stop sending you ${what}?`,
    button: 'Unsubscribe',
    done: (what: string) => `You are unsubscribed from ${what}. You will get no more of these messages.`,
    invalid: 'This link is not valid or has expired. Nothing was changed.',
    unavailable: 'We cannot do this right now. Nothing was changed; please try again later.',
  },
} as const;

/**
 * The unsubscribe page: in the customer's language when the token names them, in Japanese and
 * English otherwise. Only fixed text: nothing from the request or the profile is written into it.
 */
export function unsubscribePage(view: UnsubscribePageView): string {
  const body = (language: Language) => {
    const t = TEXT[language];
    switch (view.kind) {
      case 'confirm': {
        const { channel, purpose } = view.result.claims;
        // No action: the form posts to the page's own address, token and all.
        return `<p>${t.confirm(WHAT[language][channel][purpose])}</p><form method="post"><button type="submit" name="List-Unsubscribe" value="One-Click">${t.button}</button></form>`;
      }
      case 'done': {
        const { channel, purpose } = view.result.claims;
        return `<p>${t.done(WHAT[language][channel][purpose])}</p>`;
      }
      default:
        return `<p>${t[view.kind]}</p>`;
    }
  };
  const languages: Language[] =
    view.kind === 'confirm' || view.kind === 'done' ? [view.result.language] : ['ja', 'en'];
  const lang = languages[0] ?? 'ja';
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${TEXT[lang].title}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.6}button{font-size:1rem;padding:.6rem 1.2rem}</style>',
    '</head>',
    `<body>${languages.map(body).join('')}</body>`,
    '</html>',
  ].join('');
}
