import { journeyCollectionNames } from './journey-collections';
import type { JourneyRuntime } from './journey-runtime';

/** One group of a journey's customers for comparison: an A/B variant, the holdout (variant null), or no variant. */
export interface VariantReport {
  variant: string | null;
  holdout: boolean;
  entered: number;
  converted: number;
  conversionRate: number;
}

export interface JourneyReport {
  journeyId: string;
  instances: { total: number; active: number; completed: number; exited: number };
  /** Customers waiting in each state now. */
  activeByState: Record<string, number>;
  /** Entries and conversions per variant; the holdout is its own row, so its conversions compare against the variants'. */
  variants: VariantReport[];
  /** Outbox records by channel, status and reason (suppressions by why, holdout included). */
  messages: Array<{ channel: string; status: string; reason: string | null; count: number }>;
}

/**
 * Counts for a journey's report: instances by status and by current state, entries and conversions
 * per A/B variant with the holdout reported separately, and messages by channel / status / reason.
 */
export async function summarizeJourney(runtime: JourneyRuntime, workspace: string, journeyId: string): Promise<JourneyReport> {
  const instances = runtime.store.collection(journeyCollectionNames.instances);
  const byStatus = await instances.aggregate<{ _id: { status: string; state: string; variant: string | null; holdout: boolean }; count: number; converted: number }>(workspace, [
    { $match: { journeyId } },
    {
      $group: {
        _id: { status: '$status', state: '$state', variant: { $ifNull: ['$variant', null] }, holdout: { $ifNull: ['$holdout', false] } },
        count: { $sum: 1 },
        converted: { $sum: { $cond: [{ $eq: [{ $type: '$convertedAt' }, 'string'] }, 1, 0] } },
      },
    },
  ]);
  const report: JourneyReport = { journeyId, instances: { total: 0, active: 0, completed: 0, exited: 0 }, activeByState: {}, variants: [], messages: [] };
  const variants = new Map<string, VariantReport>();
  for (const row of byStatus) {
    const { status, state, variant, holdout } = row._id;
    report.instances.total += row.count;
    report.instances[status as 'active' | 'completed' | 'exited'] += row.count;
    if (status === 'active') report.activeByState[state] = (report.activeByState[state] ?? 0) + row.count;
    // The holdout is one control group, whichever variant's path its customers silently followed.
    const key = holdout ? 'holdout' : `variant:${variant}`;
    const group = variants.get(key) ?? { variant: holdout ? null : variant, holdout, entered: 0, converted: 0, conversionRate: 0 };
    group.entered += row.count;
    group.converted += row.converted;
    variants.set(key, group);
  }
  report.variants = [...variants.values()]
    .map((group) => ({ ...group, conversionRate: group.entered === 0 ? 0 : group.converted / group.entered }))
    .sort((a, b) => Number(a.holdout) - Number(b.holdout) || String(a.variant).localeCompare(String(b.variant)));
  const messages = await runtime.store.collection(journeyCollectionNames.messages).aggregate<{ _id: { channel: string; status: string; reason: string | null }; count: number }>(workspace, [
    { $match: { journeyId } },
    { $group: { _id: { channel: '$channel', status: '$status', reason: '$reason' }, count: { $sum: 1 } } },
  ]);
  report.messages = messages
    .map((row) => ({ ...row._id, reason: row._id.reason ?? null, count: row.count }))
    .sort((a, b) => a.channel.localeCompare(b.channel) || a.status.localeCompare(b.status) || String(a.reason).localeCompare(String(b.reason)));
  return report;
}
