import type { Customer } from '../customer/customer.ts';
import type { ProfileStore } from '../customer/profile-store.ts';
import { CustomerNotFoundError } from '../errors.ts';
import { isObject, objectOrJson, text } from '../event-keys.ts';
import { ignored, invalid, type ParseResult, parsedOk } from '../parse-input.ts';
import type { SuppressionList } from './send-to-customer.ts';

/**
 * SES v2 sending events (configuration-set event destination → EventBridge, default bus) as tsunagu
 * reads them. Delivery is best effort, at least once and unordered; keys are read whatever their
 * case (`mail` / `Mail`, `detail-type` / `DetailType`), and event types tsunagu has no use for
 * (Send, Open, Click, DeliveryDelay…) are ignored rather than refused.
 */

export type EmailEventType = 'bounce' | 'complaint' | 'delivery';
export type BounceType = 'permanent' | 'transient' | 'undetermined';

/** One recipient the event is about: the bounced, complaining or delivered-to address. */
export interface EmailEventRecipient {
  /** Lower case, without a display name. */
  readonly address: string;
  /** The receiving server's answer (`smtp; 550 5.1.1 user unknown`), for bounces that carry one. */
  readonly diagnosticCode?: string;
}

export interface EmailEvent {
  readonly type: EmailEventType;
  /** SES `mail.messageId`: what SendEmail returned; every event of one message carries it. */
  readonly messageId: string;
  /** When it happened (the bounce, complaint or delivery time; else the event's time). */
  readonly at: string;
  readonly recipients: readonly EmailEventRecipient[];
  /** Only on a bounce: a permanent one suppresses the address. */
  readonly bounceType?: BounceType;
  readonly bounceSubType?: string;
  /** The `customerId` tag SesEmailSender puts on the message, when it did. */
  readonly customerId?: string;
  /** The `purpose` tag (transactional, marketing, survey). */
  readonly purpose?: string;
  readonly subject?: string;
}

const EVENT_TYPES: Readonly<Record<string, EmailEventType>> = {
  bounce: 'bounce',
  complaint: 'complaint',
  delivery: 'delivery',
};
/** `detail-type` → event type, for an event whose detail lacks `eventType`. */
const DETAIL_TYPES: Readonly<Record<string, EmailEventType>> = {
  'email bounced': 'bounce',
  'email complaint received': 'complaint',
  'email complained': 'complaint',
  'email delivered': 'delivery',
};
const RECIPIENT_LISTS: Readonly<Record<EmailEventType, string>> = {
  bounce: 'bouncedRecipients',
  complaint: 'complainedRecipients',
  delivery: 'recipients',
};
/** As SesEmailSender writes the customerId tag. */
const TAG_VALUE = /^[A-Za-z0-9_-]{1,256}$/;
/** A diagnostic code longer than this stays out of the suppression reason. */
const SHORT_DIAGNOSTIC = 200;

export function parseEmailEvent(input: unknown): ParseResult<EmailEvent> {
  const raw = objectOrJson(input);
  if (!raw) return invalid('the event is not a JSON object');
  const source = text(raw.source);
  const detailType = text(raw.detailType);
  if (source?.toLowerCase() !== 'aws.ses') {
    return invalid(`not an SES event (source ${String(source)}, detail-type ${String(detailType)})`);
  }
  const d = objectOrJson(raw.detail);
  if (!d) return invalid('detail: missing or not an object');
  // `notificationType`: the same payload as SES (v1) notifications name it.
  const eventType = text(d.eventType ?? d.notificationType);
  const type = eventType
    ? EVENT_TYPES[eventType.toLowerCase()]
    : DETAIL_TYPES[detailType?.toLowerCase() ?? ''];
  if (!eventType && !type) return invalid('detail.eventType: missing');
  if (!type) return ignored(`event type ${eventType}`);

  const mail = objectOrJson(d.mail);
  if (!mail) return invalid('detail.mail: missing or not an object');
  const messageId = text(mail.messageId);
  if (!messageId || messageId.length > 256) return invalid('detail.mail.messageId: missing');

  const body = objectOrJson(d[type]);
  if (type === 'bounce' && !body) return invalid('detail.bounce: missing or not an object');
  const listed = recipientsOf(body ? body[RECIPIENT_LISTS[type]] : undefined);
  // A bounce must say which address bounced (that address is suppressed); the others fall back to
  // the message's destination, which for tsunagu's mail is the one customer it went to.
  const recipients = listed.length > 0 || type === 'bounce' ? listed : recipientsOf(mail.destination);
  if (recipients.length === 0) {
    return invalid(
      type === 'bounce'
        ? 'detail.bounce.bouncedRecipients: no email address'
        : `detail.${type}.${RECIPIENT_LISTS[type]}, detail.mail.destination: no email address`,
    );
  }
  const at = time(body?.timestamp) ?? time(raw.time) ?? time(mail.timestamp);
  if (!at) return invalid(`detail.${type}.timestamp, time, detail.mail.timestamp: none is a time`);

  const tags = objectOrJson(mail.tags) ?? {};
  const customerId = firstTag(tags.customerId);
  const purpose = firstTag(tags.purpose);
  const commonHeaders = objectOrJson(mail.commonHeaders);
  const subject = text(commonHeaders?.subject);
  const bounce =
    type === 'bounce' && body
      ? {
          bounceType: bounceTypeOf(body.bounceType),
          ...optional('bounceSubType', text(body.bounceSubType)),
        }
      : {};
  return parsedOk({
    type,
    messageId,
    at,
    recipients,
    ...bounce,
    ...optional('customerId', customerId && TAG_VALUE.test(customerId) ? customerId : undefined),
    ...optional('purpose', purpose),
    ...optional('subject', subject),
  });
}

/** The timeline status each event leaves on the customer's timeline. */
export type EmailEventStatus = 'bounced' | 'soft-bounce' | 'complained' | 'delivered';

export interface EmailEventResult {
  readonly type: EmailEventType;
  readonly status: EmailEventStatus;
  /** Addresses put on the suppression list (again, on a redelivery: it is a put). */
  readonly suppressed: number;
  /** Customers the event is on the timeline of (just now, or by an earlier delivery). */
  readonly customerIds: readonly string[];
  /** Whether this delivery added a timeline entry (false when every entry already existed). */
  readonly recorded: boolean;
  /** Customers whose email marketing consent this complaint withdrew. */
  readonly marketingWithdrawn: readonly string[];
}

export interface EmailEventsDeps {
  readonly suppressions: Pick<SuppressionList, 'suppress'>;
  readonly profiles: Pick<ProfileStore, 'get' | 'findByEmail' | 'setConsent' | 'appendInteraction'>;
}

/**
 * What an SES event means for the customer. A permanent bounce suppresses each bounced address
 * (nothing goes to it again, on any purpose); a complaint withdraws email marketing consent, and
 * transactional mail goes on; each of them, transient bounces and deliveries included, goes on the
 * timeline of the customer the message was for (its `customerId` tag, else the address's owner) as
 * `ses:<messageId>:<type>` (on the timeline only: the profile's recent list keeps the email itself,
 * not what became of it). Redelivered events change nothing: the entry id is fixed, the
 * suppression is a put, and a consent already withdrawn is left alone.
 */
export class EmailEventService {
  constructor(private readonly deps: EmailEventsDeps) {}

  async handle(event: EmailEvent): Promise<EmailEventResult> {
    const status = statusOf(event);
    let suppressed = 0;
    if (event.type === 'bounce' && event.bounceType === 'permanent') {
      const reason = suppressionReason(event);
      for (const r of event.recipients) {
        await this.deps.suppressions.suppress('email', r.address, reason(r), event.at);
        suppressed += 1;
      }
    }

    const customerIds: string[] = [];
    const marketingWithdrawn: string[] = [];
    let recorded = false;
    for (const target of await this.customersOf(event)) {
      const { customerId } = target;
      if (event.type === 'complaint') {
        const customer = target.profile ?? (await this.deps.profiles.get(customerId));
        if (!customer) continue;
        if (await this.withdrawMarketing(customer, event.at)) marketingWithdrawn.push(customerId);
      }
      try {
        const { duplicate } = await this.deps.profiles.appendInteraction(
          {
            id: `ses:${event.messageId}:${event.type}`,
            customerId,
            at: event.at,
            channel: 'email',
            direction: 'outbound',
            topic: `email-${event.type}`,
            ...optional('summary', event.subject?.slice(0, 200)),
            status,
          },
          // An outcome of the email sent earlier, not a contact: the profile's recent list keeps the send.
          { recent: false },
        );
        recorded ||= !duplicate;
        customerIds.push(customerId);
      } catch (error) {
        // A customerId tag that names no customer (another stage's, a test's): nothing to record.
        if (!(error instanceof CustomerNotFoundError)) throw error;
      }
    }
    return { type: event.type, status, suppressed, customerIds, recorded, marketingWithdrawn };
  }

  /**
   * The customers the message went to: its `customerId` tag (no read: the timeline append reads the
   * profile anyway), else the owner of each address, one Query each.
   */
  private async customersOf(event: EmailEvent): Promise<{ customerId: string; profile?: Customer }[]> {
    if (event.customerId) return [{ customerId: event.customerId }];
    const found = new Map<string, Customer>();
    for (const r of event.recipients) {
      const customer = await this.deps.profiles.findByEmail(r.address);
      if (customer) found.set(customer.id, customer);
    }
    return [...found.values()].map((profile) => ({ customerId: profile.id, profile }));
  }

  /**
   * Withdraws email marketing, unless it is withdrawn already (a redelivery) or was given after the
   * complaint (the customer opted in again; a late complaint must not undo that).
   */
  private async withdrawMarketing(customer: Customer, at: string): Promise<boolean> {
    const current = customer.consent.email?.marketing;
    if (current && (!current.granted || current.at > at)) return false;
    await this.deps.profiles.setConsent(customer.id, 'email', 'marketing', {
      granted: false,
      at,
      source: 'complaint',
    });
    return true;
  }
}

function statusOf(event: EmailEvent): EmailEventStatus {
  switch (event.type) {
    case 'bounce':
      // Undetermined bounces are not suppressed: SES could not tell whether the address is gone.
      return event.bounceType === 'permanent' ? 'bounced' : 'soft-bounce';
    case 'complaint':
      return 'complained';
    case 'delivery':
      return 'delivered';
  }
}

/** `permanent bounce: smtp; 550 5.1.1 user unknown`, the diagnostic left out when long. */
function suppressionReason(event: EmailEvent): (r: EmailEventRecipient) => string {
  const fallback = event.bounceSubType ? `permanent bounce (${event.bounceSubType})` : 'permanent bounce';
  return (r) =>
    r.diagnosticCode && r.diagnosticCode.length <= SHORT_DIAGNOSTIC
      ? `permanent bounce: ${r.diagnosticCode}`
      : fallback;
}

function bounceTypeOf(value: unknown): BounceType {
  const t = text(value)?.toLowerCase();
  return t === 'permanent' || t === 'transient' ? t : 'undetermined';
}

/** `[{emailAddress, diagnosticCode?}]` or `["a@example.jp"]`, deduplicated; unreadable entries skipped. */
function recipientsOf(value: unknown): EmailEventRecipient[] {
  if (!Array.isArray(value)) return [];
  const seen = new Map<string, EmailEventRecipient>();
  for (const entry of value) {
    const o = isObject(entry) ? entry : undefined;
    const address = emailAddress(o ? o.emailAddress : entry);
    if (!address || seen.has(address)) continue;
    const diagnostic = text(o?.diagnosticCode)?.replace(/\s+/g, ' ');
    seen.set(address, { address, ...optional('diagnosticCode', diagnostic) });
  }
  return [...seen.values()];
}

/** `Taro <Taro.Yamada@example.jp>` → `taro.yamada@example.jp`; undefined when it is no address. */
function emailAddress(value: unknown): string | undefined {
  const t = text(value);
  if (!t) return undefined;
  const address = (/<([^<>]+)>\s*$/.exec(t)?.[1] ?? t).trim().toLowerCase();
  return /^[^\s@<>]+@[^\s@<>]+$/.test(address) && address.length <= 254 ? address : undefined;
}

/** A tag's first value: SES gives `{name: [value]}`; a bare string is taken too. */
function firstTag(value: unknown): string | undefined {
  return text(Array.isArray(value) ? value[0] : value);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** An ISO time normalized to UTC milliseconds; undefined when absent or unreadable. */
function time(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
