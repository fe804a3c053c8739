import type { CustomerService } from '../../lambdas/domain/customer/customer-service.ts';

interface DemoCustomer {
  readonly profile: Record<string, unknown>;
  readonly timeline?: readonly (Record<string, unknown> & { hoursAgo: number })[];
  readonly notice?: Record<string, unknown> & { hoursAgo: number };
}

/**
 * Demo customers for the local twin: Japanese and English speakers, VIP and standard, consent
 * given, withdrawn and never asked, with some history on other channels.
 */
export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    profile: {
      name: '佐藤 花子',
      phone: '090-1234-5678',
      email: 'hanako.sato@example.jp',
      language: 'ja',
      tier: 'vip',
      preferredChannel: 'sms',
      consent: {
        sms: { transactional: true, marketing: true },
        email: { transactional: true, marketing: false },
      },
    },
    timeline: [
      {
        channel: 'chat',
        direction: 'inbound',
        topic: 'order-status',
        summary: '注文の配送状況についてチャットで問い合わせ',
        hoursAgo: 26,
      },
      {
        channel: 'sms',
        direction: 'outbound',
        topic: 'delivery-delayed',
        summary: 'ご注文の配送が遅れています（お届け予定: 明日）',
        hoursAgo: 5,
      },
    ],
    notice: { topic: 'delivery-delayed', summary: 'ご注文 #A1024 の配送遅延', hoursAgo: 5 },
  },
  {
    profile: {
      name: '鈴木 一郎',
      phone: '080-2345-6789',
      email: 'ichiro.suzuki@example.jp',
      language: 'ja',
      tier: 'standard',
      consent: {
        sms: { transactional: true, marketing: false },
        email: { transactional: true, marketing: false },
      },
    },
    timeline: [
      {
        channel: 'voice',
        direction: 'inbound',
        topic: 'billing',
        summary: '請求額について',
        queue: 'billing',
        hoursAgo: 72,
      },
    ],
  },
  {
    profile: { name: '高橋 美咲', phone: '070-3456-7890', language: 'ja', tier: 'standard' },
  },
  {
    profile: {
      name: 'Emily Carter',
      phone: '+1 415 555 0123',
      email: 'emily.carter@example.com',
      language: 'en',
      timeZone: 'America/Los_Angeles',
      tier: 'vip',
      preferredChannel: 'email',
      consent: { email: { transactional: true, marketing: true } },
    },
    timeline: [
      {
        channel: 'email',
        direction: 'outbound',
        topic: 'order-shipped',
        summary: 'Your order #B2048 has shipped',
        hoursAgo: 30,
      },
    ],
  },
  {
    profile: {
      name: 'James Wilson',
      phone: '090-8765-4321',
      email: 'james.wilson@example.com',
      language: 'en',
      tier: 'standard',
      consent: { sms: { transactional: true }, email: { transactional: true, marketing: false } },
    },
    timeline: [
      {
        channel: 'chat',
        direction: 'inbound',
        topic: 'technical-support',
        summary: 'Router keeps disconnecting',
        hoursAgo: 20,
      },
    ],
  },
];

/** Adds the demo customers that are not there yet (a persisted --data-dir keeps earlier ones). */
export async function seedDemoCustomers(customers: CustomerService, now: Date): Promise<number> {
  let added = 0;
  for (const demo of DEMO_CUSTOMERS) {
    if (await customers.findByPhone(String(demo.profile.phone))) continue;
    const customer = await customers.create(demo.profile, 'seed');
    for (const { hoursAgo, ...entry } of demo.timeline ?? []) {
      await customers.recordInteraction(customer.id, { ...entry, at: hoursBefore(now, hoursAgo) });
    }
    if (demo.notice) {
      const { hoursAgo, ...notice } = demo.notice;
      await customers.addNotice(customer.id, { ...notice, at: hoursBefore(now, hoursAgo) });
    }
    added++;
  }
  return added;
}

function hoursBefore(now: Date, hours: number): string {
  return new Date(now.getTime() - hours * 3_600_000).toISOString();
}
