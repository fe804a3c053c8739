import * as z from 'zod';
import { defineTemplate, httpsUrl, isoDate, line, link } from './template.ts';

const variables = z.strictObject({
  title: line('title', 100),
  url: httpsUrl('url'),
  validUntil: isoDate('validUntil').optional(),
});

export const campaign = defineTemplate({
  name: 'campaign',
  purpose: 'marketing',
  variables,
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
