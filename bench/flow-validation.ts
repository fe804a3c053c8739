import type { FlowAction, FlowDocument } from '../lib/flow-language/model.ts';
import { simulate } from '../lib/flow-language/simulator.ts';
import { validateFlow } from '../lib/flow-language/validator.ts';
import { median, percentile } from './stats.ts';

/** Budget: validating the largest allowed flow takes at most 5 ms (median, warm). */
export const VALIDATION_BUDGET_MS = 5;

export interface FlowValidationTiming {
  readonly actions: number;
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly diagnostics: number;
  readonly budgetMs: number;
  readonly overBudget: boolean;
}

/**
 * A 250-action flow (the service's maximum) that exercises most rules: menus, Lambda calls,
 * attribute updates with JSONPath, comparisons, loops, queue transfer.
 */
export function generatedFlow(actions = 250): FlowDocument {
  const blocks: FlowAction[] = [];
  const end: FlowAction = {
    Identifier: 'end',
    Type: 'DisconnectParticipant',
    Parameters: {},
    Transitions: {},
  };
  for (let i = 0; i < actions - 1; i++) {
    const id = `a${i}`;
    const next = i === actions - 2 ? 'end' : `a${i + 1}`;
    const onError = [{ ErrorType: 'NoMatchingError', NextAction: 'end' }];
    switch (i % 5) {
      case 0:
        blocks.push({
          Identifier: id,
          Type: 'MessageParticipant',
          Parameters: { Text: `お電話ありがとうございます、$.Attributes.name 様 (${i})` },
          Transitions: { NextAction: next, Errors: onError },
        });
        break;
      case 1:
        blocks.push({
          Identifier: id,
          Type: 'GetParticipantInput',
          Parameters: {
            Text: '1 または 2 を押してください',
            StoreInput: 'False',
            InputTimeLimitSeconds: '5',
          },
          Transitions: {
            NextAction: next,
            Conditions: ['1', '2'].map((d) => ({
              NextAction: next,
              Condition: { Operator: 'Equals' as const, Operands: [d] },
            })),
            Errors: ['InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError'].map((e) => ({
              ErrorType: e,
              NextAction: next,
            })),
          },
        });
        break;
      case 2:
        blocks.push({
          Identifier: id,
          Type: 'InvokeLambdaFunction',
          Parameters: {
            LambdaFunctionARN: 'arn:aws:lambda:ap-northeast-1:111122223333:function:customer-context',
            InvocationTimeLimitSeconds: '3',
            LambdaInvocationAttributes: { step: `${i}`, input: '$.StoredCustomerInput' },
            ResponseValidation: { ResponseType: 'STRING_MAP' },
          },
          Transitions: { NextAction: next, Errors: onError },
        });
        break;
      case 3:
        blocks.push({
          Identifier: id,
          Type: 'UpdateContactAttributes',
          Parameters: { Attributes: { [`k${i}`]: '$.External.value', tier: '$.External.tier' } },
          Transitions: { NextAction: next, Errors: onError },
        });
        break;
      default:
        blocks.push({
          Identifier: id,
          Type: 'Compare',
          Parameters: { ComparisonValue: '$.Attributes.tier' },
          Transitions: {
            NextAction: next,
            Conditions: [{ NextAction: next, Condition: { Operator: 'Equals', Operands: ['vip'] } }],
            Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: next }],
          },
        });
    }
  }
  return { Version: '2019-10-30', StartAction: 'a0', Actions: [...blocks, end] };
}

export function measureFlowValidation(runs = 200): FlowValidationTiming {
  const flow = generatedFlow();
  const content = JSON.parse(JSON.stringify(flow)) as unknown;
  for (let i = 0; i < 20; i++) validateFlow(content);
  const samples: number[] = [];
  let diagnostics = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    diagnostics = validateFlow(content).length;
    samples.push(performance.now() - t0);
  }
  const medianMs = median(samples);
  return {
    actions: flow.Actions.length,
    runs,
    medianMs,
    p95Ms: percentile(samples, 95),
    diagnostics,
    budgetMs: VALIDATION_BUDGET_MS,
    overBudget: medianMs > VALIDATION_BUDGET_MS,
  };
}

/** Target: the simulator runs at least 100,000 flow steps a second. */
export const SIMULATOR_TARGET_STEPS_PER_SECOND = 100_000;

export interface SimulatorThroughput {
  readonly runs: number;
  readonly stepsPerRun: number;
  readonly stepsPerSecond: number;
  readonly target: number;
  readonly belowTarget: boolean;
}

/** Simulates the generated 250-action flow end to end (menus answered, Lambdas canned), repeatedly. */
export async function measureSimulator(runs = 100): Promise<SimulatorThroughput> {
  const flow = generatedFlow();
  const menus = flow.Actions.filter((a) => a.Type === 'GetParticipantInput').length;
  const options = {
    flows: [{ flow, names: ['bench'] }],
    entry: 'bench',
    from: '+819012345678',
    inputs: Array.from({ length: menus }, () => '1'),
    lambdas: { 'customer-context': { response: { value: 'x', tier: 'vip' } } },
  };
  for (let i = 0; i < 5; i++) await simulate(options);
  let steps = 0;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) steps += (await simulate(options)).steps;
  const seconds = (performance.now() - t0) / 1000;
  const stepsPerSecond = steps / seconds;
  return {
    runs,
    stepsPerRun: steps / runs,
    stepsPerSecond,
    target: SIMULATOR_TARGET_STEPS_PER_SECOND,
    belowTarget: stepsPerSecond < SIMULATOR_TARGET_STEPS_PER_SECOND,
  };
}
