import { beforeAll, describe, expect, it } from 'vitest';
import type { CallResult } from '../../lib/local/calls.ts';
import { contactEvent } from '../support/contact-events.ts';
import { useTwin } from '../support/twin.ts';

// The twin routes events through the rules of the synthesized app: the deployed pattern picks the
// contact events, the rule's queue hands them to the contact-events function, failures land in the
// queue's DLQ, and the function's ContactCompleted goes onto the app's bus.

const session = useTwin();
const { post, get } = session;
let customerId: string;
const PHONE = '+819055556666';

beforeAll(async () => {
  customerId = (await post<{ id: string }>('/customers', { name: '中村 健', phone: PHONE })).body.id;
});
const timeline = async () =>
  (await get<{ items?: { id: string; status?: string }[] }>(`/customers/${customerId}/timeline`)).items ?? [];

describe('contact events in the local twin', () => {
  it('puts a simulated call on the timeline as one contact item, and announces it on the tsunagu bus', async () => {
    const { body } = await post('/calls', {
      from: PHONE,
      input: ['3'],
      at: '2026-11-24T10:00:00+09:00',
      agentHangsUp: true,
    });
    const call = body as CallResult;

    expect(await timeline()).toContainEqual(
      expect.objectContaining({ id: call.contactId, status: 'ended', queue: 'technical-support' }),
    );
    const bus = (
      await get<{ events: { event: { 'detail-type': string; detail: unknown } }[] }>(
        '/events?bus=tsunagu-dev',
      )
    ).events;
    expect(bus.map((e) => e.event)).toContainEqual(
      expect.objectContaining({
        'detail-type': 'ContactCompleted',
        detail: expect.objectContaining({ contactId: call.contactId, customerId, answered: true }),
      }),
    );
  });

  it('takes contact events posted to it through the deployed rule, once and in any order', async () => {
    const { body } = await post('/calls', { from: PHONE, input: ['2'], at: '2026-11-24T11:00:00+09:00' });
    const contactId = (body as CallResult).contactId;
    const instanceArn =
      'arn:aws:connect:ap-northeast-1:000000000000:instance/00000000-0000-4000-8000-000000000001';
    // The same contact as the call (the simulator already sent its own events): started at 11:00 JST.
    const ofTheCall = (event: Record<string, unknown>) => ({
      ...event,
      detail: { ...(event.detail as object), initiationTimestamp: '2026-11-24T02:00:00.000Z' },
    });
    const ended = ofTheCall(contactEvent('DISCONNECTED', contactId, { instanceArn }));
    const late = ofTheCall(contactEvent('QUEUED', contactId, { instanceArn }));

    const response = await post('/connect/contact-events', [ended, late, ended]);

    expect(response.status).toBe(200);
    const deliveries = (response.body as { deliveries: { rules: string[]; results: { result: string }[] }[] })
      .deliveries;
    expect(deliveries.map((d) => d.rules)).toEqual([['ContactEvents'], ['ContactEvents'], ['ContactEvents']]);
    expect(deliveries.flatMap((d) => d.results.map((r) => r.result))).toEqual([
      'processed',
      'processed',
      'processed',
    ]);
    const items = (await timeline()).filter((i) => i.id === contactId);
    expect(items).toEqual([expect.objectContaining({ status: 'ended' })]);
  });

  it("ignores another instance's events: the rule's pattern does not match them", async () => {
    const other = contactEvent('DISCONNECTED', 'someone-else', {
      instanceArn:
        'arn:aws:connect:ap-northeast-1:999988887777:instance/11111111-2222-4333-8444-555555555555',
    });

    const response = await post('/connect/contact-events', other);

    expect((response.body as { deliveries: { rules: string[] }[] }).deliveries).toEqual([
      expect.objectContaining({ rules: [] }),
    ]);
  });

  it('sends a malformed contact event to the dead-letter queue with its reason', async () => {
    const instanceArn =
      'arn:aws:connect:ap-northeast-1:000000000000:instance/00000000-0000-4000-8000-000000000001';
    const broken = contactEvent('QUEUED', 'broken', { instanceArn });
    (broken.detail as Record<string, unknown>).initiationTimestamp = 'the day before yesterday';

    await post('/connect/contact-events', broken);

    const { queues } = await get<{ queues: Record<string, { body: string; reason: string }[]> }>(
      '/dead-letters',
    );
    const letters = Object.values(queues).flat();
    expect(letters).toContainEqual(
      expect.objectContaining({
        reason: 'detail.initiationTimestamp: not a time',
        body: JSON.stringify(broken),
      }),
    );
  });

  it.each([
    [[], 'body'],
    [[{ source: 'aws.connect' }, 'text'], '1'],
    ['just text', 'body'],
  ])('answers %j with 400 naming %s', async (request, field) => {
    const { status, body } = await post('/connect/contact-events', request);

    expect(status).toBe(400);
    expect(body).toMatchObject({ field });
  });
});
