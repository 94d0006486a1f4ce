import { useState, type FormEvent } from 'react';
import { ApiError, describeApiError } from '../api/index';
import { useApp } from '../app/app-context';
import { JsonField } from '../forms/index';
import type { Journey, JourneySimulationRequest, ProblemDetailBody, SimulationTimelineEvent } from '../../../schemas/types';
import { SimulationResults } from './SimulationResults';
import { useJourneyEditor, useJourneyView } from './journey-view-context';

interface TimelineRow {
  day: number;
  event: string;
  properties: string;
}

const dayMs = 24 * 60 * 60 * 1000;

/** A timeline that gets a made-up customer in through the journey's first entry. */
function startingTimeline(doc: Journey): TimelineRow[] {
  const entry = doc.states.find((state): state is Extract<Journey['states'][number], { kind: 'entry' }> => state.kind === 'entry');
  const trigger = entry?.params.trigger;
  if (trigger?.type === 'event') return [{ day: 0, event: trigger.event, properties: '{}' }];
  if (trigger?.type === 'segment-entered' || trigger?.type === 'segment-exited') {
    return [{ day: 0, event: trigger.type === 'segment-entered' ? 'Segment Entered' : 'Segment Exited', properties: JSON.stringify({ segment_id: trigger.segmentId }) }];
  }
  return [];
}

/** The segments a made-up customer starts in: the one a scheduled entry runs for. */
function startingSegments(doc: Journey): string[] {
  return doc.states.flatMap((state) => (state.kind === 'entry' && state.params.trigger.type === 'schedule' ? [state.params.trigger.segmentId] : []));
}

/**
 * Runs the document on screen (saved or not) on the server's virtual clock, for a real customer's
 * history or a made-up customer and timeline; the path shows on the canvas and every action and
 * suppression is listed. Nothing is sent.
 */
export function SimulationPanel({ onClose }: { onClose(): void }) {
  const { api } = useApp();
  const { simulation, setSimulation } = useJourneyView();
  const doc = useJourneyEditor((editor) => editor.history.present);
  const [mode, setMode] = useState<'customer' | 'made-up'>('customer');
  const [userId, setUserId] = useState('');
  const [attributes, setAttributes] = useState<Record<string, unknown>>({ email: 'ada@example.com', first_name: 'Ada', consent: { email: true, sms: true, push: true } });
  const [timeline, setTimeline] = useState<TimelineRow[]>(() => startingTimeline(doc));
  const [horizonDays, setHorizonDays] = useState(60);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<{ text: string; details: ProblemDetailBody[] } | null>(null);
  const hasApiEntry = doc.states.some((state) => state.kind === 'entry' && state.params.trigger.type === 'api');

  const buildRequest = (): JourneySimulationRequest => {
    if (mode === 'customer') return { journey: doc, userId: userId.trim() };
    const start = Date.now();
    const events: SimulationTimelineEvent[] = timeline
      .filter((row) => row.event.trim() !== '')
      .map((row) => ({ at: new Date(start + row.day * dayMs).toISOString(), event: row.event.trim(), properties: JSON.parse(row.properties || '{}') as Record<string, unknown> }));
    return {
      journey: doc,
      customer: { userId: 'simulated-customer', attributes, segments: startingSegments(doc) },
      timeline: events,
      ...(hasApiEntry ? { apiEntries: [new Date(start).toISOString()] } : {}),
      start: new Date(start).toISOString(),
      until: new Date(start + horizonDays * dayMs).toISOString(),
    };
  };

  const run = async (event: FormEvent) => {
    event.preventDefault();
    setRunning(true);
    setError(null);
    try {
      setSimulation(await api.simulateJourney(doc.id, buildRequest()));
    } catch (caught) {
      setSimulation(null);
      setError({ text: caught instanceof SyntaxError ? `A timeline event's properties are not JSON: ${caught.message}` : describeApiError(caught), details: caught instanceof ApiError ? (caught.problem?.details ?? []) : [] });
    } finally {
      setRunning(false);
    }
  };

  return (
    <section className="drawer simulation" aria-labelledby="simulation-title">
      <header className="drawer-head">
        <h2 id="simulation-title">Simulate</h2>
        <span className="muted small">Runs this document as it is on screen, on a virtual clock. Nothing is sent.</span>
        <span className="spacer" />
        {simulation && (
          <button type="button" className="small" onClick={() => setSimulation(null)}>
            Clear path
          </button>
        )}
        <button type="button" className="small" onClick={onClose} aria-label="Close simulation">
          ×
        </button>
      </header>
      <div className="simulation-body">
        <form className="simulation-form" onSubmit={run}>
          <fieldset>
            <legend>Customer</legend>
            <label className="inline-check">
              <input type="radio" name="simulation-mode" checked={mode === 'customer'} onChange={() => setMode('customer')} /> A real customer's history
            </label>
            <label className="inline-check">
              <input type="radio" name="simulation-mode" checked={mode === 'made-up'} onChange={() => setMode('made-up')} /> A made-up customer and timeline
            </label>
          </fieldset>
          {mode === 'customer' ? (
            <div className="field">
              <label htmlFor="simulation-user">userId</label>
              <input id="simulation-user" value={userId} required onChange={(event) => setUserId(event.target.value)} placeholder="user-123" />
              <p className="help">Starts from the customer as stored (attributes, segments, their place in this journey); their newest 2,000 stored events are replayed through the journey, oldest first.</p>
            </div>
          ) : (
            <>
              <JsonField id="simulation-attributes" label="Attributes" value={attributes} onChange={setAttributes} rows={4} />
              <fieldset>
                <legend>Timeline</legend>
                <table className="compact">
                  <thead>
                    <tr>
                      <th scope="col">Day</th>
                      <th scope="col">Event</th>
                      <th scope="col">Properties (JSON)</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {timeline.map((row, index) => (
                      <tr key={index}>
                        <td>
                          <input aria-label={`Event ${index + 1} day`} type="number" min={0} value={row.day} className="narrow" onChange={(event) => setTimeline(timeline.map((r, i) => (i === index ? { ...r, day: Math.max(0, Number(event.target.value)) } : r)))} />
                        </td>
                        <td>
                          <input aria-label={`Event ${index + 1} name`} value={row.event} onChange={(event) => setTimeline(timeline.map((r, i) => (i === index ? { ...r, event: event.target.value } : r)))} />
                        </td>
                        <td>
                          <input aria-label={`Event ${index + 1} properties`} className="code" value={row.properties} onChange={(event) => setTimeline(timeline.map((r, i) => (i === index ? { ...r, properties: event.target.value } : r)))} />
                        </td>
                        <td>
                          <button type="button" className="small icon danger" aria-label={`Remove event ${index + 1}`} onClick={() => setTimeline(timeline.filter((_, i) => i !== index))}>
                            ×
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <button type="button" className="small" onClick={() => setTimeline([...timeline, { day: (timeline.at(-1)?.day ?? 0) + 1, event: 'Order Completed', properties: '{"total": 42}' }])}>
                  + Event
                </button>
              </fieldset>
              <div className="field">
                <label htmlFor="simulation-horizon">Run for (days)</label>
                <input id="simulation-horizon" type="number" min={1} max={3650} value={horizonDays} className="narrow" onChange={(event) => setHorizonDays(Math.max(1, Number(event.target.value)))} />
              </div>
            </>
          )}
          <button type="submit" className="primary" disabled={running}>
            {running ? 'Simulating…' : 'Run simulation'}
          </button>
          {error && (
            <div className="error" role="alert">
              <p>{error.text}</p>
              {error.details.length > 3 && (
                <ul>
                  {error.details.slice(3).map((detail, i) => (
                    <li key={i}>
                      {detail.pointer && <code>{detail.pointer}</code>} {detail.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </form>
        {simulation && <SimulationResults simulation={simulation} />}
      </div>
    </section>
  );
}
