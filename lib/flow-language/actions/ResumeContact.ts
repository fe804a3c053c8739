import { defineAction, noting } from './action.ts';
import { only, reference } from './rules.ts';

export default defineAction({
  type: 'ResumeContact',
  block: 'Resume contact',
  source: reference('contact-actions-updatecontactresumecontact'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  channels: ['TASK'],
  run: noting(() => 'resumes the paused task'),
});
