import { defineAction, noting } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'GetCustomerProfile',
  block: 'Customer profiles',
  source: reference('contact-actions-getcustomerprofile'),
  errors: only('NoMatchingError', 'MultipleFoundError', 'NoneFoundError'),
  conditions: 'none',
  run: noting(
    () => 'looks up the customer profile (Customer Profiles is not simulated: $.Customer stays empty)',
  ),
});
