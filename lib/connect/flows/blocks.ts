import type { IvrActivityKind } from '../../../lambdas/domain/contact/ivr-activity.ts';
import type { Language } from '../../../lambdas/domain/customer/customer.ts';
import type { CallbackNumberBlock, FlowBuilder, Target } from '../../flow-language/builder.ts';
import { attribute } from './contact-attributes.ts';

// Block chains more than one flow uses: the blocks of one language, recording what the caller did,
// booking a callback.

/** A language the flows speak: every customer language. */
export type Lang = Language;

/** The part of a flow in one language: its blocks are named `${lang}-…`. */
export function languageBlocks(b: FlowBuilder, lang: Lang) {
  const id = (name: string) => `${lang}-${name}`;
  return {
    /** The full name of the block `name` in this language: `ja-menu`. */
    id,
    /** A prompt that goes on to `next` whether or not it could be played. */
    say: (name: string, text: string, next: Target) => b.playPrompt(id(name), { text }).continueTo(next),
  };
}

export interface ActivityOptions {
  /** The ivr-activity function. */
  readonly functionArn: string;
  readonly kind: IvrActivityKind;
  readonly lang: Lang;
  /** @default the contact's `topic` attribute */
  readonly topic?: string;
  /** Where the call goes on, whether or not the record was written (fail soft). */
  readonly next: Target;
}

/** Invokes the ivr-activity Lambda: the caller's choice, callback or after-hours call on their timeline. */
export function recordActivity(b: FlowBuilder, name: string, o: ActivityOptions) {
  return b
    .invokeLambda(name, {
      functionArn: o.functionArn,
      timeoutSeconds: 3,
      attributes: {
        activity: o.kind,
        customerId: attribute('customerId'),
        language: o.lang,
        topic: o.topic ?? attribute('topic'),
      },
    })
    .continueTo(o.next);
}

export interface CallbackOptions {
  /** Block names: `${prefix}-number`, `${prefix}-create`, `${prefix}-record`. */
  readonly prefix: string;
  readonly functionArn: string;
  readonly lang: Lang;
  /** @default the working queue */
  readonly queueId?: string;
  readonly initialDelaySeconds: number;
  readonly retryDelaySeconds: number;
  readonly maxAttempts: number;
  readonly topic?: string;
  /** After the callback is booked and recorded: the confirmation. */
  readonly booked: Target;
  /** The calling number cannot be called back (not valid, not dialable). */
  readonly cannotCallBack: Target;
  /** Creating the callback failed. */
  readonly onError: Target;
}

/**
 * A callback to the number that is calling (never one the caller types): set the callback number
 * from `$.CustomerEndpoint.Address`, create the callback contact, record it on the timeline.
 */
export function bookCallback(b: FlowBuilder, o: CallbackOptions): CallbackNumberBlock {
  const number = b
    .setCallbackNumber(`${o.prefix}-number`, '$.CustomerEndpoint.Address')
    .next(`${o.prefix}-create`)
    .otherwise(o.cannotCallBack);
  const timing = {
    initialDelaySeconds: o.initialDelaySeconds,
    retryDelaySeconds: o.retryDelaySeconds,
    maxAttempts: o.maxAttempts,
  };
  b.createCallback(`${o.prefix}-create`, o.queueId ? { queueId: o.queueId, ...timing } : timing)
    .next(`${o.prefix}-record`)
    .onError(o.onError);
  recordActivity(b, `${o.prefix}-record`, {
    functionArn: o.functionArn,
    kind: 'callback',
    lang: o.lang,
    ...(o.topic ? { topic: o.topic } : {}),
    next: o.booked,
  });
  return number;
}
