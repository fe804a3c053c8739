import * as z from 'zod';
import { CustomerNotFoundError, ValidationError } from '../errors.ts';
import { parseInput } from '../parse-input.ts';
import { type CustomerContext, customerContext } from './context.ts';
import { type Customer, MESSAGE_CHANNELS, type ProfilePolicy, PURPOSES } from './customer.ts';
import { customerChanges, newCustomer } from './customer-input.ts';
import { newInteraction } from './interaction-input.ts';
import { normalizePhone } from './phone.ts';
import type { IdentityKind, ProfileStore, TimelinePage } from './profile-store.ts';

export interface CustomerServiceDeps {
  readonly profiles: ProfileStore;
  readonly policy: ProfilePolicy;
  readonly clock: () => Date;
  /** New unique ids (sortable by creation time). */
  readonly newId: () => string;
}

export const DEFAULT_TIMELINE_PAGE = 20;
export const MAX_TIMELINE_PAGE = 100;

const consentChange = z.strictObject({
  channel: z.enum(MESSAGE_CHANNELS, 'channel must be "sms" or "email"'),
  purpose: z.enum(PURPOSES, 'purpose must be "transactional", "marketing" or "survey"'),
  granted: z.boolean('granted must be true or false'),
  source: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,39}$/, 'source must be a short lower-case label such as api or ivr')
    .default('api'),
});

const noticeInput = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/)
    .optional(),
  topic: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'topic must be a short label such as delivery-delayed'),
  summary: z.string().trim().min(1).max(300),
  at: z.iso.datetime({ offset: true }).optional(),
  /** How long the IVR should treat the notice as a likely reason to call. */
  openHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(48),
});

const identityChange = z.strictObject({
  kind: z.enum(['phone', 'email', 'chat', 'external'] satisfies IdentityKind[]),
  value: z.string().trim().min(1).max(254),
  move: z.boolean().default(false),
});

/**
 * Customer-profile use cases, shared by the Lambda handlers and the local twin's API. Input arrives
 * unvalidated (`unknown`) and leaves as domain types or typed errors (ValidationError,
 * CustomerNotFoundError, IdentityConflictError).
 */
export class CustomerService {
  constructor(private readonly deps: CustomerServiceDeps) {}

  async create(input: unknown, source = 'api'): Promise<Customer> {
    const customer = newCustomer(input, {
      id: this.deps.newId(),
      now: this.deps.clock(),
      policy: this.deps.policy,
      source,
    });
    await this.deps.profiles.create(customer);
    return customer;
  }

  async get(customerId: string): Promise<Customer> {
    const customer = await this.deps.profiles.get(checkId(customerId));
    if (!customer) throw new CustomerNotFoundError(customerId);
    return customer;
  }

  /** Any common phone format; undefined when nobody has that number. */
  async findByPhone(phone: string): Promise<Customer | undefined> {
    return this.deps.profiles.findByPhone(normalizePhone(phone, this.deps.policy.phoneRegion));
  }

  async findByEmail(email: string): Promise<Customer | undefined> {
    const parsed = z.email().safeParse(email.trim());
    if (!parsed.success) throw new ValidationError('email', 'email must be an email address');
    return this.deps.profiles.findByEmail(parsed.data.toLowerCase());
  }

  async update(customerId: string, input: unknown): Promise<Customer> {
    const changes = customerChanges(input, this.deps.policy);
    return this.deps.profiles.update(checkId(customerId), changes, this.deps.clock().toISOString());
  }

  /** Gives a phone, email, chat or external id to the customer (see ProfileStore.assignIdentity). */
  async assignIdentity(customerId: string, input: unknown): Promise<Customer> {
    const { kind, value, move } = parseInput(identityChange, input);
    const normalized =
      kind === 'phone'
        ? normalizePhone(value, this.deps.policy.phoneRegion, 'value')
        : kind === 'email'
          ? parseInput(z.email('value must be an email address'), value).toLowerCase()
          : value;
    await this.deps.profiles.assignIdentity(
      checkId(customerId),
      { kind, value: normalized },
      { at: this.deps.clock().toISOString(), move },
    );
    return this.get(customerId);
  }

  async setConsent(customerId: string, input: unknown): Promise<Customer> {
    const { channel, purpose, granted, source } = parseInput(consentChange, input);
    const at = this.deps.clock().toISOString();
    return this.deps.profiles.setConsent(checkId(customerId), channel, purpose, { granted, at, source });
  }

  /** Opens a proactive notice (e.g. a delivery delay) the IVR can offer as a shortcut until it expires. */
  async addNotice(customerId: string, input: unknown): Promise<Customer> {
    const data = parseInput(noticeInput, input);
    const now = this.deps.clock();
    const at = data.at ? new Date(data.at).toISOString() : now.toISOString();
    const expiresAt = new Date(new Date(at).getTime() + data.openHours * 3_600_000).toISOString();
    return this.deps.profiles.addNotice(
      checkId(customerId),
      { id: data.id ?? this.deps.newId(), topic: data.topic, summary: data.summary, at, expiresAt },
      now.toISOString(),
    );
  }

  async recordInteraction(customerId: string, input: unknown) {
    const interaction = newInteraction(checkId(customerId), input, {
      id: this.deps.newId(),
      now: this.deps.clock(),
    });
    const { duplicate } = await this.deps.profiles.appendInteraction(interaction);
    return { interaction, duplicate };
  }

  async timeline(customerId: string, query: { limit?: string; cursor?: string }): Promise<TimelinePage> {
    const limit =
      query.limit === undefined
        ? DEFAULT_TIMELINE_PAGE
        : /^\d{1,3}$/.test(query.limit)
          ? Number(query.limit)
          : 0;
    if (limit < 1 || limit > MAX_TIMELINE_PAGE) {
      throw new ValidationError('limit', `limit must be a whole number from 1 to ${MAX_TIMELINE_PAGE}`);
    }
    const page = await this.deps.profiles.timeline(checkId(customerId), {
      limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    // An empty page may mean an unknown customer: only then spend a second request to tell.
    if (page.items.length === 0) await this.get(customerId);
    return page;
  }

  /** The AP1 context of a customer known by id (the IVR reads the same by caller number). */
  async context(customerId: string): Promise<CustomerContext> {
    return customerContext(await this.get(customerId), this.deps.clock());
  }
}

function checkId(customerId: string): string {
  if (!/^[0-9A-Za-z_-]{1,64}$/.test(customerId)) throw new CustomerNotFoundError(customerId);
  return customerId;
}
