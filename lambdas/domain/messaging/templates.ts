import * as z from 'zod';
import { type Customer, greetingName, type Language, type Purpose } from '../customer/customer.ts';
import { canonicalTimeZone } from '../time-zone.ts';

// Message templates for SMS and email, in Japanese and English. Each template writes its copy once as
// paragraphs; one layout turns them into the email's text and HTML parts, so the two never drift and
// escaping happens in exactly one place (`toHtml`).

/** A link in the copy: shown as its URL in both parts (https only, checked by the schemas). */
interface Link {
  readonly href: string;
}
type Paragraph = readonly (string | Link)[];

/** What a template writes for one language: the SMS body and the email's subject and paragraphs. */
export interface TemplateCopy {
  readonly sms: string;
  readonly subject: string;
  readonly paragraphs: readonly Paragraph[];
}

/** Formatting a template's copy needs, for the language being rendered. */
export interface CopyContext {
  /** The greeting for the SMS, ready to prefix (`佐藤様、` / `Hello Emily, `). */
  readonly smsGreeting: string;
  /** `YYYY-MM-DD` → `2026年11月25日` / `25 November 2026`. */
  readonly date: (isoDate: string, options?: { readonly weekday?: boolean }) => string;
  /** An ISO date-time with offset → date and time in the render's time zone. */
  readonly dateTime: (isoDateTime: string) => string;
}

export interface MessageTemplate<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly purpose: Purpose;
  /** Strict: unknown variables are refused, required ones named. */
  readonly variables: S;
  /** Whether the email opens with the customer's name (not for `custom`: its text is sent as is). */
  readonly greets: boolean;
  readonly copy: Readonly<Record<Language, (variables: z.output<S>, ctx: CopyContext) => TemplateCopy>>;
}

export interface RenderOptions<C extends 'sms' | 'email' = 'sms' | 'email'> {
  readonly channel: C;
  readonly language: Language;
  readonly customer: Pick<Customer, 'name' | 'language'>;
  readonly variables: unknown;
  /**
   * The signed one-click unsubscribe link (https). Required for marketing messages; used for survey
   * messages when given; ignored for transactional ones, which consent to the purpose cannot stop.
   */
  readonly unsubscribeUrl?: string;
  /**
   * What the message is sent as, when not the template's own purpose (e.g. `custom` text sent as
   * marketing): it decides the unsubscribe link. @default the template's purpose
   */
  readonly purpose?: Purpose;
  /** IANA zone for date-times in the copy (e.g. the outage's `until`). @default 'Asia/Tokyo' */
  readonly timeZone?: string;
}

export interface RenderedSms {
  readonly ok: true;
  readonly channel: 'sms';
  readonly template: TemplateName;
  readonly purpose: Purpose;
  readonly body: string;
}

export interface RenderedEmail {
  readonly ok: true;
  readonly channel: 'email';
  readonly template: TemplateName;
  readonly purpose: Purpose;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058) when the email carries an unsubscribe link. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Why a message was not rendered; `field` is a dotted path such as `variables.orderId`. */
export interface TemplateRefusal {
  readonly ok: false;
  readonly reason: 'unknown-template' | 'invalid-template-data';
  readonly field: string;
  readonly message: string;
}

// --- variable schemas -------------------------------------------------------------------------------

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: line breaks and tabs are allowed in free text
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** One error message for every way a variable can be wrong: missing is "required", the rest says what fits. */
const problem = (field: string, expected: string) => (issue: { readonly input?: unknown }) =>
  issue.input === undefined ? `${field} is required` : `${field} must be ${expected}`;

/** Single-line text, trimmed. */
function line(field: string, max: number) {
  const error = problem(field, `text of 1 to ${max} characters on one line`);
  return z
    .string({ error })
    .trim()
    .min(1, { error })
    .max(max, { error })
    .refine((v) => !CONTROL.test(v) && v.isWellFormed(), { error });
}

/** An https URL on a real host name, normalized (so it is ASCII: safe in headers and attributes). */
function httpsUrl(field: string) {
  const error = problem(field, 'an https URL such as https://example.com/track/A123');
  return z
    .url({ protocol: /^https$/, hostname: z.regexes.domain, error })
    .max(2000, { error })
    .transform((v) => new URL(v).href);
}

function isoDate(field: string) {
  return z.iso.date({ error: problem(field, 'a date YYYY-MM-DD such as 2026-11-25') });
}

const schemas = {
  orderShipped: z.strictObject({
    orderId: line('orderId', 64),
    carrier: line('carrier', 50).optional(),
    trackingUrl: httpsUrl('trackingUrl').optional(),
  }),
  deliveryDelayed: z.strictObject({ orderId: line('orderId', 64), newDate: isoDate('newDate') }),
  appointmentReminder: z.strictObject({
    date: isoDate('date'),
    time: z
      .string({ error: problem('time', 'a time HH:MM such as 14:30') })
      .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, { error: problem('time', 'a time HH:MM such as 14:30') }),
    place: line('place', 100),
  }),
  outage: z.strictObject({
    area: line('area', 100),
    until: z.iso
      .datetime({
        offset: true,
        error: problem('until', 'a date-time with offset such as 2026-11-25T18:00:00+09:00'),
      })
      .optional(),
  }),
  link: z.strictObject({ url: httpsUrl('url') }),
  campaign: z.strictObject({
    title: line('title', 100),
    url: httpsUrl('url'),
    validUntil: isoDate('validUntil').optional(),
  }),
  custom: z.strictObject({
    text: z
      .string({ error: problem('text', 'text of 1 to 1000 characters') })
      .max(1000, { error: problem('text', 'at most 1000 characters') })
      .refine((v) => v.trim().length > 0, { error: problem('text', 'text of 1 to 1000 characters') })
      .refine((v) => !CONTROL_BUT_LINES.test(v) && v.isWellFormed(), {
        error: problem('text', 'printable text (line breaks allowed)'),
      }),
    subject: line('subject', 150).optional(),
  }),
};

// --- the templates ----------------------------------------------------------------------------------

const link = (href: string): Link => ({ href });

function defineTemplate<S extends z.ZodType>(template: MessageTemplate<S>): MessageTemplate<S> {
  return template;
}

const orderShipped = defineTemplate({
  name: 'order-shipped',
  purpose: 'transactional',
  variables: schemas.orderShipped,
  greets: true,
  copy: {
    ja: (v, c) => ({
      sms: `${c.smsGreeting}ご注文${v.orderId}を発送しました。${v.carrier ? `配送: ${v.carrier}` : ''}${
        v.trackingUrl ? ` 追跡: ${v.trackingUrl}` : ''
      }`,
      subject: `ご注文${v.orderId}を発送しました`,
      paragraphs: [
        [`ご注文（${v.orderId}）の商品を発送いたしました。`],
        ...(v.carrier ? [[`配送業者: ${v.carrier}`]] : []),
        ...(v.trackingUrl ? [['配送状況はこちらからご確認いただけます: ', link(v.trackingUrl)]] : []),
        ['お届けまで今しばらくお待ちください。'],
      ],
    }),
    en: (v, c) => ({
      sms: `${c.smsGreeting}your order ${v.orderId} has shipped${v.carrier ? ` with ${v.carrier}` : ''}.${
        v.trackingUrl ? ` Track it: ${v.trackingUrl}` : ''
      }`,
      subject: `Your order ${v.orderId} has shipped`,
      paragraphs: [
        [`Your order ${v.orderId} is on its way.`],
        ...(v.carrier ? [[`Carrier: ${v.carrier}`]] : []),
        ...(v.trackingUrl ? [['Track your parcel: ', link(v.trackingUrl)]] : []),
      ],
    }),
  },
});

const deliveryDelayed = defineTemplate({
  name: 'delivery-delayed',
  purpose: 'transactional',
  variables: schemas.deliveryDelayed,
  greets: true,
  copy: {
    ja: (v, c) => ({
      sms: `${c.smsGreeting}ご注文${v.orderId}のお届けが遅れております。新しいお届け予定日は${c.date(v.newDate)}です。`,
      subject: `ご注文${v.orderId}のお届け遅延のお知らせ`,
      paragraphs: [
        [`ご注文（${v.orderId}）のお届けが遅れております。ご迷惑をおかけし、申し訳ございません。`],
        [`新しいお届け予定日: ${c.date(v.newDate)}`],
      ],
    }),
    en: (v, c) => ({
      sms: `${c.smsGreeting}we are sorry: your order ${v.orderId} is delayed. New delivery date: ${c.date(v.newDate)}.`,
      subject: `Your order ${v.orderId} is delayed`,
      paragraphs: [
        [`We are sorry: your order ${v.orderId} is running late.`],
        [`New delivery date: ${c.date(v.newDate)}`],
      ],
    }),
  },
});

const appointmentReminder = defineTemplate({
  name: 'appointment-reminder',
  purpose: 'transactional',
  variables: schemas.appointmentReminder,
  greets: true,
  copy: {
    ja: (v, c) => ({
      sms: `${c.smsGreeting}ご予約のお知らせです。${c.date(v.date, { weekday: true })} ${v.time} ${v.place}`,
      subject: `ご予約のお知らせ（${c.date(v.date)}）`,
      paragraphs: [
        ['ご予約の日時が近づいてまいりましたので、お知らせいたします。'],
        [`日時: ${c.date(v.date, { weekday: true })} ${v.time}`],
        [`場所: ${v.place}`],
      ],
    }),
    en: (v, c) => ({
      sms: `${c.smsGreeting}a reminder of your appointment on ${c.date(v.date, { weekday: true })} at ${v.time}, ${v.place}.`,
      subject: `Reminder: your appointment on ${c.date(v.date)}`,
      paragraphs: [
        ['This is a reminder of your appointment.'],
        [`When: ${c.date(v.date, { weekday: true })}, ${v.time}`],
        [`Where: ${v.place}`],
      ],
    }),
  },
});

const outage = defineTemplate({
  name: 'outage',
  purpose: 'transactional',
  variables: schemas.outage,
  greets: true,
  copy: {
    ja: (v, c) => ({
      sms: `${c.smsGreeting}${v.area}で障害が発生しております。${v.until ? `復旧見込み: ${c.dateTime(v.until)}` : ''}`,
      subject: `【障害のお知らせ】${v.area}`,
      paragraphs: [
        [`${v.area}でサービス障害が発生しております。ご不便をおかけし、申し訳ございません。`],
        [
          v.until
            ? `復旧見込み: ${c.dateTime(v.until)}`
            : '復旧の見込みが立ち次第、あらためてお知らせいたします。',
        ],
      ],
    }),
    en: (v, c) => ({
      sms: `${c.smsGreeting}there is a service outage in ${v.area}.${
        v.until ? ` Expected back by ${c.dateTime(v.until)}.` : ''
      }`,
      subject: `Service outage: ${v.area}`,
      paragraphs: [
        [`There is a service outage in ${v.area}. We are sorry for the inconvenience.`],
        [
          v.until
            ? `We expect service to be back by ${c.dateTime(v.until)}.`
            : 'We will let you know as soon as we know when it will be back.',
        ],
      ],
    }),
  },
});

const chatLink = defineTemplate({
  name: 'chat-link',
  purpose: 'transactional',
  variables: schemas.link,
  greets: true,
  copy: {
    ja: (v, c) => ({
      sms: `${c.smsGreeting}チャットはこちらから: ${v.url}`,
      subject: 'チャットのご案内',
      paragraphs: [['以下のリンクから、チャットでお問い合わせいただけます。'], [link(v.url)]],
    }),
    en: (v, c) => ({
      sms: `${c.smsGreeting}chat with us here: ${v.url}`,
      subject: 'Continue in chat',
      paragraphs: [['You can continue with us in chat here:'], [link(v.url)]],
    }),
  },
});

const surveyInvitation = defineTemplate({
  name: 'survey-invitation',
  purpose: 'survey',
  variables: schemas.link,
  greets: true,
  copy: {
    ja: (v, c) => ({
      sms: `${c.smsGreeting}お問い合わせありがとうございました。アンケートにご協力ください: ${v.url}`,
      subject: 'アンケートへのご協力のお願い',
      paragraphs: [
        ['先日はお問い合わせいただき、ありがとうございました。'],
        ['サービス向上のため、アンケートへのご協力をお願いいたします: ', link(v.url)],
      ],
    }),
    en: (v, c) => ({
      sms: `${c.smsGreeting}thank you for contacting us. Tell us how we did: ${v.url}`,
      subject: 'How did we do?',
      paragraphs: [['Thank you for contacting us.'], ['Please tell us how we did: ', link(v.url)]],
    }),
  },
});

const campaign = defineTemplate({
  name: 'campaign',
  purpose: 'marketing',
  variables: schemas.campaign,
  greets: true,
  copy: {
    ja: (v, c) => ({
      sms: `${v.title}${v.validUntil ? `（${c.date(v.validUntil)}まで）` : ''} 詳しくは: ${v.url}`,
      subject: v.title,
      paragraphs: [
        [v.title],
        ...(v.validUntil ? [[`期間: ${c.date(v.validUntil)}まで`]] : []),
        ['詳しくはこちら: ', link(v.url)],
      ],
    }),
    en: (v, c) => ({
      sms: `${v.title}${v.validUntil ? ` (until ${c.date(v.validUntil)})` : ''} More: ${v.url}`,
      subject: v.title,
      paragraphs: [
        [v.title],
        ...(v.validUntil ? [[`Until ${c.date(v.validUntil)}.`]] : []),
        ['Find out more: ', link(v.url)],
      ],
    }),
  },
});

const custom = defineTemplate({
  name: 'custom',
  purpose: 'transactional',
  variables: schemas.custom,
  greets: false,
  copy: {
    ja: (v) => ({
      sms: v.text,
      subject: v.subject ?? 'カスタマーサポートからのご連絡',
      paragraphs: [[v.text]],
    }),
    en: (v) => ({
      sms: v.text,
      subject: v.subject ?? 'A message from customer support',
      paragraphs: [[v.text]],
    }),
  },
});

/** Every template by name. `custom` sends an agent's own text as is. */
export const MESSAGE_TEMPLATES = {
  'order-shipped': orderShipped,
  'delivery-delayed': deliveryDelayed,
  'appointment-reminder': appointmentReminder,
  outage,
  'chat-link': chatLink,
  'survey-invitation': surveyInvitation,
  campaign,
  custom,
} as const satisfies Record<string, MessageTemplate>;

export type TemplateName = keyof typeof MESSAGE_TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(MESSAGE_TEMPLATES) as readonly TemplateName[];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(MESSAGE_TEMPLATES, name);
}

// --- rendering --------------------------------------------------------------------------------------

const LOCALES: Record<Language, string> = { ja: 'ja-JP', en: 'en-GB' };

const FOOTER: Record<Language, Record<Exclude<Purpose, 'transactional'>, string>> = {
  ja: {
    marketing: '今後のご案内の配信停止はこちら: ',
    survey: 'アンケートのご案内の配信停止はこちら: ',
  },
  en: {
    marketing: 'Unsubscribe from these messages: ',
    survey: 'Stop survey invitations: ',
  },
};
const SMS_OPT_OUT: Record<Language, string> = { ja: ' 配信停止: ', en: ' Opt out: ' };

const unsubscribeUrlSchema = z
  .url({ protocol: /^https$/, hostname: z.regexes.domain })
  .max(2000)
  .transform((v) => new URL(v).href);

function greetings(customer: Pick<Customer, 'name' | 'language'>, language: Language) {
  const name = greetingName(customer).trim();
  if (language === 'ja') {
    const addressed = name ? `${name}様` : 'お客様';
    return { email: addressed, sms: `${addressed}、` };
  }
  return { email: name ? `Dear ${name},` : 'Hello,', sms: name ? `Hello ${name}, ` : 'Hello, ' };
}

function copyContext(language: Language, timeZone: string, smsGreeting: string): CopyContext {
  const locale = LOCALES[language];
  return {
    smsGreeting,
    // A calendar date is the same everywhere: formatted at UTC so no zone shifts the day.
    date: (isoDate, options) =>
      new Intl.DateTimeFormat(locale, {
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        ...(options?.weekday ? { weekday: 'short' } : {}),
        timeZone: 'UTC',
      }).format(new Date(`${isoDate}T00:00:00Z`)),
    dateTime: (iso) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(
        new Date(iso),
      ),
  };
}

function refusal(reason: TemplateRefusal['reason'], field: string, message: string): TemplateRefusal {
  return { ok: false, reason, field, message };
}

function variablesRefusal(template: MessageTemplate, error: z.ZodError): TemplateRefusal {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const allowed = Object.keys((template.variables as z.ZodObject).shape).join(', ');
    return refusal(
      'invalid-template-data',
      `variables.${issue.keys[0] ?? ''}`,
      `unknown variable ${issue.keys.join(', ')}: ${template.name} takes ${allowed}`,
    );
  }
  if (!issue || issue.path.length === 0) {
    return refusal('invalid-template-data', 'variables', `variables must be an object for ${template.name}`);
  }
  return refusal('invalid-template-data', `variables.${issue.path.join('.')}`, issue.message);
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => escapes[ch] ?? ch);

const inlineText = (part: string | Link) => (typeof part === 'string' ? part : part.href);
const inlineHtml = (part: string | Link) =>
  typeof part === 'string'
    ? escapeHtml(part).replace(/\r?\n/g, '<br>\n')
    : `<a href="${escapeHtml(part.href)}">${escapeHtml(part.href)}</a>`;

interface EmailLayout {
  readonly language: Language;
  readonly subject: string;
  readonly greeting?: string;
  readonly paragraphs: readonly Paragraph[];
  readonly footer?: Paragraph;
}

function toText(layout: EmailLayout): string {
  const blocks = [
    ...(layout.greeting ? [layout.greeting] : []),
    ...layout.paragraphs.map((p) => p.map(inlineText).join('')),
  ];
  const footer = layout.footer ? `\n\n--\n${layout.footer.map(inlineText).join('')}` : '';
  return blocks.join('\n\n') + footer;
}

/** The only place HTML is built: every piece of text and every URL goes through escapeHtml. */
function toHtml(layout: EmailLayout): string {
  const paragraph = (p: Paragraph, style = '') => `<p${style}>${p.map(inlineHtml).join('')}</p>`;
  return [
    '<!doctype html>',
    `<html lang="${layout.language}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(layout.subject)}</title></head>`,
    '<body>',
    ...(layout.greeting ? [paragraph([layout.greeting])] : []),
    ...layout.paragraphs.map((p) => paragraph(p)),
    ...(layout.footer ? ['<hr>', paragraph(layout.footer, ' style="font-size:small;color:#666"')] : []),
    '</body>',
    '</html>',
  ].join('\n');
}

/**
 * Renders a template for one channel and language. Never throws on bad data: an unknown template or
 * variables that break the template's schema come back as a refusal naming the field.
 */
export function renderMessage(name: string, options: RenderOptions<'sms'>): RenderedSms | TemplateRefusal;
export function renderMessage(name: string, options: RenderOptions<'email'>): RenderedEmail | TemplateRefusal;
export function renderMessage(
  name: string,
  options: RenderOptions,
): RenderedSms | RenderedEmail | TemplateRefusal;
export function renderMessage(
  name: string,
  options: RenderOptions,
): RenderedSms | RenderedEmail | TemplateRefusal {
  if (!isTemplateName(name)) {
    return refusal(
      'unknown-template',
      'template',
      `no template ${name}; one of ${TEMPLATE_NAMES.join(', ')}`,
    );
  }
  // The registry's templates differ in their variables; rendering needs only the common shape.
  const template = MESSAGE_TEMPLATES[name] as unknown as MessageTemplate;
  const purpose = options.purpose ?? template.purpose;

  const variables = template.variables.safeParse(options.variables);
  if (!variables.success) return variablesRefusal(template, variables.error);

  const timeZone = canonicalTimeZone(options.timeZone ?? 'Asia/Tokyo');
  if (!timeZone) {
    return refusal('invalid-template-data', 'timeZone', 'timeZone must be an IANA zone such as Asia/Tokyo');
  }

  let unsubscribeUrl: string | undefined;
  if (purpose !== 'transactional' && options.unsubscribeUrl !== undefined) {
    const parsed = unsubscribeUrlSchema.safeParse(options.unsubscribeUrl);
    if (!parsed.success) {
      return refusal('invalid-template-data', 'unsubscribeUrl', 'unsubscribeUrl must be an https URL');
    }
    unsubscribeUrl = parsed.data;
  }
  if (purpose === 'marketing' && unsubscribeUrl === undefined) {
    return refusal(
      'invalid-template-data',
      'unsubscribeUrl',
      'a marketing message needs unsubscribeUrl (the signed one-click unsubscribe link)',
    );
  }

  const { language } = options;
  const greeting = greetings(options.customer, language);
  const copy = template.copy[language](
    variables.data,
    copyContext(language, timeZone, template.greets ? greeting.sms : ''),
  );

  if (options.channel === 'sms') {
    const optOut =
      unsubscribeUrl !== undefined && purpose !== 'transactional'
        ? `${SMS_OPT_OUT[language]}${unsubscribeUrl}`
        : '';
    return { ok: true, channel: 'sms', template: name, purpose, body: `${copy.sms}${optOut}` };
  }

  const footer =
    unsubscribeUrl !== undefined && purpose !== 'transactional'
      ? [FOOTER[language][purpose], link(unsubscribeUrl)]
      : undefined;
  const layout: EmailLayout = {
    language,
    subject: copy.subject,
    ...(template.greets ? { greeting: greeting.email } : {}),
    paragraphs: copy.paragraphs,
    ...(footer ? { footer } : {}),
  };
  return {
    ok: true,
    channel: 'email',
    template: name,
    purpose,
    subject: copy.subject,
    text: toText(layout),
    html: toHtml(layout),
    ...(unsubscribeUrl !== undefined ? { headers: oneClickUnsubscribeHeaders(unsubscribeUrl) } : {}),
  };
}

/** The RFC 8058 pair: the mailbox provider POSTs `List-Unsubscribe=One-Click` to the https URL. */
export function oneClickUnsubscribeHeaders(httpsUrl: string): Readonly<Record<string, string>> {
  return { 'List-Unsubscribe': `<${httpsUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
