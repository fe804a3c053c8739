import { defineAction, noting } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'GetCustomerProfileObject',
  block: 'Customer profiles (get object)',
  source: reference('interactions-getcustomerprofileobject'),
  errors: only('NoneFoundError', 'NoMatchingError'),
  conditions: 'none',
  run: noting(() => 'reads a profile object (Customer Profiles is not simulated)'),
});
