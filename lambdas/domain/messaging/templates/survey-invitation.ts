import { defineTemplate, link, linkVariables } from './template.ts';

export const surveyInvitation = defineTemplate({
  name: 'survey-invitation',
  purpose: 'survey',
  variables: linkVariables,
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
