import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowDocs } from '../../lib/connect/flows/docs.ts';
import { PROJECT_FLOWS } from '../../lib/connect/flows/index.ts';

const DIR = join(import.meta.dirname, '../../docs/flows');

describe('docs/flows', () => {
  it('is what `npm run docs:flows` generates from the flows: run it after changing a flow', () => {
    const generated = flowDocs();

    expect(readdirSync(DIR).sort()).toEqual([...generated.keys()].sort());
    for (const [file, text] of generated) expect(readFileSync(join(DIR, file), 'utf8'), file).toBe(text);
  });

  it('has a Mermaid diagram per flow and lists the main menu keys and the context attributes', () => {
    const docs = flowDocs();
    const overview = docs.get('README.md') ?? '';

    for (const f of PROJECT_FLOWS) expect(docs.get(`${f.name}.md`)).toMatch(/```mermaid\nflowchart/);
    expect(overview).toMatch(
      /\| ja-menu \| ご注文の状況は1を.*\| 1 → ja-has-order-status<br>2 → ja-topic-billing/,
    );
    expect(overview).toMatch(/\| `surveyEligible` \| .* \| main-inbound \| main-inbound \|/);
  });
});
