import { appointmentReminder } from './appointment-reminder.ts';
import { campaign } from './campaign.ts';
import { chatLink } from './chat-link.ts';
import { custom } from './custom.ts';
import { deliveryDelayed } from './delivery-delayed.ts';
import { orderShipped } from './order-shipped.ts';
import { outage } from './outage.ts';
import { surveyInvitation } from './survey-invitation.ts';
import type { MessageTemplate } from './template.ts';

// The message templates: one file each, with its variables and its copy in every language.

/** Every template by name. `custom` sends an agent's own text as is. */
export const MESSAGE_TEMPLATES = {
  'order-shipped': orderShipped,
  'delivery-delayed': deliveryDelayed,
  'appointment-reminder': appointmentReminder,
  outage,
  'chat-link': chatLink,
  'survey-invitation': surveyInvitation,
  campaign,
  custom,
} as const satisfies Record<string, MessageTemplate>;

export type TemplateName = keyof typeof MESSAGE_TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(MESSAGE_TEMPLATES) as readonly TemplateName[];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(MESSAGE_TEMPLATES, name);
}
