import type { QueueState } from '../simulation-model.ts';
import { defineAction } from './action.ts';
import {
  atMostOne,
  INBOUND,
  issue,
  oneOf,
  only,
  operands,
  param,
  QUEUE,
  reference,
  required,
  TRANSFER,
  text,
  types,
} from './rules.ts';

const METRICS = [
  'NumberOfAgentsAvailable',
  'NumberOfAgentsStaffed',
  'NumberOfAgentsOnline',
  'OldestContactInQueueAgeSeconds',
  'NumberOfContactsInQueue',
];

export default defineAction({
  type: 'CheckMetricData',
  block: 'Check queue status',
  source: reference('flow-control-actions-checkmetricdata'),
  errors: only('NoMatchingError', 'NoMatchingCondition'),
  // Observed rejection (connect-flow-language.md [api]): the service wants both branches.
  requiredErrors: only('NoMatchingError', 'NoMatchingCondition'),
  conditions: 'required',
  // The reference: NumberOfAgentsOnline supports only "NumberGreaterThan 0".
  checkConditions: (conditions, a) =>
    param(a, 'MetricType') === 'NumberOfAgentsOnline'
      ? conditions
          .map((c, i) => [c, i] as const)
          .filter(([c]) => c.Condition.Operator !== 'NumberGreaterThan' || operands(c)[0] !== '0')
          .map(([, i]) =>
            issue(
              'conditions/operator',
              `Transitions.Conditions[${i}]`,
              'NumberOfAgentsOnline only supports the condition NumberGreaterThan 0',
            ),
          )
      : [],
  flowTypes: types(INBOUND, TRANSFER, QUEUE),
  parameters: (a) => [
    ...required(a, 'MetricType'),
    ...oneOf(a, 'MetricType', METRICS),
    ...atMostOne(a, ['QueueId', 'AgentId']),
  ],
  run: (a, rt) => {
    const p = a.Parameters;
    const queue = rt.queue(p.QueueId !== undefined ? rt.resolveValue(p.QueueId) : rt.currentQueue());
    if (!queue) return rt.fail(a, 'NoMatchingError');
    return rt.branch(a, String(metricOf(queue, String(p.MetricType))));
  },
  shape: 'decision',
  detail: (a) => text(a.Parameters.MetricType),
});

function metricOf(queue: QueueState, metric: string): number {
  switch (metric) {
    case 'NumberOfAgentsAvailable':
      return queue.agentsAvailable ?? 0;
    case 'NumberOfAgentsStaffed':
      return queue.agentsStaffed ?? 0;
    case 'NumberOfAgentsOnline':
      return queue.agentsOnline ?? 0;
    case 'OldestContactInQueueAgeSeconds':
      return queue.oldestContactAgeSeconds ?? 0;
    case 'NumberOfContactsInQueue':
      return queue.contactsInQueue ?? 0;
    default:
      return 0;
  }
}
