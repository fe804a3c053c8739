import { defineAction } from './action.ts';
import { MODULE, only, reference, TRANSFER } from './rules.ts';

export default defineAction({
  type: 'TransferContactToAgent',
  block: 'Transfer to agent (beta)',
  source: reference('contact-actions-transfercontacttoagent'),
  // The reference lists no errors and says it "ends the current flow"; exports may still carry a
  // NoMatchingError branch and a NextAction, so neither is required nor refused.
  errors: only('NoMatchingError'),
  conditions: 'none',
  nextOptional: () => true,
  flowTypes: [...TRANSFER, MODULE],
  channels: ['VOICE'],
  // In an agent transfer flow the agent is the one the contact is being transferred to.
  run: (_a, rt) =>
    rt.enqueue(rt.resolvePath('$.Agent.ARN') ?? `${rt.contact.instanceArn}/agent/transfer-target`),
  shape: 'terminal',
});
