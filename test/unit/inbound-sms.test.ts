import { describe, expect, it } from 'vitest';
import { classifyInboundSms, KEYWORD_REPLIES } from '../../lambdas/domain/messaging/inbound-sms.ts';

describe('reading a customer text', () => {
  it.each([
    ['停止', 'stop'],
    ['配信停止', 'stop'],
    ['STOP', 'stop'],
    ['stop', 'stop'],
    ['ｓｔｏｐ', 'stop'],
    [' Stop. ', 'stop'],
    ['停止。', 'stop'],
    ['UNSUBSCRIBE', 'stop'],
    ['OPT-OUT', 'stop'],
    ['再開', 'start'],
    ['start', 'start'],
    ['HELP', 'help'],
    ['ヘルプ', 'help'],
    ['help!', 'help'],
    ['7', 'digits'],
    ['１０', 'digits'],
    ['stop sending me coupons please', 'text'],
    ['荷物がまだ届きません', 'text'],
    ['123', 'text'],
  ])('%j is %s', (body, kind) => {
    expect(classifyInboundSms(body).kind).toBe(kind);
  });

  it('keeps digits as typed in ASCII, and free text untouched', () => {
    expect(classifyInboundSms('１０')).toEqual({ kind: 'digits', digits: '10' });
    expect(classifyInboundSms('  ＡＢＣ　です ')).toEqual({ kind: 'text', text: 'ＡＢＣ　です' });
  });

  it('answers keywords in one SMS segment (Japanese: 70 UCS-2 characters, English: 160 GSM-7)', () => {
    for (const reply of Object.values(KEYWORD_REPLIES.ja)) expect(reply.length).toBeLessThanOrEqual(70);
    for (const reply of Object.values(KEYWORD_REPLIES.en)) expect(reply.length).toBeLessThanOrEqual(160);
  });
});
