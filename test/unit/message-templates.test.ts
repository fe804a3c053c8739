import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../lambdas/domain/customer/customer.ts';
import {
  type RenderedEmail,
  type RenderedSms,
  type RenderOptions,
  renderMessage,
  type TemplateRefusal,
} from '../../lambdas/domain/messaging/message-rendering.ts';
import {
  MESSAGE_TEMPLATES,
  TEMPLATE_NAMES,
  type TemplateName,
} from '../../lambdas/domain/messaging/templates/index.ts';

const hanako = { name: '佐藤 花子', language: 'ja' } as const;
const emily = { name: 'Emily Carter', language: 'en' } as const;
const UNSUBSCRIBE = 'https://example.jp/u/v1.abc.def';

function email(name: string, options: Omit<RenderOptions<'email'>, 'channel'>): RenderedEmail {
  const result = renderMessage(name, { ...options, channel: 'email' });
  if (!result.ok) throw new Error(`expected an email, got ${result.field}: ${result.message}`);
  return result;
}

function sms(name: string, options: Omit<RenderOptions<'sms'>, 'channel'>): RenderedSms {
  const result = renderMessage(name, { ...options, channel: 'sms' });
  if (!result.ok) throw new Error(`expected an SMS, got ${result.field}: ${result.message}`);
  return result;
}

function refused(name: string, options: Omit<RenderOptions, 'channel'>): TemplateRefusal {
  const result = renderMessage(name, { ...options, channel: 'email' });
  if (result.ok) throw new Error('expected a refusal');
  return result;
}

const SAMPLES: Record<TemplateName, Record<string, string>> = {
  'order-shipped': { orderId: 'A123', carrier: 'ヤマト運輸', trackingUrl: 'https://track.example.jp/A123' },
  'delivery-delayed': { orderId: 'A123', newDate: '2026-11-25' },
  'appointment-reminder': { date: '2026-11-25', time: '14:30', place: '渋谷店' },
  outage: { area: '東京都渋谷区', until: '2026-11-25T18:00:00+09:00' },
  'chat-link': { url: 'https://chat.example.jp/c/123' },
  'survey-invitation': { url: 'https://survey.example.jp/s/123' },
  campaign: { title: '冬のセール', url: 'https://shop.example.jp/sale', validUntil: '2026-12-31' },
  custom: { text: 'お電話ありがとうございました。' },
};

describe('message templates', () => {
  it.each(
    TEMPLATE_NAMES.flatMap((name) =>
      (['ja', 'en'] as const).flatMap((language) => [
        { name, language, channel: 'sms' as const },
        { name, language, channel: 'email' as const },
      ]),
    ),
  )('render $name in $language for $channel with their sample data', ({ name, language, channel }) => {
    const result = renderMessage(name, {
      channel,
      language,
      customer: language === 'ja' ? hanako : emily,
      variables: SAMPLES[name],
      unsubscribeUrl: UNSUBSCRIBE,
    });

    expect(result).toMatchObject({
      ok: true,
      channel,
      template: name,
      purpose: MESSAGE_TEMPLATES[name].purpose,
    });
  });

  it('greet a Japanese customer by family name with 様, an English one by given name', () => {
    const ja = email('order-shipped', { language: 'ja', customer: hanako, variables: { orderId: 'A123' } });
    const en = email('order-shipped', { language: 'en', customer: emily, variables: { orderId: 'A123' } });

    expect(ja.text.startsWith('佐藤様\n\n')).toBe(true);
    expect(ja.html).toContain('<p>佐藤様</p>');
    expect(en.text.startsWith('Dear Emily,\n\n')).toBe(true);
    expect(
      sms('order-shipped', { language: 'ja', customer: hanako, variables: { orderId: 'A123' } }).body,
    ).toBe('佐藤様、ご注文A123を発送しました。');
    expect(
      sms('order-shipped', { language: 'en', customer: emily, variables: { orderId: 'A123' } }).body,
    ).toBe('Hello Emily, your order A123 has shipped.');
  });

  it('address a customer with no usable name as お客様', () => {
    const result = sms('chat-link', {
      language: 'ja',
      customer: { name: ' ', language: 'ja' },
      variables: { url: 'https://chat.example.jp/c/1' },
    });

    expect(result.body.startsWith('お客様、')).toBe(true);
  });

  it('put the carrier and an https tracking link in the shipping notice when given', () => {
    const result = email('order-shipped', {
      language: 'ja',
      customer: hanako,
      variables: SAMPLES['order-shipped'],
    });

    expect(result.subject).toBe('ご注文A123を発送しました');
    expect(result.text).toContain('配送業者: ヤマト運輸');
    expect(result.text).toContain('https://track.example.jp/A123');
    expect(result.html).toContain(
      '<a href="https://track.example.jp/A123">https://track.example.jp/A123</a>',
    );
  });

  it('write dates the way each language reads them', () => {
    const delayed = { orderId: 'A123', newDate: '2026-11-25' };

    expect(
      email('delivery-delayed', { language: 'ja', customer: hanako, variables: delayed }).text,
    ).toContain('新しいお届け予定日: 2026年11月25日');
    expect(email('delivery-delayed', { language: 'en', customer: emily, variables: delayed }).text).toContain(
      'New delivery date: 25 November 2026',
    );
    expect(
      sms('appointment-reminder', {
        language: 'ja',
        customer: hanako,
        variables: SAMPLES['appointment-reminder'],
      }).body,
    ).toBe('佐藤様、ご予約のお知らせです。2026年11月25日(水) 14:30 渋谷店');
  });

  it('give the outage end in the time zone asked for (Tokyo unless told)', () => {
    const variables = { area: 'Shibuya', until: '2026-11-25T09:00:00Z' };

    expect(email('outage', { language: 'ja', customer: hanako, variables }).text).toContain(
      '復旧見込み: 2026年11月25日 18:00',
    );
    expect(
      email('outage', { language: 'en', customer: emily, variables, timeZone: 'Europe/London' }).text,
    ).toContain('back by 25 November 2026 at 09:00');
    expect(
      email('outage', { language: 'en', customer: emily, variables: { area: 'Shibuya' } }).text,
    ).toContain('as soon as we know');
    expect(
      refused('outage', { language: 'en', customer: emily, variables, timeZone: 'Mars/Olympus' }),
    ).toEqual(expect.objectContaining({ field: 'timeZone' }));
  });

  it('keep Japanese transactional SMS without links within one UCS-2 segment (70 characters)', () => {
    const cases: [TemplateName, Record<string, string>][] = [
      ['order-shipped', { orderId: 'A1234567', carrier: 'ヤマト運輸' }],
      ['delivery-delayed', { orderId: 'A1234567', newDate: '2026-11-25' }],
      ['appointment-reminder', { date: '2026-11-25', time: '14:30', place: '渋谷店' }],
      ['outage', { area: '東京都渋谷区', until: '2026-11-25T18:00:00+09:00' }],
    ];

    for (const [name, variables] of cases) {
      const body = sms(name, { language: 'ja', customer: hanako, variables }).body;
      expect([...body].length, `${name}: ${body}`).toBeLessThanOrEqual(70);
    }
  });
});

describe('HTML escaping', () => {
  const customer = { name: '<script>alert(1)</script> 太郎', language: 'ja' } as const;
  const place = `"&'<>`;

  it('escapes the customer name and every variable in the HTML part, and only there', () => {
    const result = email('appointment-reminder', {
      language: 'ja',
      customer,
      variables: { date: '2026-11-25', time: '14:30', place },
    });

    expect(result.html).not.toContain('<script>');
    expect(result.html).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;様</p>');
    expect(result.html).toContain('場所: &quot;&amp;&#39;&lt;&gt;');
    expect(result.text).toContain(`場所: ${place}`);
    expect(result.text.startsWith('<script>alert(1)</script>様')).toBe(true);
  });

  it('escapes the subject in the HTML title', () => {
    const result = email('custom', {
      language: 'en',
      customer: emily,
      variables: { text: 'hello', subject: '<b>"Re"</b>' },
    });

    expect(result.subject).toBe('<b>"Re"</b>');
    expect(result.html).toContain('<title>&lt;b&gt;&quot;Re&quot;&lt;/b&gt;</title>');
  });

  it('never lets a variable open a tag, whatever it holds', () => {
    fc.assert(
      fc.property(
        // printable ASCII by default: every character HTML cares about, none a schema refuses
        fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0),
        (value) => {
          const result = renderMessage('appointment-reminder', {
            channel: 'email',
            language: 'en',
            customer: { name: value, language: 'en' },
            variables: { date: '2026-11-25', time: '14:30', place: `<i x="${value}">` },
          });
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          const body = result.html.slice(result.html.indexOf('<body>'));
          expect(body).not.toContain('<i ');
          const tags = body.match(/<[^>]*>/g) ?? [];
          expect(tags.every((t) => /^<\/?(body|html|p|br|hr|a)( href="[^"<>]*")?>$/.test(t))).toBe(true);
        },
      ),
    );
  });
});

describe('unsubscribe links', () => {
  const campaign = SAMPLES.campaign;

  it('put the one-click link in the HTML part, the text part and the RFC 8058 headers of marketing email', () => {
    const result = email('campaign', {
      language: 'ja',
      customer: hanako,
      variables: campaign,
      unsubscribeUrl: UNSUBSCRIBE,
    });

    expect(result.purpose).toBe('marketing');
    expect(result.html).toContain(`<a href="${UNSUBSCRIBE}">${UNSUBSCRIBE}</a>`);
    expect(result.text).toContain(`今後のご案内の配信停止はこちら: ${UNSUBSCRIBE}`);
    expect(result.headers).toEqual({
      'List-Unsubscribe': `<${UNSUBSCRIBE}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('refuse a marketing message without an unsubscribe link, or with one that is not https', () => {
    expect(refused('campaign', { language: 'ja', customer: hanako, variables: campaign })).toMatchObject({
      reason: 'invalid-template-data',
      field: 'unsubscribeUrl',
    });
    expect(
      refused('campaign', {
        language: 'ja',
        customer: hanako,
        variables: campaign,
        unsubscribeUrl: 'http://example.jp/u/x',
      }),
    ).toMatchObject({ field: 'unsubscribeUrl' });
  });

  it('end a marketing SMS with the opt-out link', () => {
    const result = sms('campaign', {
      language: 'en',
      customer: emily,
      variables: { title: 'Winter sale', url: 'https://shop.example.jp/sale' },
      unsubscribeUrl: UNSUBSCRIBE,
    });

    expect(result.body).toBe(`Winter sale More: https://shop.example.jp/sale Opt out: ${UNSUBSCRIBE}`);
  });

  it('offer a way out of survey invitations when given a link, and leave transactional email without one', () => {
    const survey = email('survey-invitation', {
      language: 'en',
      customer: emily,
      variables: SAMPLES['survey-invitation'],
      unsubscribeUrl: UNSUBSCRIBE,
    });
    const shipped = email('order-shipped', {
      language: 'en',
      customer: emily,
      variables: { orderId: 'A123' },
      unsubscribeUrl: UNSUBSCRIBE,
    });

    expect(survey.text).toContain(`Stop survey invitations: ${UNSUBSCRIBE}`);
    expect(survey.headers?.['List-Unsubscribe']).toBe(`<${UNSUBSCRIBE}>`);
    expect(shipped.text).not.toContain(UNSUBSCRIBE);
    expect(shipped.html).not.toContain(UNSUBSCRIBE);
    expect(shipped.headers).toBeUndefined();
  });

  it('follow the purpose a message is sent as: custom text sent as marketing carries the link', () => {
    const options = { language: 'en' as Language, customer: emily, variables: { text: 'Winter sale!' } };

    const news = email('custom', { ...options, purpose: 'marketing', unsubscribeUrl: UNSUBSCRIBE });

    expect(news.purpose).toBe('marketing');
    expect(news.text).toBe(`Winter sale!\n\n--\nUnsubscribe from these messages: ${UNSUBSCRIBE}`);
    expect(news.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(refused('custom', { ...options, purpose: 'marketing' }).field).toBe('unsubscribeUrl');
  });
});

describe('the custom template', () => {
  const text = 'Thank you for your call.\nYour refund is on its way.';

  it('sends the text as is, by SMS and as the email body, under a default subject', () => {
    const options = { language: 'en' as Language, customer: emily, variables: { text } };

    expect(sms('custom', options).body).toBe(text);
    const result = email('custom', options);
    expect(result.text).toBe(text);
    expect(result.subject).toBe('A message from customer support');
    expect(result.html).toContain('<p>Thank you for your call.<br>\nYour refund is on its way.</p>');
    expect(email('custom', { ...options, language: 'ja' }).subject).toBe('カスタマーサポートからのご連絡');
  });

  it('takes its subject from the variables', () => {
    expect(
      email('custom', { language: 'ja', customer: hanako, variables: { text, subject: '返金について' } })
        .subject,
    ).toBe('返金について');
  });

  it('refuses empty text and text over 1000 characters', () => {
    const options = { language: 'en' as Language, customer: emily };

    expect(refused('custom', { ...options, variables: { text: '   ' } }).field).toBe('variables.text');
    expect(refused('custom', { ...options, variables: { text: 'x'.repeat(1001) } })).toMatchObject({
      field: 'variables.text',
      message: 'text must be at most 1000 characters',
    });
    expect(email('custom', { ...options, variables: { text: 'x'.repeat(1000) } }).text).toHaveLength(1000);
  });
});

describe('refused template data', () => {
  const base = { language: 'ja' as Language, customer: hanako };

  it('names an unknown template and lists the known ones', () => {
    expect(refused('order-lost', { ...base, variables: {} })).toEqual({
      ok: false,
      reason: 'unknown-template',
      field: 'template',
      message: expect.stringContaining('order-shipped'),
    });
    expect(refused('toString', { ...base, variables: {} }).reason).toBe('unknown-template');
  });

  it('names a missing required variable', () => {
    expect(refused('delivery-delayed', { ...base, variables: { orderId: 'A123' } })).toEqual({
      ok: false,
      reason: 'invalid-template-data',
      field: 'variables.newDate',
      message: 'newDate is required',
    });
  });

  it('refuses unknown variables and says which ones the template takes', () => {
    expect(
      refused('chat-link', { ...base, variables: { url: 'https://chat.example.jp/c/1', urll: 'x' } }),
    ).toEqual({
      ok: false,
      reason: 'invalid-template-data',
      field: 'variables.urll',
      message: 'unknown variable urll: chat-link takes url',
    });
  });

  it.each([
    ['order-shipped', { orderId: 'A1', trackingUrl: 'http://track.example.jp/A1' }, 'variables.trackingUrl'],
    ['order-shipped', { orderId: 'A1', trackingUrl: 'javascript:alert(1)' }, 'variables.trackingUrl'],
    ['order-shipped', { orderId: 'A1\r\nBcc: x' }, 'variables.orderId'],
    ['delivery-delayed', { orderId: 'A1', newDate: '2026-02-30' }, 'variables.newDate'],
    ['delivery-delayed', { orderId: 'A1', newDate: '25/11/2026' }, 'variables.newDate'],
    ['appointment-reminder', { date: '2026-11-25', time: '24:00', place: '渋谷店' }, 'variables.time'],
    ['outage', { area: '渋谷', until: '18:00' }, 'variables.until'],
    ['chat-link', { url: 'https://localhost/c/1' }, 'variables.url'],
  ])('refuses %s with %j at %s', (name, variables, field) => {
    expect(refused(name, { ...base, variables })).toMatchObject({ reason: 'invalid-template-data', field });
  });

  it('refuses variables that are not an object', () => {
    expect(refused('chat-link', { ...base, variables: undefined })).toMatchObject({
      field: 'variables',
      message: 'variables must be an object for chat-link',
    });
  });
});
