// zod/mini: the same validation, a fraction of the bundle (every contact-flow function is on a
// caller's path, cold start included).
import * as z from 'zod/mini';

// The parts of a contact flow's Lambda event (ConnectContactFlowEvent) tsunagu's functions read.

/** `Details.ContactData.ContactId`: a UUID in Connect; bounded so a hostile event cannot be huge. */
export const contactId = z.string().check(z.minLength(1), z.maxLength(256));

/** `Details.ContactData.CustomerEndpoint`: absent or null on chats and tasks. */
export const customerEndpoint = z.nullish(
  z.object({ Address: z.nullish(z.string()), Type: z.nullish(z.string()) }),
);

/** A flow parameter (`$.Attributes.x`): one that is not set arrives empty or not at all. */
export const optionalText = z.optional(z.string());

/** The number that is calling, when the contact is a phone call (as Connect gives it: E.164). */
export function callerNumber(endpoint: z.output<typeof customerEndpoint>): string | undefined {
  return endpoint?.Type === 'TELEPHONE_NUMBER' && endpoint.Address ? endpoint.Address : undefined;
}
