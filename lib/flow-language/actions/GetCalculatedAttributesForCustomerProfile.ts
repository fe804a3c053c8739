import { defineAction, noting } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'GetCalculatedAttributesForCustomerProfile',
  block: 'Customer profiles (calculated attributes)',
  source: reference('interactions-getcalculatedattributesforcustomerprofile'),
  errors: only('NoneFoundError', 'NoMatchingError'),
  conditions: 'none',
  run: noting(() => 'reads calculated attributes (Customer Profiles is not simulated)'),
});
