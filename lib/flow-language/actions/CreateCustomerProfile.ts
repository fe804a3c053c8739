import { defineAction, noting } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'CreateCustomerProfile',
  block: 'Customer profiles (create)',
  source: reference('interactions-createcustomerprofile'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  run: noting(() => 'creates a customer profile'),
});
