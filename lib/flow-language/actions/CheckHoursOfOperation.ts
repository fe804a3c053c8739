import { defineAction } from './action.ts';
import {
  equalsSet,
  INBOUND,
  lastSegment,
  only,
  QUEUE,
  reference,
  requireEach,
  TRANSFER,
  text,
  types,
} from './rules.ts';

export default defineAction({
  type: 'CheckHoursOfOperation',
  block: 'Check hours of operation',
  source: reference('flow-control-actions-checkhoursofoperation'),
  errors: only('NoMatchingError'),
  conditions: 'required',
  checkConditions: (conditions, a) => [
    ...equalsSet(conditions, a, ['True', 'False'], 'True or False'),
    ...requireEach(conditions, a, ['True', 'False']),
  ],
  flowTypes: types(INBOUND, TRANSFER, QUEUE),
  run: (a, rt) => {
    const id = a.Parameters.HoursOfOperationId;
    const open = rt.isOpen(id === undefined ? undefined : rt.resolveValue(id));
    if (open === undefined) return rt.fail(a, 'NoMatchingError');
    return rt.branch(a, open ? 'True' : 'False');
  },
  shape: 'decision',
  detail: (a) => lastSegment(text(a.Parameters.HoursOfOperationId)),
});
