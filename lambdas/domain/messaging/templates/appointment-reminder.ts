import * as z from 'zod';
import { defineTemplate, isoDate, line, problem } from './template.ts';

const variables = z.strictObject({
  date: isoDate('date'),
  time: z
    .string({ error: problem('time', 'a time HH:MM such as 14:30') })
    .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, { error: problem('time', 'a time HH:MM such as 14:30') }),
  place: line('place', 100),
});

export const appointmentReminder = defineTemplate({
  name: 'appointment-reminder',
  purpose: 'transactional',
  variables,
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
