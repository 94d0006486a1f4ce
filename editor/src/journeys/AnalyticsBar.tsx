import { useJourneyView } from './journey-view-context';

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** Once customers have been through the journey: how many, where they are, and conversions against the holdout. */
export function AnalyticsBar() {
  const { analytics } = useJourneyView();
  if (!analytics || analytics.instances.total === 0) {
    return analytics && analytics.liveVersion !== null ? <div className="analytics-bar muted small">Live as v{analytics.liveVersion}: nobody has entered yet. Counts appear on each step as customers move through.</div> : null;
  }
  const { instances, conversions } = analytics;
  const sent = analytics.messages.filter((row) => row.status === 'sent').reduce((sum, row) => sum + row.count, 0);
  const suppressed = analytics.messages.filter((row) => row.status === 'suppressed').reduce((sum, row) => sum + row.count, 0);
  return (
    <div className="analytics-bar" role="status" aria-label="Journey results">
      <span>
        <strong>{instances.total}</strong> entered · {instances.active} in it · {instances.completed} completed · {instances.exited} exited
      </span>
      <span>
        converted <strong>{percent(conversions.treated.conversionRate)}</strong> ({conversions.treated.converted}/{conversions.treated.entered})
        {conversions.holdout && (
          <>
            {' '}
            vs holdout {percent(conversions.holdout.conversionRate)} ({conversions.holdout.converted}/{conversions.holdout.entered}) · uplift{' '}
            <strong>{conversions.uplift === null ? '—' : `${conversions.uplift >= 0 ? '+' : ''}${(conversions.uplift * 100).toFixed(1)} pts`}</strong>
          </>
        )}
      </span>
      <span>
        {sent} sent · {suppressed} suppressed
      </span>
    </div>
  );
}
