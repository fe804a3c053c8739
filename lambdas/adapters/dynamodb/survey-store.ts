import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import type { Language } from '../../domain/customer/customer.ts';
import type { ProfileStore } from '../../domain/customer/profile-store.ts';
import { CustomerNotFoundError } from '../../domain/errors.ts';
import type { AnswerValue, SurveyAnswers, SurveyQuestion } from '../../domain/survey/questions.ts';
import {
  type SurveyResponse,
  surveyInteraction,
  surveyInteractionId,
  surveyStatus,
  surveySummary,
} from '../../domain/survey/survey-response.ts';
import type { SaveAnswerResult, SurveyStartResult, SurveyStore } from '../../domain/survey/survey-store.ts';
import {
  defineEntities,
  defineSurveyResponseEntity,
  defineTable,
  type Entities,
  parseTimelineSk,
  stripUndefined,
  surveyReportKeys,
  timelineSk,
} from './profile-entities.ts';

type SurveyResponseEntity = ReturnType<typeof defineSurveyResponseEntity>;

/**
 * Survey responses on the single table (docs/data-model.md, "Survey response"). The survey's
 * timeline entry and the profile's `surveyedAt` are written through the profile store, so the
 * timeline's rules (idempotency by id, the recent list under the version lock) live in one place.
 */
export class DynamoSurveyStore implements SurveyStore {
  private readonly surveys: SurveyResponseEntity;
  private readonly interactions: Entities['interaction'];

  constructor(
    documentClient: DynamoDBDocumentClient,
    tableName: string,
    private readonly profiles: Pick<ProfileStore, 'appendInteraction'>,
  ) {
    const table = defineTable(documentClient, tableName);
    this.surveys = defineSurveyResponseEntity(table);
    this.interactions = defineEntities(table).interaction;
  }

  async start(response: SurveyResponse): Promise<SurveyStartResult> {
    let started = response;
    let alreadyStarted = false;
    try {
      await this.surveys
        .build(PutItemCommand)
        .item(toItem(response))
        .options({ condition: { attr: 'contactId', exists: false }, returnValuesOnConditionFalse: 'ALL_OLD' })
        .send();
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      alreadyStarted = true;
      // A retry (or a start that failed after this put) goes on with the survey as first stored, so
      // its timeline entry sits where the stored `timelineSk` says.
      started = this.storedResponse(error) ?? response;
    }
    try {
      // A duplicate (the entry exists already) writes nothing, `surveyedAt` included.
      await this.profiles.appendInteraction(surveyInteraction(started), { surveyed: true });
      return { alreadyStarted, onTimeline: true };
    } catch (error) {
      // The answers are still worth keeping for the reports when the customer has no profile.
      if (error instanceof CustomerNotFoundError) return { alreadyStarted, onTimeline: false };
      throw error;
    }
  }

  async saveAnswer<Q extends SurveyQuestion>(
    contactId: string,
    question: Q,
    value: AnswerValue<Q>,
    at: string,
  ): Promise<SaveAnswerResult> {
    let stored: ReturnType<typeof fromItem>;
    try {
      const { Attributes } = await this.surveys
        .build(UpdateItemCommand)
        // A map is updated path by path: `SET answers.<question> = :value` keeps the other answers.
        .item({ contactId, answers: { [question]: value } as SurveyAnswers, updatedAt: at })
        .options({ condition: { attr: 'contactId', exists: true }, returnValues: 'ALL_NEW' })
        .send();
      if (!Attributes) return { saved: false, reason: 'not-started' };
      stored = fromItem(Attributes);
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { saved: false, reason: 'not-started' };
      throw error;
    }
    const { response, entry } = stored;
    const status = surveyStatus(response.answers);
    const onTimeline = entry ? await this.updateTimelineEntry(response, entry) : false;
    return { saved: true, response, status, onTimeline };
  }

  /** Refreshes the survey's timeline entry; false when it does not exist (never creates one). */
  private async updateTimelineEntry(
    response: SurveyResponse,
    entry: { at: string; id: string },
  ): Promise<boolean> {
    try {
      await this.interactions
        .build(UpdateItemCommand)
        .item({
          customerId: response.customerId,
          ...entry,
          summary: surveySummary(response.answers, response.language),
          status: surveyStatus(response.answers),
        })
        .options({ condition: { attr: 'id', exists: true } })
        .send();
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** The item a failed conditional put returned (ALL_OLD), if DynamoDB sent it. */
  private storedResponse(error: unknown): SurveyResponse | undefined {
    const item = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
    if (!item) return undefined;
    return fromItem(this.surveys.build(EntityFormatter).format(unmarshall(item))).response;
  }
}

function toItem(r: SurveyResponse) {
  const id = surveyInteractionId(r.contactId);
  return stripUndefined({
    contactId: r.contactId,
    customerId: r.customerId,
    channel: r.channel,
    queue: r.queue,
    language: r.language,
    startedAt: r.startedAt,
    updatedAt: r.startedAt,
    answers: stripUndefined({ ...r.answers }),
    timelineSk: timelineSk(r.startedAt, id),
    ...surveyReportKeys(r.startedAt, r.contactId),
  });
}

function fromItem(i: {
  contactId: string;
  customerId: string;
  channel: 'voice';
  queue?: string | undefined;
  language?: Language | undefined;
  startedAt: string;
  answers: SurveyAnswers;
  timelineSk: string;
}): { response: SurveyResponse; entry: { at: string; id: string } | undefined } {
  return {
    response: stripUndefined({
      contactId: i.contactId,
      customerId: i.customerId,
      channel: i.channel,
      queue: i.queue,
      language: i.language,
      startedAt: i.startedAt,
      answers: stripUndefined({ ...i.answers }),
    }) as SurveyResponse,
    entry: parseTimelineSk(i.timelineSk),
  };
}

function isConditionalCheckFailed(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}
