import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowDocument, FlowType } from '../../lib/flow-language/model.ts';
import type { SimulationFlow } from '../../lib/flow-language/simulator.ts';
import { fixturePath } from './fixtures.ts';

export const WILD = fixturePath('connect-flows', 'wild');
export const WILD_SCRIPTS = fixturePath('connect-flows', 'wild-scripts');

/** The flow type of each wild flow, by file name (types.json). */
export const wildTypes = (): Record<string, FlowType> =>
  JSON.parse(readFileSync(join(WILD, 'types.json'), 'utf8')) as Record<string, FlowType>;

/** The source repository's prefix on the file name (`rules-engine-`), dropped to get the flow's own name. */
const SOURCE_PREFIX = /^(gitlab-cicd|outbound-call|rules-engine|scv-vmx2|scv|vmx3)-/;

/** A UUID from the MD5 of a placeholder name: how the corpus README's substitutions made flow ids. */
export function placeholderId(name: string): string {
  const h = createHash('md5').update(name).digest('hex');
  return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20, 32)].join('-');
}

/**
 * Every wild flow, known by its file name (without .json), its own name, and the ids the corpus's
 * substitutions gave the flows that refer to it (`${F:name:F}`, `${M:name:M}`, `{{contactFlows.name.arn}}`; the Salesforce samples keep `%%name%%`; the voicemail templates' resource ids, `VMX<name>`),
 * so a transfer or hook by ARN finds it as it would in the instance.
 */
export function wildFlows(): SimulationFlow[] {
  return Object.entries(wildTypes()).map(([file, type]) => {
    const base = file.replace(/\.json$/, '');
    const own = base.replace(SOURCE_PREFIX, '');
    return {
      flow: JSON.parse(readFileSync(join(WILD, file), 'utf8')) as FlowDocument,
      type,
      names: [
        base,
        own,
        `%%${own}%%`,
        placeholderId(`F:${own}:F`),
        placeholderId(`M:${own}:M`),
        placeholderId(own),
        placeholderId(`VMX${own}`),
      ],
    };
  });
}

/** One scripted contact of a wild flow, as a script file states it. */
export interface WildContact {
  readonly name: string;
  readonly channel?: 'VOICE' | 'CHAT' | 'TASK' | 'EMAIL';
  readonly from?: string;
  readonly to?: string;
  readonly inputs?: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
  /** The queue the contact is already in (a queue transfer's quick connect, a queue flow's queue). */
  readonly workingQueue?: string;
  /** $.External as the contact arrives by TransferToFlow: the last function's answer before it. */
  readonly external?: Readonly<Record<string, unknown>>;
  /** Canned answers by function name: one `response`, or `responses` in call order. */
  readonly lambdas?: Readonly<
    Record<string, { response: unknown } | { responses: unknown[] } | { error: string }>
  >;
  readonly lex?: readonly { intent: string; slots?: Record<string, string>; confidence?: number }[];
  readonly views?: readonly { action: string; data?: Record<string, unknown> }[];
  readonly queues?: Readonly<Record<string, { name: string; [k: string]: unknown }>>;
  readonly hours?: Readonly<Record<string, unknown>>;
  readonly agent?: {
    firstName?: string;
    userName?: string;
    arn?: string;
    answerAfterSeconds?: number;
    talkSeconds?: number;
  };
  /** The queue the contact is in when the flow starts (whisper and queue flows). */
  readonly queue?: string;
  readonly holdSeconds?: number;
  readonly at?: string;
  /** Flows of the same instance that the corpus lacks (a main menu the flow returns to), by the names they are reached by. */
  readonly otherFlows?: readonly { names: string[]; flow: FlowDocument }[];
  readonly expect: {
    /** Matched as a subset: `{"kind":"queued","queueName":"sales"}`. */
    readonly outcome: Record<string, unknown>;
    /** Each matched as a subset, in this order, among the run's events. */
    readonly events?: readonly Record<string, unknown>[];
  };
}

export interface WildScript {
  /** The wild flow file the contacts enter. */
  readonly flow: string;
  readonly contacts: readonly WildContact[];
}

export function wildScripts(): WildScript[] {
  return readdirSync(WILD_SCRIPTS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(WILD_SCRIPTS, f), 'utf8')) as WildScript);
}
