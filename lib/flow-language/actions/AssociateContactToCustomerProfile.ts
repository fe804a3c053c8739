import { defineAction, noting } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'AssociateContactToCustomerProfile',
  block: 'Customer profiles (associate contact)',
  source: reference('interactions-associatecontacttocustomerprofile'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  run: noting(() => 'associates the contact with the profile'),
});
