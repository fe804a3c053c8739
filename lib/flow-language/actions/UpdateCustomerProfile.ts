import { defineAction, noting } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'UpdateCustomerProfile',
  block: 'Customer profiles (update)',
  source: reference('interactions-updatecustomerprofile'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  run: noting(() => 'updates the customer profile'),
});
