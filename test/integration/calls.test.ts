import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallResult } from '../../lib/local/calls.ts';
import { nextWeekdayInJapan } from '../support/clock.ts';
import { useTwin } from '../support/twin.ts';

// Calls into the local twin: the flows of the synthesized Connect stack, run by the simulator with
// the real handlers against DynamoDB Local.

const session = useTwin();
const { post } = session;
let customerId: string;
const PHONE = '+819011112222';

beforeAll(async () => {
  const created = await post<{ id: string }>('/customers', { name: '山田 太郎', phone: '090-1111-2222' });
  customerId = created.body.id;
});
const prompts = (r: CallResult) => r.events.flatMap((e) => (e.type === 'prompt' ? [e.text] : []));
async function timeline(id: string) {
  const page = (await (await fetch(`${session.twin.url}/customers/${id}/timeline`)).json()) as {
    items: { contactId?: string; topic?: string; status?: string; channel: string }[];
  };
  return page.items;
}

describe('POST /calls', () => {
  it('at 10:00 JST on a weekday, 2 queues the caller to billing, greeted by name, and the call is on the timeline', async () => {
    const { status, body } = await post('/calls', {
      from: PHONE,
      input: ['2'],
      at: '2026-11-24T10:00:00+09:00',
    });
    const call = body as CallResult;

    expect(status).toBe(200);
    expect(call.outcome).toMatchObject({ kind: 'queued', queueName: 'billing' });
    expect(prompts(call)[0]).toBe('山田様 、お電話ありがとうございます。');
    expect(call.contactId).toMatch(/^[0-9a-f-]{36}$/);
    expect(call.attributes).toMatchObject({ customerId, tier: 'standard', topic: 'billing' });
    expect(await timeline(customerId)).toContainEqual(
      expect.objectContaining({
        contactId: call.contactId,
        topic: 'billing',
        status: 'routed',
        channel: 'voice',
      }),
    );
  });

  it('at 22:00 JST the same call is not queued: it takes the after-hours path, also on the timeline', async () => {
    const { body } = await post('/calls', { from: PHONE, input: ['2'], at: '2026-11-24T22:00:00+09:00' });
    const call = body as CallResult;

    expect(call.outcome.kind).not.toBe('queued');
    expect(call.events.some((e) => e.type === 'queue')).toBe(false);
    expect(prompts(call)).toContain('本日の受付は終了いたしました。営業時間は平日9時から18時です。');
    // 2 at the after-hours menu: a callback on the next business day to the calling number.
    expect(call.outcome).toMatchObject({ kind: 'callback', number: PHONE, queueName: 'general' });
    expect(await timeline(customerId)).toContainEqual(
      expect.objectContaining({ contactId: call.contactId, status: 'callback-requested' }),
    );
  });

  it('after hours, 1 sends the chat link to the caller: in the outbox and on the timeline as SMS', async () => {
    const { body } = await post('/calls', { from: PHONE, input: ['1'], at: '2026-11-24T22:00:00+09:00' });
    const call = body as CallResult;
    const outbox = (await (await fetch(`${session.twin.url}/outbox?customerId=${customerId}`)).json()) as {
      sms: { to: string; body: string }[];
    };

    expect(prompts(call)).toContain('チャットのご案内をSMSでお送りしました。');
    expect(outbox.sms).toEqual([
      expect.objectContaining({ to: PHONE, body: 'チャットはこちら: https://chat.example.com/tsunagu-dev' }),
    ]);
    expect(await timeline(customerId)).toContainEqual(
      expect.objectContaining({ contactId: call.contactId, channel: 'sms', status: 'requested' }),
    );
  });

  it('a long wait ends in a callback to the calling number', async () => {
    const { body } = await post('/calls', {
      from: '090-1111-2222',
      input: ['3', '1'],
      at: '2026-11-24T11:00:00+09:00',
      queueWaitSeconds: 900,
    });

    expect((body as CallResult).outcome).toMatchObject({
      kind: 'callback',
      number: PHONE,
      queueName: 'technical-support',
    });
  });

  it('runs the survey when the agent hangs up, for a customer who agreed, and saves the answers', async () => {
    await post(`/customers/${customerId}/consent`, { channel: 'sms', purpose: 'survey', granted: true });

    const { body } = await post('/calls', {
      from: PHONE,
      input: ['2', '5', '10', '1'],
      at: '2026-11-24T10:30:00+09:00',
      agentHangsUp: true,
    });
    const call = body as CallResult;

    expect(call.events).toContainEqual(expect.objectContaining({ type: 'agent', event: 'hung-up' }));
    expect(prompts(call).at(-1)).toBe('ご協力ありがとうございました。失礼いたします。');
    const survey = (await timeline(customerId)).find(
      (i) => i.contactId === call.contactId && i.topic === 'survey',
    );
    expect(survey).toMatchObject({ status: 'complete' });
    // Asked today: not asked again for 14 days.
    const again = (
      await post('/calls', { from: PHONE, input: ['2'], at: nextWeekdayInJapan(11), agentHangsUp: true })
    ).body as CallResult;
    expect(again.outcome).toMatchObject({ kind: 'queued' });
    expect(again.events.some((e) => e.type === 'hook' && e.hook === 'CustomerRemaining')).toBe(false);
  });

  it('treats a number nobody has as an unknown caller: the language menu, then English throughout', async () => {
    const { body } = await post('/calls', { from: '+81312345678', input: ['2', '0'] });
    const call = body as CallResult;

    expect(prompts(call).slice(0, 3)).toEqual([
      '日本語をご希望の方は1を押してください。',
      'For English, press 2.',
      'Thank you for calling.',
    ]);
    expect(call.attributes.language).toBe('en');
  });

  it.each([
    [{ input: ['2'] }, 'from'],
    [{ from: '12345' }, 'from'],
    [{ from: PHONE, at: '22:00' }, 'at'],
    [{ from: PHONE, at: 'tomorrow' }, 'at'],
    [{ from: PHONE, input: ['2', 'abc'] }, 'input.1'],
    [{ from: PHONE, input: '2' }, 'input'],
    [{ from: PHONE, channel: 'FAX' }, 'channel'],
    [{ from: PHONE, agentHangsUp: 'yes' }, 'agentHangsUp'],
    [{ from: PHONE, dialled: '+81' }, 'dialled'],
  ])('answers %j with 400 naming %s', async (request, field) => {
    const { status, body } = await post('/calls', request);

    expect(status).toBe(400);
    expect(body).toMatchObject({ field, error: expect.any(String) });
  });
});

describe('the real `tsunagu call` process', () => {
  it('prints what the caller hears and reads the keys typed, one line each', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'bin/tsunagu.ts',
        'call',
        '--from',
        '090-8765-4321',
        '--at',
        '2026-11-24T10:00:00+09:00',
      ],
      {
        cwd: join(import.meta.dirname, '../..'),
        encoding: 'utf8',
        input: '3\n',
        timeout: 90_000,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );

    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('🔊 Hello James, thank you for calling.');
    expect(r.stdout).toContain('☎ caller enters 3');
    expect(r.stdout).toMatch(/outcome: queued \(technical-support\)/);
  });
});
