import { randomUUID } from 'node:crypto';
import type { Customer } from '../../schemas/types';
import { findCustomerOfUserId, ingestBatch } from '../ingest/index';
import { readProfileMeta, stampAt, timeOfStamp, toEventTime } from '../profile/index';
import type { RuntimeContext } from '../runtime/index';
import { customersCollection } from './journey-collections';
import { isMarketingOptOut, marketingOptOut, refusesOutright } from './channel-consent';
import type { UnsubscribeClaim } from './unsubscribe-token';

/** What became of an unsubscribe: done, a customer this server no longer has, or not recorded (and why). */
export type UnsubscribeOutcome = { status: 'unsubscribed' } | { status: 'unknown-customer' } | { status: 'not-recorded'; why: string };

/**
 * The customer a link was made for: the same `_id`, else the customer a merge folded it into. A userId
 * names a person, so it is followed like ingestion follows it; an anonymous id names a device, which
 * someone else may use later, so it counts only for the link's own customer or one that merged it.
 */
async function findLinkCustomer(runtime: RuntimeContext, claim: UnsubscribeClaim): Promise<Customer | null> {
  const customers = runtime.store.collection<Customer>(customersCollection);
  const own = await customers.findOne(claim.workspace, { _id: claim.customerId });
  if (own) return own;
  if (claim.userId !== null) return (await findCustomerOfUserId(runtime.store, claim.workspace, claim.userId))?.customer ?? null;
  // Several customers may list a shared device's id: only the one that merged the link's customer counts.
  const onDevice = claim.anonymousId === null ? [] : await customers.find(claim.workspace, { anonymousIds: claim.anonymousId });
  return onDevice.find((customer) => readProfileMeta(customer).mergedFrom.includes(claim.customerId)) ?? null;
}

/**
 * The time of the stamp a new `consent.<channel>` must beat: the channel's own, or what stands above
 * it (a scalar `consent`, or one that wiped the object's older keys) — not the other channels'.
 */
function consentStampTime(customer: Customer, channel: string): number | null {
  const node = readProfileMeta(customer).attributeStamps.consent;
  if (node === undefined) return null;
  const stamps = typeof node === 'string' ? [node] : [node[1], stampAt(node[2], channel)];
  const newest = stamps.filter((stamp): stamp is string => stamp !== null).sort().at(-1);
  return newest === undefined ? null : Date.parse(timeOfStamp(newest));
}

/**
 * Withdraws a customer's consent for the channel of an unsubscribe link, through ingestion like a
 * client's events: an identify setting `consent.<channel>` to `"unsubscribed"` and a track
 * `Unsubscribed` naming the message, journey and channel, with `context` (the request's IP and user
 * agent). The identify is stamped after whatever set the channel's consent before, so a click always
 * takes effect, even over a consent an upstream system stamped ahead of this server's clock; a stronger
 * refusal already there (`false`, `"denied"`) is kept, and only the track is recorded. The result is
 * read back before it is reported done.
 */
export async function unsubscribeByLink(runtime: RuntimeContext, claim: UnsubscribeClaim, context: Record<string, unknown>): Promise<UnsubscribeOutcome> {
  const customer = await findLinkCustomer(runtime, claim);
  if (!customer) return { status: 'unknown-customer' };
  const anonymousId = claim.anonymousId !== null && customer.anonymousIds.includes(claim.anonymousId) ? claim.anonymousId : customer.anonymousIds[0];
  const who: { userId: string } | { anonymousId: string } | null = customer.userId !== null ? { userId: customer.userId } : anonymousId ? { anonymousId } : null;
  if (!who) return { status: 'not-recorded', why: `customer ${customer._id} has neither a userId nor an anonymous id` };

  const now = runtime.clock.now();
  const consentTime = consentStampTime(customer, claim.channel);
  const stampedAt = new Date(consentTime === null || consentTime < now ? now : consentTime + 1).toISOString();
  const click = randomUUID();
  // A stronger refusal already there (false, "denied") stays: it stops receipts too, the opt-out would not.
  const alreadyRefused = refusesOutright(customer, claim.channel);
  const batch = [
    ...(alreadyRefused ? [] : [{ type: 'identify', messageId: `unsubscribe-${click}-consent`, timestamp: toEventTime(stampedAt), ...who, traits: { consent: { [claim.channel]: marketingOptOut } }, context }]),
    {
      type: 'track',
      messageId: `unsubscribe-${click}`,
      timestamp: new Date(now).toISOString(),
      ...who,
      event: 'Unsubscribed',
      properties: { channel: claim.channel, journey_id: claim.journeyId, message_key: claim.messageKey },
      context,
    },
  ];
  const report = await ingestBatch(runtime, claim.workspace, { batch });
  if (report.rejected.length > 0) return { status: 'not-recorded', why: report.rejected.map((rejected) => rejected.problem.message).join('; ') };
  const after = await runtime.store.collection<Customer>(customersCollection).findOne(claim.workspace, { _id: customer._id });
  const done = after !== null && (isMarketingOptOut(after, claim.channel) || refusesOutright(after, claim.channel));
  return done ? { status: 'unsubscribed' } : { status: 'not-recorded', why: `consent.${claim.channel} did not change` };
}
