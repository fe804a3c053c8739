import * as z from 'zod';
import { type Customer, greetingName, type Language, type Purpose } from '../customer/customer.ts';
import { canonicalTimeZone } from '../time-zone.ts';
import { isTemplateName, MESSAGE_TEMPLATES, TEMPLATE_NAMES, type TemplateName } from './templates/index.ts';
import {
  type CopyContext,
  type Link,
  link,
  type MessageTemplate,
  type Paragraph,
} from './templates/template.ts';

// A template's copy rendered for one channel and language: the SMS body, or the email's subject,
// text and HTML parts from one layout (escaping in exactly one place, `toHtml`), with the
// unsubscribe footer and headers a message's purpose calls for.

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
