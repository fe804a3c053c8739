import * as z from 'zod';
import { CONTROL_BUT_LINES, defineTemplate, line, problem } from './template.ts';

const variables = z.strictObject({
  text: z
    .string({ error: problem('text', 'text of 1 to 1000 characters') })
    .max(1000, { error: problem('text', 'at most 1000 characters') })
    .refine((v) => v.trim().length > 0, { error: problem('text', 'text of 1 to 1000 characters') })
    .refine((v) => !CONTROL_BUT_LINES.test(v) && v.isWellFormed(), {
      error: problem('text', 'printable text (line breaks allowed)'),
    }),
  subject: line('subject', 150).optional(),
});

export const custom = defineTemplate({
  name: 'custom',
  purpose: 'transactional',
  variables,
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
