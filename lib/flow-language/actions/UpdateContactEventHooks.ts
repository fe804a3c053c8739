import { defineAction } from './action.ts';
import { issue, objectAt, only, param, reference, required } from './rules.ts';

const HOOKS = [
  'CustomerRemaining',
  'CustomerQueue',
  'CustomerHold',
  'CustomerWhisper',
  'AgentHold',
  'AgentWhisper',
  'DefaultAgentUI',
  'DisconnectAgentUI',
  'PauseContact',
  'ResumeContact',
];

export default defineAction({
  type: 'UpdateContactEventHooks',
  block: 'Set event hook',
  source: reference('contact-actions-updatecontacteventhooks'),
  errors: only('NoMatchingError'),
  conditions: 'none',
  parameters: (a) => {
    const hooks = objectAt(param(a, 'EventHooks'));
    if (!hooks) return required(a, 'EventHooks');
    const keys = Object.keys(hooks);
    // The reference: "only one event hook can be set per action".
    if (keys.length !== 1) {
      return [
        issue(
          'parameters/exclusive',
          'Parameters.EventHooks',
          `EventHooks takes exactly one hook per action, found ${keys.length}: use one action per hook`,
        ),
      ];
    }
    const [key] = keys as [string];
    return HOOKS.includes(key)
      ? []
      : [
          issue(
            'parameters/enum',
            `Parameters.EventHooks.${key}`,
            `unknown event hook ${key}; one of ${HOOKS.join(', ')}`,
          ),
        ];
  },
  run: (a, rt) => {
    for (const [hook, target] of Object.entries(objectAt(a.Parameters.EventHooks) ?? {})) {
      const flow = rt.resolveValue(target);
      rt.contact.hooks.set(hook, flow);
      rt.emit({ type: 'hook', hook, flow });
    }
    return rt.next(a);
  },
  detail: (a) => Object.keys(objectAt(a.Parameters.EventHooks) ?? {}).join(', '),
});
