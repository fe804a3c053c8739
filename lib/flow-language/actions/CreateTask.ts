import { defineAction, note } from './action.ts';
import { atMostOne, lastSegment, only, range, reference, text } from './rules.ts';

export default defineAction({
  type: 'CreateTask',
  block: 'Create task',
  source: reference('contact-actions-createtask'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  parameters: (a) => [
    ...atMostOne(a, ['DelaySeconds', 'ScheduledTime']),
    ...range(a, 'DelaySeconds', 1, 518_400, { allowJsonPath: true }),
  ],
  run: (a, rt) => {
    const name = rt.resolveValue(a.Parameters.Name ?? 'task');
    const flow = a.Parameters.ContactFlowId !== undefined ? rt.resolveValue(a.Parameters.ContactFlowId) : '';
    note(a, rt, `creates task "${name}"${flow ? ` for flow ${lastSegment(flow)}` : ''}`);
    return rt.next(a);
  },
  detail: (a) => text(a.Parameters.Name),
});
