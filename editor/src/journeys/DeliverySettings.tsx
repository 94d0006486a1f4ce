import { FieldProblems, TextField } from '../forms/index';
import { setJourneySetting } from '../journey-document/index';
import type { ConsentDefaults, FrequencyCap, QuietHours } from '../../../schemas/types';
import { useJourneyEditor, useJourneyView } from './journey-view-context';

const channels = ['email', 'sms', 'push', 'webhook', 'log'] as const;
const consentChannels = ['email', 'sms', 'push'] as const;
const commonZones = ['UTC', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Asia/Tokyo', 'Asia/Singapore', 'Australia/Sydney'];

/** How messages go out: frequency caps, quiet hours, send rate, consent defaults, time zone. */
export function DeliverySettings({ problemsAt }: { problemsAt(pointer: string): string[] }) {
  const { store } = useJourneyView();
  const settings = useJourneyEditor((editor) => editor.history.present.settings);
  const dispatch = store.getState().dispatch;
  const caps = settings.frequencyCaps ?? [];
  const setCaps = (next: FrequencyCap[], field: string) => dispatch(setJourneySetting, { key: 'frequencyCaps', value: next.length > 0 ? next : undefined }, { mergeKey: `caps:${field}` });
  const quiet = settings.quietHours;
  const setQuiet = (next: QuietHours | undefined, field: string) => dispatch(setJourneySetting, { key: 'quietHours', value: next }, { mergeKey: `quiet:${field}` });
  const consent = settings.consent ?? {};

  return (
    <>
      <h3>Frequency caps</h3>
      <p className="help">At most this many messages on a channel within a window, across all journeys.</p>
      <ol className="caps">
        {caps.map((cap, index) => (
          <li key={index} className="row">
            <select aria-label={`Cap ${index + 1} channel`} value={cap.channel} onChange={(event) => setCaps(caps.map((c, i) => (i === index ? { ...cap, channel: event.target.value as FrequencyCap['channel'] } : c)), `channel-${index}`)}>
              {channels.map((channel) => (
                <option key={channel} value={channel}>
                  {channel}
                </option>
              ))}
            </select>
            <input aria-label={`Cap ${index + 1} limit`} type="number" min={1} max={100} value={cap.limit} onChange={(event) => setCaps(caps.map((c, i) => (i === index ? { ...cap, limit: Math.max(1, Math.round(Number(event.target.value))) } : c)), `limit-${index}`)} />
            <span className="muted">per</span>
            <input aria-label={`Cap ${index + 1} window`} value={cap.window} onChange={(event) => setCaps(caps.map((c, i) => (i === index ? { ...cap, window: event.target.value.toUpperCase() } : c)), `window-${index}`)} />
            <button type="button" className="small icon danger" aria-label={`Remove cap ${index + 1}`} onClick={() => setCaps(caps.filter((_, i) => i !== index), 'remove')}>
              ×
            </button>
            <FieldProblems messages={problemsAt(`/settings/frequencyCaps/${index}`)} />
          </li>
        ))}
      </ol>
      <button type="button" className="small" onClick={() => setCaps([...caps, { channel: 'email', limit: 2, window: 'P7D' }], 'add')}>
        + Cap
      </button>

      <h3>Quiet hours</h3>
      <div className="field">
        <label>
          <input type="checkbox" checked={quiet !== undefined} onChange={(event) => setQuiet(event.target.checked ? { start: '21:00', end: '08:00', channels: ['sms', 'push'] } : undefined, 'toggle')} /> Hold messages at night (customer's time zone)
        </label>
      </div>
      {quiet && (
        <div className="row">
          <label htmlFor="quiet-start">From</label>
          <input id="quiet-start" type="time" value={quiet.start} onChange={(event) => setQuiet({ ...quiet, start: event.target.value }, 'start')} />
          <label htmlFor="quiet-end">to</label>
          <input id="quiet-end" type="time" value={quiet.end} onChange={(event) => setQuiet({ ...quiet, end: event.target.value }, 'end')} />
          <fieldset className="inline-fieldset">
            <legend className="visually-hidden">Channels held</legend>
            {channels.slice(0, 3).map((channel) => (
              <label key={channel} className="inline-check">
                <input
                  type="checkbox"
                  checked={quiet.channels?.includes(channel) ?? true}
                  onChange={(event) => {
                    const chosen = new Set(quiet.channels ?? channels.slice(0, 3));
                    if (event.target.checked) chosen.add(channel);
                    else chosen.delete(channel);
                    setQuiet({ ...quiet, channels: channels.filter((c) => chosen.has(c)) }, 'channels');
                  }}
                />
                {channel}
              </label>
            ))}
          </fieldset>
          <FieldProblems messages={problemsAt('/settings/quietHours')} />
        </div>
      )}

      <h3>Send rate</h3>
      <div className="row">
        <label>
          <input
            type="checkbox"
            checked={settings.sendRate !== undefined}
            onChange={(event) => dispatch(setJourneySetting, { key: 'sendRate', value: event.target.checked ? { limit: 50, per: 'second' } : undefined })}
          />{' '}
          Limit to
        </label>
        {settings.sendRate && (
          <>
            <input aria-label="Messages" type="number" min={1} max={100000} value={settings.sendRate.limit} onChange={(event) => dispatch(setJourneySetting, { key: 'sendRate', value: { ...settings.sendRate!, limit: Math.max(1, Math.round(Number(event.target.value))) } }, { mergeKey: 'rate' })} />
            <select aria-label="Per" value={settings.sendRate.per} onChange={(event) => dispatch(setJourneySetting, { key: 'sendRate', value: { ...settings.sendRate!, per: event.target.value as 'second' | 'minute' } })}>
              <option value="second">per second</option>
              <option value="minute">per minute</option>
            </select>
          </>
        )}
      </div>

      <h3>Consent</h3>
      <p className="help">When a customer has no attributes.consent.&lt;channel&gt;: opt-in means no messages until given.</p>
      {consentChannels.map((channel) => (
        <div key={channel} className="row">
          <label htmlFor={`consent-${channel}`} className="consent-label">
            {channel}
          </label>
          <select
            id={`consent-${channel}`}
            value={consent[channel] ?? ''}
            onChange={(event) => {
              const next: ConsentDefaults = { ...consent };
              if (event.target.value === '') delete next[channel];
              else next[channel] = event.target.value as 'opt-in' | 'opt-out';
              dispatch(setJourneySetting, { key: 'consent', value: Object.keys(next).length > 0 ? next : undefined });
            }}
          >
            <option value="">server default</option>
            <option value="opt-in">opt-in</option>
            <option value="opt-out">opt-out</option>
          </select>
        </div>
      ))}

      <TextField
        id="journey-timezone"
        label="Time zone (for customers without one)"
        value={settings.timezone ?? ''}
        placeholder="UTC"
        list="journey-zones"
        onChange={(timezone) => dispatch(setJourneySetting, { key: 'timezone', value: timezone === '' ? undefined : timezone }, { mergeKey: 'timezone' })}
        problems={problemsAt('/settings/timezone')}
      />
      <datalist id="journey-zones">
        {commonZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <p className="help">Windows are ISO-8601 durations: P7D = 7 days, PT12H = 12 hours, P1M = 1 month.</p>
    </>
  );
}
