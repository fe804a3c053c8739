import { defineAction } from './action.ts';
import {
  INBOUND,
  isJsonPath,
  issue,
  only,
  QUEUE,
  reference,
  required,
  TRANSFER,
  text,
  types,
} from './rules.ts';

export default defineAction({
  type: 'UpdateContactCallbackNumber',
  block: 'Set callback number',
  source: reference('contact-actions-updatecontactcallbacknumber'),
  errors: only('InvalidCallbackNumber', 'CallbackNumberNotDialable'),
  likelyErrors: only('InvalidCallbackNumber'),
  conditions: 'none',
  flowTypes: types(INBOUND, TRANSFER, QUEUE),
  parameters: (a) => {
    const number = a.Parameters.CallbackNumber;
    if (number === undefined) return required(a, 'CallbackNumber');
    // The reference: "CallbackNumber ... must be defined dynamically".
    return isJsonPath(number)
      ? []
      : [
          issue(
            'parameters/jsonpath',
            'Parameters.CallbackNumber',
            'CallbackNumber must be one JSONPath (e.g. $.Attributes.callbackNumber), never a fixed number',
          ),
        ];
  },
  run: (a, rt) => {
    const number = rt.resolveValue(a.Parameters.CallbackNumber ?? '');
    if (!/^\+[1-9]\d{6,14}$/.test(number)) return rt.fail(a, 'InvalidCallbackNumber');
    rt.contact.callbackNumber = number;
    return rt.next(a);
  },
  detail: (a) => text(a.Parameters.CallbackNumber),
});
