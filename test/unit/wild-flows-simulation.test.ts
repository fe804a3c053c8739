import { describe, expect, it } from 'vitest';
import { type SimulationEvent, type SimulationOptions, simulate } from '../../lib/flow-language/simulator.ts';
import { type WildContact, wildFlows, wildScripts, wildTypes } from '../support/wild-flows.ts';

/**
 * Each flow of the wild corpus (working Connect instances) runs for scripted contacts to the
 * outcome a real contact reaches: the scripts are data, in test/fixtures/connect-flows/wild-scripts/.
 */

const flows = wildFlows();
const scripts = wildScripts();
const types = wildTypes();

/** Whether `expected` appear in `events` in this order, each as a subset of one event. */
function inOrder(events: readonly SimulationEvent[], expected: readonly Record<string, unknown>[]) {
  let at = 0;
  const missing: Record<string, unknown>[] = [];
  for (const want of expected) {
    const found = events.findIndex((e, i) => i >= at && matchesSubset(e, want));
    if (found < 0) missing.push(want);
    else at = found + 1;
  }
  return missing;
}

function matchesSubset(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (actual === null || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([k, v]) => matchesSubset((actual as Record<string, unknown>)[k], v));
}

function optionsFor(file: string, contact: WildContact): SimulationOptions {
  return {
    flows: [...flows, ...(contact.otherFlows ?? [])],
    entry: file.replace(/\.json$/, ''),
    from: contact.from ?? '+819012345678',
    ...(contact.to ? { to: contact.to } : {}),
    channel: contact.channel ?? 'VOICE',
    inputs: contact.inputs ?? [],
    attributes: contact.attributes ?? {},
    ...(contact.workingQueue ? { workingQueue: contact.workingQueue } : {}),
    ...(contact.external ? { external: contact.external } : {}),
    lambdas: contact.lambdas ?? {},
    ...(contact.lex ? { lex: contact.lex } : {}),
    ...(contact.views ? { views: contact.views } : {}),
    ...(contact.queues ? { queues: contact.queues as SimulationOptions['queues'] } : {}),
    ...(contact.hours ? { hours: contact.hours as SimulationOptions['hours'] } : {}),
    ...(contact.agent ? { agent: contact.agent } : {}),
    ...(contact.queue ? { queue: contact.queue } : {}),
    ...(contact.holdSeconds !== undefined ? { holdSeconds: contact.holdSeconds } : {}),
    ...(contact.at ? { at: new Date(contact.at) } : {}),
  };
}

describe('the wild corpus, simulated', () => {
  it('has at least one scripted contact for every wild flow', () => {
    const scripted = new Set(scripts.filter((s) => s.contacts.length > 0).map((s) => s.flow));

    expect(Object.keys(types).filter((file) => !scripted.has(file))).toEqual([]);
  });

  const cases = scripts.flatMap((s) => s.contacts.map((c) => [s.flow, c.name, c] as const));
  it.each(cases)('%s: %s', async (file, _name, contact) => {
    const result = await simulate(optionsFor(file, contact));

    expect(result.outcome.kind, JSON.stringify(result.outcome)).not.toBe('error');
    expect(result.outcome).toMatchObject(contact.expect.outcome);
    expect(
      inOrder(result.events, contact.expect.events ?? []),
      JSON.stringify(result.events, null, 1),
    ).toEqual([]);
    // A contact that waits in a queue or on hold hears what the flow plays while it waits.
    if (['CUSTOMER_QUEUE', 'CUSTOMER_HOLD', 'AGENT_HOLD'].includes(types[file] ?? '')) {
      expect(result.events.some((e) => e.type === 'prompt')).toBe(true);
    }
    // Every action the run reached is one the simulator runs (none only passed over).
    expect(result.events.filter((e) => e.type === 'unsupported')).toEqual([]);
  });
});
