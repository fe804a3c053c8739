import type { FlowAction } from '../model.ts';
import type { FlowRuntime, LexResult, Step } from '../simulation-model.ts';
import { defineAction } from './action.ts';
import { issue, objectAt, only, param, promptDetail, reference, text } from './rules.ts';

export default defineAction({
  type: 'ConnectParticipantWithLexBot',
  block: 'Get customer input (Lex)',
  source: reference('participant-actions-connectparticipantwithlexbot'),
  errors: only('InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError'),
  likelyErrors: only('NoMatchingCondition'),
  conditions: 'optional',
  // A Lex V2 bot by alias ARN, or a classic Lex bot by name (exports of older flows): one of them.
  parameters: (a) => {
    const v2 = objectAt(param(a, 'LexV2Bot'));
    const v1 = objectAt(param(a, 'LexBot'));
    if (v2?.AliasArn !== undefined || v1?.Name !== undefined) return [];
    return [
      issue(
        'parameters/required',
        v1 ? 'Parameters.LexBot.Name' : 'Parameters.LexV2Bot.AliasArn',
        'ConnectParticipantWithLexBot needs a bot: LexV2Bot.AliasArn, or LexBot.Name (Lex V1)',
      ),
    ];
  },
  run: talkToBot,
  detail: (a) => {
    const bot = text(objectAt(a.Parameters.LexV2Bot)?.AliasArn) || text(objectAt(a.Parameters.LexBot)?.Name);
    const prompt = promptDetail(a);
    return [bot.split('/').slice(-2).join('/'), prompt].filter(Boolean).join(': ');
  },
});

/**
 * Plays the prompt, then takes the bot's answer: the script's next Lex result, else the customer's
 * input as the intent's name. It branches on the intent.
 */
async function talkToBot(a: FlowAction, rt: FlowRuntime): Promise<Step> {
  rt.prompt(a.Parameters);
  let result: LexResult | undefined = rt.takeLex();
  if (!result) {
    const said = await rt.takeInput();
    if (said === undefined || said === 'timeout') {
      rt.emit({ type: 'timeout' });
      return rt.fail(a, 'InputTimeLimitExceeded');
    }
    rt.emit({ type: 'input', digits: said });
    result = { intent: said };
  }
  rt.contact.lex = result;
  const bot = rt.resolveValue(
    objectAt(a.Parameters.LexV2Bot)?.AliasArn ?? objectAt(a.Parameters.LexBot)?.Name,
  );
  rt.emit({ type: 'lex', ...(bot ? { bot } : {}), intent: result.intent, slots: result.slots ?? {} });
  rt.advance(5);
  return rt.branch(a, result.intent);
}
