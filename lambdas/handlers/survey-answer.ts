import type { ConnectContactFlowEvent } from 'aws-lambda';
// zod/mini: the same validation, a fraction of the bundle (the caller waits on every answer).
import * as z from 'zod/mini';
import { DynamoProfileStore } from '../adapters/dynamodb/profile-store.ts';
import { DynamoSurveyStore } from '../adapters/dynamodb/survey-store.ts';
import { contactId, optionalText } from '../commons/contact-flow-event.ts';
import { contactFlowFunction, type LambdaHandler } from '../commons/envelope.ts';
import { createLogger, type Logger } from '../commons/logger.ts';
import { createDocumentClient, FLOW_CLIENT_CONFIG } from '../composition/dynamodb.ts';
import type { ContactAttributes } from '../domain/customer/contact-attributes.ts';
import { parseAnswer, QUESTION_ORDER } from '../domain/survey/questions.ts';
import { newSurveyResponse } from '../domain/survey/survey-response.ts';
import type { SurveyStore } from '../domain/survey/survey-store.ts';

const STEPS = ['start', ...QUESTION_ORDER] as const;

const surveyEvent = z.object({
  Details: z.object({
    ContactData: z.object({
      ContactId: contactId,
      // The survey runs in the voice call it asks about.
      Channel: z.optional(z.literal('VOICE')),
    }),
    Parameters: z.object({
      step: z.enum(STEPS),
      answer: optionalText,
      customerId: optionalText,
      queue: optionalText,
      language: optionalText,
    }),
  }),
});

export interface SurveyAnswerDeps {
  readonly surveys: SurveyStore;
  readonly logger: Logger;
  readonly clock: () => Date;
}

/**
 * The post-call survey's one Lambda: `step=start` begins the survey, `step=csat|nps|resolved` saves
 * the caller's digits (`answer`) as that question's answer. Never throws: whatever goes wrong, the
 * flow goes on and the caller hears "thank you"; the reply says what happened for the flow to branch on.
 */
export function makeHandler(
  deps: SurveyAnswerDeps,
): LambdaHandler<ConnectContactFlowEvent, ContactAttributes> {
  const { logger } = deps;
  return contactFlowFunction({
    logger,
    what: 'survey step event',
    schema: surveyEvent,
    contactIdOf: (e) => e.Details.ContactData.ContactId,
    refuse: (reason, e) => refusal(e?.Details.Parameters.step, reason),
    handle: async (e) => {
      const contactId = e.Details.ContactData.ContactId;
      const { step, ...p } = e.Details.Parameters;
      logger.appendKeys({ step });
      const refuse = (reason: string) => refusal(step, reason);
      const customerId = given(p.customerId);
      // An unknown caller has no profile to tie the answers to: nothing to save.
      if (!customerId) return refuse('unknown-customer');
      if (step === 'start') {
        const response = newSurveyResponse({
          contactId,
          customerId,
          queue: p.queue,
          language: p.language,
          startedAt: deps.clock(),
        });
        const { alreadyStarted, onTimeline } = await deps.surveys.start(response);
        if (!onTimeline) logger.warn('survey started for a customer with no profile; kept off the timeline');
        logger.info('survey started', { alreadyStarted });
        return { started: 'true' };
      }
      const answer = parseAnswer(step, p.answer ?? '');
      if (!answer.valid) {
        logger.info('survey answer not saved', { invalid: answer.reason });
        return refuse(answer.reason === 'timeout' ? 'timeout' : 'invalid-answer');
      }
      const result = await deps.surveys.saveAnswer(contactId, step, answer.value, deps.clock().toISOString());
      if (!result.saved) {
        logger.warn('survey answer for a survey never started');
        return refuse(result.reason);
      }
      if (!result.onTimeline) logger.warn('survey answer saved; its timeline entry is missing');
      return { saved: 'true', status: result.status };
    },
  });
}

/** `started` answers the start step, `saved` an answer step (and an event that is neither). */
function refusal(step: string | undefined, reason: string): ContactAttributes {
  return { [step === 'start' ? 'started' : 'saved']: 'false', reason };
}

function given(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

const env = z.object({ TABLE_NAME: z.string().check(z.minLength(1)) }).parse(process.env);
const documentClient = createDocumentClient(FLOW_CLIENT_CONFIG);

export const handler = makeHandler({
  surveys: new DynamoSurveyStore(
    documentClient,
    env.TABLE_NAME,
    new DynamoProfileStore(documentClient, env.TABLE_NAME),
  ),
  logger: createLogger(),
  clock: () => new Date(),
});
