import * as z from 'zod';
import { defineTemplate, line, problem } from './template.ts';

const variables = z.strictObject({
  area: line('area', 100),
  until: z.iso
    .datetime({
      offset: true,
      error: problem('until', 'a date-time with offset such as 2026-11-25T18:00:00+09:00'),
    })
    .optional(),
});

export const outage = defineTemplate({
  name: 'outage',
  purpose: 'transactional',
  variables,
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
