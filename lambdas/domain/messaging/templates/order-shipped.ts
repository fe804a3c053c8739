import * as z from 'zod';
import { defineTemplate, httpsUrl, line, link } from './template.ts';

const variables = z.strictObject({
  orderId: line('orderId', 64),
  carrier: line('carrier', 50).optional(),
  trackingUrl: httpsUrl('trackingUrl').optional(),
});

export const orderShipped = defineTemplate({
  name: 'order-shipped',
  purpose: 'transactional',
  variables,
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
