import { describe, expect, it } from 'vitest';
import { actionsCommand } from '../../lib/cli/actions-command.ts';
import { ACTIONS } from '../../lib/flow-language/catalog.ts';

function run(options: { json?: boolean } = {}) {
  const out: string[] = [];
  const code = actionsCommand(options, { out: (l) => out.push(l), err: () => {} });
  return { code, out };
}

describe('tsunagu flow actions', () => {
  it('lists every action type the toolkit knows, with its console block and where it works', () => {
    const { code, out } = run();

    expect(code).toBe(0);
    expect(out.at(-1)).toBe(`${ACTIONS.size} action types`);
    // The reference's 56 types, TransferParticipantToThirdParty and those of console blocks only.
    expect(ACTIONS.size).toBeGreaterThanOrEqual(63);
    expect(out).toContainEqual(
      expect.stringMatching(/^GetParticipantInput +Get customer input {2}\(CONTACT_FLOW.*; VOICE only\)$/),
    );
    expect(out).toContainEqual(expect.stringMatching(/^ShowView +Show view$/));
  });

  it('prints each with its reference page in --json', () => {
    const { out } = run({ json: true });

    const { actions } = JSON.parse(out.join('')) as {
      actions: { type: string; source: string; flowTypes: unknown }[];
    };
    expect(actions).toHaveLength(ACTIONS.size);
    expect(actions.find((a) => a.type === 'TransferParticipantToThirdParty')).toMatchObject({
      flowTypes: ['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER', 'CUSTOMER_QUEUE'],
      source: expect.stringContaining('transferparticipanttothirdparty'),
    });
    expect(actions.every((a) => a.source.startsWith('https://'))).toBe(true);
  });
});
