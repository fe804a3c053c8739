import { defineTemplate, link, linkVariables } from './template.ts';

export const chatLink = defineTemplate({
  name: 'chat-link',
  purpose: 'transactional',
  variables: linkVariables,
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
