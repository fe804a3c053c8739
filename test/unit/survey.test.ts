import { describe, expect, it } from 'vitest';
import { npsCategory, parseAnswer, type SurveyQuestion } from '../../lambdas/domain/survey/questions.ts';
import {
  MAX_SURVEYED_AT,
  newSurveyResponse,
  type SurveyResponse,
  surveyInteraction,
  surveyStatus,
  surveySummary,
  withSurveyedAt,
} from '../../lambdas/domain/survey/survey-response.ts';

describe('reading the caller’s keypad input as an answer', () => {
  it.each<[SurveyQuestion, string, ReturnType<typeof parseAnswer>]>([
    ['csat', '1', { valid: true, value: 1 }],
    ['csat', '5', { valid: true, value: 5 }],
    ['csat', '0', { valid: false, reason: 'out-of-range' }],
    ['csat', '6', { valid: false, reason: 'out-of-range' }],
    ['csat', '45', { valid: false, reason: 'too-many-digits' }],
    ['csat', 'Timeout', { valid: false, reason: 'timeout' }],
    ['csat', '', { valid: false, reason: 'timeout' }],
    ['csat', '*', { valid: false, reason: 'not-digits' }],
    ['csat', ' 4', { valid: false, reason: 'not-digits' }],
    ['csat', '４', { valid: false, reason: 'not-digits' }],
    ['nps', '0', { valid: true, value: 0 }],
    ['nps', '7', { valid: true, value: 7 }],
    ['nps', '07', { valid: true, value: 7 }],
    ['nps', '00', { valid: true, value: 0 }],
    ['nps', '10', { valid: true, value: 10 }],
    ['nps', '11', { valid: false, reason: 'out-of-range' }],
    ['nps', '99', { valid: false, reason: 'out-of-range' }],
    ['nps', '100', { valid: false, reason: 'too-many-digits' }],
    ['nps', '007', { valid: false, reason: 'too-many-digits' }],
    ['nps', '1#', { valid: false, reason: 'not-digits' }],
    ['nps', '-1', { valid: false, reason: 'not-digits' }],
    ['nps', 'Timeout', { valid: false, reason: 'timeout' }],
    ['resolved', '1', { valid: true, value: true }],
    ['resolved', '2', { valid: true, value: false }],
    ['resolved', '3', { valid: false, reason: 'out-of-range' }],
    ['resolved', '0', { valid: false, reason: 'out-of-range' }],
    ['resolved', '01', { valid: false, reason: 'too-many-digits' }],
    ['resolved', 'yes', { valid: false, reason: 'not-digits' }],
  ])('%s ← "%s"', (question, digits, expected) => {
    expect(parseAnswer(question, digits)).toEqual(expected);
  });
});

describe('a new survey', () => {
  it('starts with no answers, taking queue and language as the flow passes them', () => {
    const started = newSurveyResponse({
      contactId: 'K1',
      customerId: 'C1',
      queue: ' billing ',
      language: 'en',
      startedAt: new Date('2026-11-23T10:05:00+09:00'),
    });

    expect(started).toEqual({
      contactId: 'K1',
      customerId: 'C1',
      channel: 'voice',
      queue: 'billing',
      language: 'en',
      startedAt: '2026-11-23T01:05:00.000Z',
      answers: {},
    });
  });

  it('leaves out a blank queue and a language it does not speak', () => {
    const started = newSurveyResponse({
      contactId: 'K1',
      customerId: 'C1',
      queue: '',
      language: 'fr',
      startedAt: new Date('2026-11-23T01:05:00.000Z'),
    });

    expect(started).not.toHaveProperty('queue');
    expect(started).not.toHaveProperty('language');
  });
});

describe('survey status', () => {
  it('is started with no answers, partial with some, complete with all three', () => {
    expect(surveyStatus({})).toBe('started');
    expect(surveyStatus({ csat: 4 })).toBe('partial');
    expect(surveyStatus({ csat: 4, nps: 0 })).toBe('partial');
    expect(surveyStatus({ csat: 4, nps: 0, resolved: false })).toBe('complete');
  });
});

describe('the timeline summary, in the customer’s language', () => {
  const all = { csat: 4, nps: 9, resolved: true };

  it('lists every answer in English', () => {
    expect(surveySummary(all, 'en')).toBe('Survey: satisfaction 4/5, recommend 9/10, resolved yes');
  });

  it('lists every answer in Japanese', () => {
    expect(surveySummary(all, 'ja')).toBe('アンケート: 満足度 4/5、推奨度 9/10、解決 はい');
  });

  it('shows only the answers given so far, a zero score included, and says when there are none', () => {
    expect(surveySummary({ nps: 0, resolved: false }, 'en')).toBe('Survey: recommend 0/10, resolved no');
    expect(surveySummary({ resolved: false }, 'ja')).toBe('アンケート: 解決 いいえ');
    expect(surveySummary({}, 'en')).toBe('Survey: no answers yet');
    expect(surveySummary({}, 'ja')).toBe('アンケート: 回答なし');
  });

  it('is Japanese when the language is not known', () => {
    expect(surveySummary({ csat: 2 })).toBe('アンケート: 満足度 2/5');
  });
});

describe('NPS category', () => {
  it.each([
    [0, 'detractor'],
    [6, 'detractor'],
    [7, 'passive'],
    [8, 'passive'],
    [9, 'promoter'],
    [10, 'promoter'],
  ] as const)('%i is a %s', (score, category) => {
    expect(npsCategory(score)).toBe(category);
  });

  it('refuses a score outside 0–10 with a message saying what a score is', () => {
    expect(() => npsCategory(11)).toThrow('whole number from 0 to 10, got 11');
    expect(() => npsCategory(-1)).toThrow(RangeError);
    expect(() => npsCategory(7.5)).toThrow(RangeError);
  });
});

describe('the survey on the customer’s timeline', () => {
  const response: SurveyResponse = {
    contactId: '5ca32fbd-8f92-46af-92a5-6b0f970f0efe',
    customerId: 'C1',
    channel: 'voice',
    queue: 'billing',
    language: 'en',
    startedAt: '2026-11-23T01:05:00.000Z',
    answers: {},
  };

  it('is one inbound voice entry per contact, topic survey, started, at the survey’s start', () => {
    expect(surveyInteraction(response)).toEqual({
      id: '5ca32fbd-8f92-46af-92a5-6b0f970f0efe:survey',
      customerId: 'C1',
      at: '2026-11-23T01:05:00.000Z',
      channel: 'voice',
      direction: 'inbound',
      contactId: '5ca32fbd-8f92-46af-92a5-6b0f970f0efe',
      queue: 'billing',
      topic: 'survey',
      summary: 'Survey: no answers yet',
      status: 'started',
    });
  });

  it('leaves the queue out when the flow did not pass one', () => {
    const { queue: _queue, ...noQueue } = response;
    expect(surveyInteraction(noQueue)).not.toHaveProperty('queue');
  });
});

describe('surveyedAt on the profile (AP8)', () => {
  it('puts the newest first, records a time once and keeps the 10 newest', () => {
    const older = Array.from(
      { length: MAX_SURVEYED_AT },
      (_, i) => `2026-10-${String(20 - i).padStart(2, '0')}T00:00:00.000Z`,
    );

    const list = withSurveyedAt(older, '2026-11-23T01:05:00.000Z');

    expect(list).toHaveLength(MAX_SURVEYED_AT);
    expect(list[0]).toBe('2026-11-23T01:05:00.000Z');
    expect(list.at(-1)).toBe('2026-10-12T00:00:00.000Z');
    expect(withSurveyedAt(list, '2026-11-23T01:05:00.000Z')).toEqual(list);
  });

  it('keeps the order by time when a survey time arrives late', () => {
    expect(withSurveyedAt(['2026-11-23T00:00:00.000Z'], '2026-11-01T00:00:00.000Z')).toEqual([
      '2026-11-23T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
    ]);
  });
});
