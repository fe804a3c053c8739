import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { normalizePhone } from '../../lambdas/domain/customer/phone.ts';
import { ValidationError } from '../../lambdas/domain/errors.ts';
import { parseInput } from '../../lambdas/domain/parse-input.ts';
import {
  type ContactEvent,
  type LambdaBehaviour,
  type Outcome,
  type QueueState,
  type SimulationEvent,
  type SimulationOptions,
  simulate,
} from '../flow-language/simulator.ts';
import type { LocalConnect } from './connect-world.ts';
import type { Handler } from './lambda-runtime.ts';

const callInput = z.strictObject({
  from: z.string('from is required: the calling number, e.g. +819012345678 or 090-1234-5678').min(1),
  input: z
    .array(
      z.string().regex(/^([0-9*#]{1,20}|timeout)$/, 'each input is 1-20 keys (0-9, * and #) or "timeout"'),
      'input must be a list of key presses, e.g. ["2"]',
    )
    .max(50, 'at most 50 inputs')
    .default([]),
  at: z.iso
    .datetime({ offset: true, message: 'at must be an ISO 8601 time, e.g. 2026-11-24T10:00:00+09:00' })
    .optional(),
  channel: z.enum(['VOICE', 'CHAT'], 'channel must be "VOICE" or "CHAT"').default('VOICE'),
  agentHangsUp: z.boolean('agentHangsUp must be true or false').default(false),
  /** How long the oldest contact has waited in every queue: makes the IVR offer a callback. */
  queueWaitSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400, 'queueWaitSeconds must be from 0 to 86400')
    .default(0),
});
export type CallInput = z.input<typeof callInput>;

/** What `POST /calls` answers: `flow simulate --json` plus the contact id. */
export interface CallResult {
  readonly contactId: string;
  readonly outcome: Outcome;
  readonly attributes: Record<string, string>;
  readonly events: readonly SimulationEvent[];
}

export interface CallServiceDeps {
  readonly connect: LocalConnect;
  /** The twin's functions by construct id. */
  readonly functions: ReadonlyMap<string, () => Promise<Handler>>;
  /** Country for numbers written without one (090-…). */
  readonly phoneRegion: string;
  readonly clock: () => Date;
  /** A chat's contact attributes, as the chat start endpoint sets them from the customer's profile. */
  readonly chatAttributes?: (phone: string) => Promise<Record<string, string>>;
  /** Where the call's contact events go (as Connect sends them to EventBridge). */
  readonly contactEvents?: (events: readonly ContactEvent[]) => Promise<void>;
}

/** What the interactive phone adds: keys read as the call goes, events shown as they happen. */
export type Interaction = Pick<SimulationOptions, 'readInput' | 'onEvents'>;

/**
 * Calls into the local Connect: the synthesized flows, run by the simulator with the real
 * handlers (against DynamoDB Local), the queues and hours the stack deploys.
 */
export function createCallService(deps: CallServiceDeps) {
  const { connect } = deps;
  const lambdas: Record<string, LambdaBehaviour> = Object.fromEntries(
    [...connect.functions.values()].map((name) => {
      const load = deps.functions.get(name);
      if (!load) throw new Error(`a flow invokes ${name}, which the twin does not run`);
      return [name, { handler: async (event, context) => (await load())(event, context) }];
    }),
  );

  return {
    async call(body: unknown, interaction: Interaction = {}): Promise<CallResult> {
      const input = parseInput(callInput, body);
      const from = normalizePhone(input.from, deps.phoneRegion, 'from');
      const entry = input.channel === 'CHAT' ? connect.entries.chat : connect.entries.voice;
      if (!entry) throw new ValidationError('channel', `the app has no ${input.channel} entry flow`);
      const queues = Object.fromEntries(
        Object.entries(connect.queues).map(([id, q]): [string, QueueState] => [
          id,
          {
            ...q,
            oldestContactAgeSeconds: input.queueWaitSeconds,
            // The caller is in the queue too.
            contactsInQueue: input.queueWaitSeconds ? 5 : 1,
          },
        ]),
      );
      const contactId = randomUUID();
      const attributes =
        input.channel === 'CHAT' && deps.chatAttributes ? await deps.chatAttributes(from) : {};
      const result = await simulate({
        flows: connect.flows,
        entry,
        from,
        channel: input.channel,
        attributes,
        inputs: input.input,
        at: input.at ? new Date(input.at) : deps.clock(),
        contactId,
        instanceArn: connect.instanceArn,
        lambdas,
        queues,
        hours: connect.hours,
        // A caller who is not answered hears one round of the queue flow, then the result says queued.
        holdSeconds: 15,
        ...(input.agentHangsUp
          ? { agent: { firstName: 'Agent', answerAfterSeconds: 2, talkSeconds: 180 } }
          : {}),
        ...interaction,
      });
      await deps.contactEvents?.(result.contactEvents);
      return { contactId, outcome: result.outcome, attributes: result.attributes, events: result.events };
    },
  };
}

export type CallService = ReturnType<typeof createCallService>;
