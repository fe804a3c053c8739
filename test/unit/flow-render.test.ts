import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../lib/flow-language/model.ts';
import { renderMermaid } from '../../lib/flow-language/render-mermaid.ts';
import { fixturePath } from '../support/fixtures.ts';

const REAL_WORLD = fixturePath('connect-flows', 'real-world');
const callback = JSON.parse(
  readFileSync(join(REAL_WORLD, 'callbackmgmt-cfSetCallBackflow.json'), 'utf8'),
) as FlowDocument;

const tiny: FlowDocument = {
  Version: '2019-10-30',
  StartAction: 'menu',
  Actions: [
    {
      Identifier: 'menu',
      Type: 'GetParticipantInput',
      Parameters: {
        Text: 'ご用件を「1」か「2」で。He said "hi" <loud>',
        StoreInput: 'False',
        InputTimeLimitSeconds: '5',
      },
      Transitions: {
        NextAction: 'bye',
        Conditions: [
          { NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['1'] } },
          { NextAction: 'bye', Condition: { Operator: 'NumberGreaterThan', Operands: ['5'] } },
        ],
        Errors: [{ ErrorType: 'InputTimeLimitExceeded', NextAction: 'bye' }],
      },
    },
    { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ],
};

describe('Mermaid rendering', () => {
  it('labels blocks as the console does, with the prompt text, and draws conditions and dashed error edges', () => {
    const text = renderMermaid(tiny);

    expect(text.split('\n')[0]).toBe('flowchart TD');
    expect(text).toContain('start --> n0');
    expect(text).toContain(
      'n0["Get customer input<br/>ご用件を「1」か「2」で。He said #quot;hi#quot; #lt;loud#gt;"]',
    );
    expect(text).toContain('n0 -->|"1"| n1');
    expect(text).toContain('n0 -->|"#gt; 5"| n1');
    expect(text).toContain('n0 -->|default| n1');
    expect(text).toContain('n0 -.->|"InputTimeLimitExceeded"| n1');
    expect(text).toContain('n1(["Disconnect"])');
  });

  it('renders a real 42-action flow deterministically, one node per action, Lambda names and loops readable', () => {
    const first = renderMermaid(callback);
    const second = renderMermaid(JSON.parse(JSON.stringify(callback)));

    expect(first).toBe(second);
    expect(first.match(/^ {2}n\d+[[({]/gm)).toHaveLength(callback.Actions.length);
    expect(first).toContain('Invoke Lambda<br/>alpha-001-callbackmgmt-write-callback');
    expect(first).toContain('{"Loop<br/>1 times"}');
    expect(first).toMatch(/-\.->\|"InvalidPhoneNumber"\|/);
  });

  it('shows a transition to a missing action instead of dropping it', () => {
    const broken: FlowDocument = {
      ...tiny,
      Actions: [{ ...tiny.Actions[0], Transitions: { NextAction: 'ghost' } } as FlowDocument['Actions'][0]],
    };

    expect(renderMermaid(broken)).toMatch(/\{\{"missing: ghost"\}\}/);
  });

  it('cuts long prompts so the diagram stays readable', () => {
    const long = renderMermaid({
      ...tiny,
      Actions: [
        { ...tiny.Actions[0], Parameters: { Text: 'あ'.repeat(200) } } as FlowDocument['Actions'][0],
        tiny.Actions[1] as FlowDocument['Actions'][0],
      ],
    });

    expect(long).toContain(`${'あ'.repeat(59)}…`);
    expect(long).not.toContain('あ'.repeat(61));
  });
});
