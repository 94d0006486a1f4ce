import type { Condition } from '../../../engine/rules/index';
import { useApp } from '../app/app-context';
import { groupConditionProblems } from '../condition-document/index';
import { ConditionBuilder } from '../conditions/ConditionBuilder';
import { DurationField, FieldProblems, TextField } from '../forms/index';
import { setJourneySetting, updateJourneyInfo } from '../journey-document/index';
import type { ExitCriterion, ReentryPolicy } from '../../../schemas/types';
import { DeliverySettings } from './DeliverySettings';
import { useJourneyEditor, useJourneyView } from './journey-view-context';

const reentryOptions: Array<{ policy: ReentryPolicy['policy']; label: string }> = [
  { policy: 'never', label: 'Never: once per customer' },
  { policy: 'after-exit', label: 'After they have left it' },
  { policy: 'after-cooldown', label: 'After they left, and a cool-down' },
  { policy: 'always', label: 'Always (several at once)' },
];

/** The journey as a whole: name, entry condition, exit criteria, re-entry, and delivery rules. */
export function SettingsInspector() {
  const { facts } = useApp();
  const { store, problems } = useJourneyView();
  const doc = useJourneyEditor((editor) => editor.history.present);
  const dispatch = store.getState().dispatch;
  const settings = doc.settings;
  const settingProblems = problems.problems.filter((problem) => problem.target.type === 'settings');
  const problemsAt = (pointer: string) => settingProblems.filter((problem) => problem.pointer === pointer || problem.pointer.startsWith(pointer + '/')).map((problem) => problem.message);
  const exits = settings.exitCriteria ?? [];
  const setExits = (next: ExitCriterion[], field: string) => dispatch(setJourneySetting, { key: 'exitCriteria', value: next.length > 0 ? next : undefined }, { mergeKey: `exit:${field}` });
  const reentry = settings.reentry ?? { policy: 'never' };

  return (
    <section className="inspector-section" aria-labelledby="settings-title">
      <h2 id="settings-title">Journey settings</h2>
      <p className="muted small">Select a state or an arrow to edit it; these apply to the whole journey.</p>
      <TextField id="journey-name" label="Name" value={doc.name} maxLength={200} onChange={(name) => dispatch(updateJourneyInfo, { name }, { mergeKey: 'name' })} problems={problems.problems.filter((p) => p.pointer === '/name').map((p) => p.message)} />
      <TextField id="journey-description" label="Description" multiline value={doc.description ?? ''} onChange={(description) => dispatch(updateJourneyInfo, { description }, { mergeKey: 'description' })} />

      <h3>Who may enter</h3>
      <div className="field">
        <label>
          <input
            type="checkbox"
            checked={settings.entryCondition !== undefined}
            onChange={(event) => dispatch(setJourneySetting, { key: 'entryCondition', value: event.target.checked ? { all: [{ fact: 'attributes.email', operator: 'exists', value: true }] } : undefined })}
          />{' '}
          Only customers matching a condition
        </label>
      </div>
      {settings.entryCondition !== undefined && (
        <ConditionBuilder
          value={settings.entryCondition as Condition}
          onChange={(condition) => dispatch(setJourneySetting, { key: 'entryCondition', value: condition }, { mergeKey: 'entryCondition' })}
          catalogue={facts}
          scope="customer"
          problems={groupConditionProblems(settingProblems, '/settings/entryCondition')}
          idPrefix="entry-condition"
          label="Entry condition"
        />
      )}
      <div className="field">
        <label htmlFor="reentry-policy">Re-entry</label>
        <select id="reentry-policy" value={reentry.policy} onChange={(event) => {
          const policy = event.target.value as ReentryPolicy['policy'];
          dispatch(setJourneySetting, { key: 'reentry', value: policy === 'after-cooldown' ? { policy, cooldown: reentry.cooldown ?? 'P30D' } : { policy } });
        }}>
          {reentryOptions.map((option) => (
            <option key={option.policy} value={option.policy}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      {reentry.policy === 'after-cooldown' && (
        <DurationField id="reentry-cooldown" label="Cool-down" value={reentry.cooldown ?? 'P30D'} onChange={(cooldown) => dispatch(setJourneySetting, { key: 'reentry', value: { ...reentry, cooldown } }, { mergeKey: 'cooldown' })} problems={problemsAt('/settings/reentry')} />
      )}

      <h3>Exit when</h3>
      <FieldProblems messages={problemsAt('/settings/exitCriteria').filter(() => exits.length === 0)} />
      <ol className="exit-criteria">
        {exits.map((criterion, index) => (
          <li key={index} className="exit-criterion">
            <div className="row">
              <select aria-label={`Exit criterion ${index + 1}`} value={criterion.type} onChange={(event) => setExits(exits.map((c, i) => (i !== index ? c : event.target.value === 'event' ? { type: 'event', event: 'Unsubscribed' } : { type: 'segment-exited', segmentId: facts?.segments[0]?.id ?? '' })), `type-${index}`)}>
                <option value="event">an event happens</option>
                <option value="segment-exited">they leave a segment</option>
              </select>
              {criterion.type === 'event' ? (
                <input aria-label="Exit event name" value={criterion.event} onChange={(event) => setExits(exits.map((c, i) => (i === index ? { ...criterion, event: event.target.value } : c)), `event-${index}`)} />
              ) : (
                <select aria-label="Segment" value={criterion.segmentId} onChange={(event) => setExits(exits.map((c, i) => (i === index ? { ...criterion, segmentId: event.target.value } : c)), `segment-${index}`)}>
                  {!(facts?.segments ?? []).some((segment) => segment.id === criterion.segmentId) && <option value={criterion.segmentId}>{criterion.segmentId || 'Choose'}</option>}
                  {(facts?.segments ?? []).map((segment) => (
                    <option key={segment.id} value={segment.id}>
                      {segment.name}
                    </option>
                  ))}
                </select>
              )}
              <button type="button" className="small icon danger" aria-label={`Remove exit criterion ${index + 1}`} onClick={() => setExits(exits.filter((_, i) => i !== index), 'remove')}>
                ×
              </button>
            </div>
            <FieldProblems messages={problemsAt(`/settings/exitCriteria/${index}`)} />
          </li>
        ))}
      </ol>
      <button type="button" className="small" onClick={() => setExits([...exits, { type: 'event', event: 'Unsubscribed' }], 'add')}>
        + Exit criterion
      </button>

      <DeliverySettings problemsAt={problemsAt} />
    </section>
  );
}
