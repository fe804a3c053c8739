import * as z from 'zod';
import { defineTemplate, isoDate, line } from './template.ts';

const variables = z.strictObject({ orderId: line('orderId', 64), newDate: isoDate('newDate') });

export const deliveryDelayed = defineTemplate({
  name: 'delivery-delayed',
  purpose: 'transactional',
  variables,
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
