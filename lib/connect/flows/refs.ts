import type { QueueKey } from '../queues.ts';

/**
 * What the project's flows refer to. The Connect stack fills it with ARNs (CDK tokens); the CLI
 * and tests with `EXAMPLE_REFS`, readable ARNs of the same shape.
 */
export interface FlowRefs {
  readonly functions: {
    /** Caller number → customer context (AP1). */
    readonly customerContext: string;
    /** IVR choice, callback, after-hours call and chat link → the caller's timeline. */
    readonly ivrActivity: string;
    /** Post-call survey: start and each answer. */
    readonly surveyAnswer: string;
  };
  readonly queues: Readonly<Record<QueueKey, string>>;
  /** Flows the main inbound flow hands the contact to (one-way references: no cycle). */
  readonly flows: {
    readonly customerQueue: string;
    readonly agentWhisper: string;
    readonly survey: string;
  };
  /** The stage's customer tiers, lowest first: the highest is served first (routing priority). */
  readonly tiers: readonly string[];
  /** Offer a callback when the oldest contact has waited longer than this. @default 300 */
  readonly callbackOfferSeconds?: number;
  /** …or when more contacts than this are waiting in it. @default 10 */
  readonly callbackOfferContacts?: number;
  /** Whether the stage has a chat page: only then does the IVR offer the chat link by SMS. */
  readonly chatLink: boolean;
  /** Business hours, for the after-hours message (the hours check itself uses the queue's hours). */
  readonly hours: BusinessHours;
}

export interface BusinessHours {
  readonly days: readonly string[];
  /** HH:MM */
  readonly start: string;
  readonly end: string;
}

const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'];
const DAY_NAMES: Record<string, { ja: string; en: string }> = {
  MONDAY: { ja: '月曜日', en: 'Monday' },
  TUESDAY: { ja: '火曜日', en: 'Tuesday' },
  WEDNESDAY: { ja: '水曜日', en: 'Wednesday' },
  THURSDAY: { ja: '木曜日', en: 'Thursday' },
  FRIDAY: { ja: '金曜日', en: 'Friday' },
  SATURDAY: { ja: '土曜日', en: 'Saturday' },
  SUNDAY: { ja: '日曜日', en: 'Sunday' },
};

/** "平日9時から18時" / "weekdays from 9:00 to 18:00": business hours as the IVR says them. */
export function sayHours(lang: 'ja' | 'en', hours: BusinessHours): string {
  const set = new Set(hours.days);
  const weekdays = set.size === 5 && WEEKDAYS.every((d) => set.has(d));
  const days =
    set.size === 7
      ? { ja: '毎日', en: 'every day' }[lang]
      : weekdays
        ? { ja: '平日', en: 'weekdays' }[lang]
        : hours.days.map((d) => DAY_NAMES[d]?.[lang] ?? d).join(lang === 'ja' ? '、' : ', ');
  const time = (hhmm: string) => {
    const [h = 0, m = 0] = hhmm.split(':').map(Number);
    return lang === 'ja' ? `${h}時${m ? `${m}分` : ''}` : `${h}:${String(m).padStart(2, '0')}`;
  };
  return lang === 'ja'
    ? `${days}${time(hours.start)}から${time(hours.end)}`
    : `${days} from ${time(hours.start)} to ${time(hours.end)}`;
}

const INSTANCE = 'arn:aws:connect:ap-northeast-1:111122223333:instance/00000000-0000-4000-8000-000000000000';
const lambda = (name: string) => `arn:aws:lambda:ap-northeast-1:111122223333:function:tsunagu-dev-${name}`;

/** Readable stand-ins for the deployed ARNs: what `tsunagu flow …` and the tests build with. */
export const EXAMPLE_REFS: FlowRefs = {
  functions: {
    customerContext: lambda('customer-context'),
    ivrActivity: lambda('ivr-activity'),
    surveyAnswer: lambda('survey-answer'),
  },
  queues: {
    general: `${INSTANCE}/queue/general`,
    billing: `${INSTANCE}/queue/billing`,
    technicalSupport: `${INSTANCE}/queue/technical-support`,
    priority: `${INSTANCE}/queue/priority`,
  },
  flows: {
    customerQueue: `${INSTANCE}/contact-flow/customer-queue`,
    agentWhisper: `${INSTANCE}/contact-flow/agent-whisper`,
    survey: `${INSTANCE}/contact-flow/post-call-survey`,
  },
  tiers: ['standard', 'vip'],
  chatLink: true,
  hours: { days: WEEKDAYS, start: '09:00', end: '18:00' },
};

/**
 * Routing priority per tier (1 is served first; Connect's default is 5): the lowest tier keeps
 * the default, the highest gets 1, tiers between are spread evenly.
 */
export function tierPriorities(tiers: readonly string[]): ReadonlyMap<string, number> {
  if (tiers.length < 2) return new Map(tiers.map((t) => [t, 5]));
  return new Map(tiers.map((t, i) => [t, Math.round(5 - (4 * i) / (tiers.length - 1))]));
}
