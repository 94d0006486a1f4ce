import type { Condition } from '../../../../engine/rules/index';
import { useApp } from '../../app/app-context';
import { ConditionBuilder } from '../../conditions/ConditionBuilder';
import { DurationField, TextField } from '../../forms/index';
import type { EntryTrigger } from '../../../../schemas/types';
import type { ParamsFormProps, StateOfKind } from './params-form-props';

const triggerTypes: Array<{ type: EntryTrigger['type']; label: string }> = [
  { type: 'event', label: 'An event happens' },
  { type: 'segment-entered', label: 'The customer enters a segment' },
  { type: 'segment-exited', label: 'The customer leaves a segment' },
  { type: 'schedule', label: 'A schedule, for a segment\'s members' },
  { type: 'api', label: 'A call to the API' },
];

function triggerOf(type: EntryTrigger['type'], previous: EntryTrigger, firstSegment: string): EntryTrigger {
  const segmentId = 'segmentId' in previous ? previous.segmentId : firstSegment;
  switch (type) {
    case 'event':
      return { type, event: previous.type === 'event' ? previous.event : 'Signed Up' };
    case 'segment-entered':
    case 'segment-exited':
      return { type, segmentId };
    case 'schedule':
      return { type, segmentId, cron: '0 9 * * 1' };
    case 'api':
      return { type };
  }
}

/** How customers enter: the trigger and its details. */
export function EntryParamsForm({ state, onParams, problemsAt, conditionProblems }: ParamsFormProps<StateOfKind<'entry'>>) {
  const { facts } = useApp();
  const trigger = state.params.trigger;
  const segments = facts?.segments ?? [];
  const setTrigger = (next: EntryTrigger, field: string) => onParams({ trigger: next }, field);
  return (
    <>
      <div className="field">
        <label htmlFor="entry-trigger">Customers enter when</label>
        <select id="entry-trigger" value={trigger.type} onChange={(event) => setTrigger(triggerOf(event.target.value as EntryTrigger['type'], trigger, segments[0]?.id ?? ''), 'type')}>
          {triggerTypes.map((option) => (
            <option key={option.type} value={option.type}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      {trigger.type === 'event' && (
        <>
          <TextField id="entry-event" label="Event name" value={trigger.event} onChange={(event) => setTrigger({ ...trigger, event }, 'event')} problems={problemsAt('/trigger/event')} help='As sent with track(), e.g. "Signed Up", "Order Completed".' />
          <div className="field">
            <label>
              <input
                type="checkbox"
                checked={trigger.condition !== undefined}
                onChange={(event) => {
                  const { condition: _old, ...rest } = trigger;
                  setTrigger(event.target.checked ? { ...rest, condition: { all: [{ fact: 'event.properties.total', operator: 'greaterThan', value: 0 }] } } : rest, 'condition');
                }}
              />{' '}
              Only when a condition holds
            </label>
          </div>
          {trigger.condition !== undefined && (
            <ConditionBuilder
              value={trigger.condition as Condition}
              onChange={(condition) => setTrigger({ ...trigger, condition }, 'condition')}
              catalogue={facts}
              scope="event"
              problems={conditionProblems('/trigger/condition')}
              idPrefix={`entry-${state.id}`}
              label="Entry condition"
            />
          )}
        </>
      )}
      {(trigger.type === 'segment-entered' || trigger.type === 'segment-exited' || trigger.type === 'schedule') && (
        <div className="field">
          <label htmlFor="entry-segment">Segment</label>
          <select id="entry-segment" value={trigger.segmentId} onChange={(event) => setTrigger({ ...trigger, segmentId: event.target.value }, 'segment')}>
            {!segments.some((segment) => segment.id === trigger.segmentId) && <option value={trigger.segmentId}>{trigger.segmentId || 'Choose a segment'}</option>}
            {segments.map((segment) => (
              <option key={segment.id} value={segment.id}>
                {segment.name} ({segment.id})
              </option>
            ))}
          </select>
        </div>
      )}
      {trigger.type === 'schedule' && (
        <>
          <TextField
            id="entry-cron"
            label="Cron (minute hour day month weekday)"
            value={trigger.cron ?? ''}
            onChange={(cron) => {
              const { cron: _cron, ...rest } = trigger;
              setTrigger(cron === '' ? rest : { ...rest, cron }, 'cron');
            }}
            problems={problemsAt('/trigger/cron')}
            help="0 9 * * 1 = Mondays at 09:00. Or leave empty and repeat every…"
          />
          {trigger.cron === undefined && (
            <DurationField id="entry-every" label="Every" value={trigger.every ?? 'P7D'} onChange={(every) => setTrigger({ ...trigger, every }, 'every')} problems={problemsAt('/trigger/every')} />
          )}
          <TextField id="entry-timezone" label="Time zone" value={trigger.timezone ?? ''} placeholder="the journey's" onChange={(timezone) => {
            const { timezone: _zone, ...rest } = trigger;
            setTrigger(timezone === '' ? rest : { ...rest, timezone }, 'timezone');
          }} problems={problemsAt('/trigger/timezone')} />
        </>
      )}
      {trigger.type === 'api' && <p className="help">POST /api/journeys/{'{id}'}/entries with a userId puts a customer here.</p>}
    </>
  );
}
