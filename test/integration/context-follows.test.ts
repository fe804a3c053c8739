import { describe, expect, it } from 'vitest';
import { signCustomerToken } from '../../lambdas/domain/chat/customer-token.ts';
import type { CallResult } from '../../lib/local/calls.ts';
import { nextWeekdayInJapan } from '../support/clock.ts';
import { useTwin } from '../support/twin.ts';

// "Context follows the customer": a chat in the morning, an email at noon, a call in the evening,
// and whoever answers already knows. All through the local twin, with the deployed handlers.

const session = useTwin();
const { post } = session;

describe('context follows the customer', () => {
  it('a chat, then an email, then a call: the IVR context and what the agent hears reflect both', async () => {
    const created = await post<{ id: string }>('/customers', {
      name: '伊藤 直美',
      phone: '080-7777-8888',
      email: 'naomi@example.jp',
      consent: { email: { transactional: true } },
    });
    const customerId = created.body.id;
    const customerToken = signCustomerToken(
      { customerId, expiresAt: new Date(Date.now() + 5 * 60_000) },
      session.twin.customerTokenSecret,
    );

    // Morning: a chat from the website, which also tries to pick the instance and flow (ignored).
    const chat = await post('/chat/start', {
      displayName: '伊藤 直美',
      customerToken,
      instanceId: 'arn:aws:connect:ap-northeast-1:999999999999:instance/evil',
      contactFlowId: 'evil-flow',
    });
    // Noon: an email about the order.
    const email = await post(`/customers/${customerId}/messages`, {
      template: 'order-shipped',
      variables: { orderId: 'N-42' },
    });
    // Evening: a call, in opening hours whenever this test runs.
    const call = (
      await post('/calls', {
        from: '080-7777-8888',
        input: ['2'],
        at: nextWeekdayInJapan(10),
        agentHangsUp: true,
      })
    ).body as unknown as CallResult;

    expect(chat.status).toBe(200);
    const started = session.twin.connectContacts.chats.at(-1);
    expect(started?.instanceId).not.toContain('evil');
    expect(started?.contactFlowId).toBe('chat-inbound');
    expect(started?.attributes).toMatchObject({ known: 'true', customerId, honorificName: '伊藤様' });
    expect(email.body).toMatchObject({ sent: true, channel: 'email' });

    const context = (await (await fetch(`${session.twin.url}/customers/${customerId}/context`)).json()) as {
      recent: { channel: string; topic?: string }[];
    };
    expect(context.recent.map((r) => r.channel)).toEqual(expect.arrayContaining(['email', 'chat']));
    expect(call.attributes).toMatchObject({
      known: 'true',
      lastChannel: 'email',
      lastTopic: 'order-shipped',
    });
    const whisper = call.events.flatMap((e) => (e.type === 'prompt' && e.to === 'agent' ? [e.text] : []));
    expect(whisper.join(' ')).toContain('前回は email で order-shipped のお問い合わせでした。');
  });
});
