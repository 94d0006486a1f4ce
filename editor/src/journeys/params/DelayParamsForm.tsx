import { DurationField, TextField } from '../../forms/index';
import type { DelayParams } from '../../../../schemas/types';
import type { ParamsFormProps, StateOfKind } from './params-form-props';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function paramsOf(mode: DelayParams['mode']): DelayParams {
  if (mode === 'duration') return { mode, duration: 'P1D' };
  if (mode === 'until-time') return { mode, time: '09:00' };
  return { mode, attribute: 'birthday', recurrence: 'yearly', time: '09:00', onMissing: 'exit' };
}

/** How long customers rest: a duration, until a time of day, or until a date attribute (birthday, renewal). */
export function DelayParamsForm({ state, onParams, problemsAt }: ParamsFormProps<StateOfKind<'delay'>>) {
  const params = state.params;
  return (
    <>
      <div className="field">
        <label htmlFor="delay-mode">Wait</label>
        <select id="delay-mode" value={params.mode} onChange={(event) => onParams(paramsOf(event.target.value as DelayParams['mode']), 'mode')}>
          <option value="duration">for a time</option>
          <option value="until-time">until a time of day</option>
          <option value="until-date">until a date of the customer</option>
        </select>
      </div>
      {params.mode === 'duration' && (
        <DurationField id="delay-duration" label="For" value={params.duration} onChange={(duration) => onParams({ ...params, duration }, 'duration')} problems={problemsAt('/duration')} />
      )}
      {params.mode === 'until-time' && (
        <>
          <div className="field">
            <label htmlFor="delay-time">Time of day (customer's time zone)</label>
            <input id="delay-time" type="time" value={params.time ?? ''} onChange={(event) => onParams({ ...params, time: event.target.value }, 'time')} />
          </div>
          <fieldset className="field">
            <legend>On</legend>
            {weekdays.map((day) => (
              <label key={day} className="inline-check">
                <input
                  type="checkbox"
                  checked={params.weekdays?.includes(day) ?? false}
                  onChange={(event) => {
                    const chosen = new Set(params.weekdays ?? []);
                    if (event.target.checked) chosen.add(day);
                    else chosen.delete(day);
                    const { weekdays: _days, ...rest } = params;
                    onParams(chosen.size === 0 ? rest : { ...rest, weekdays: weekdays.filter((d) => chosen.has(d)) }, 'weekdays');
                  }}
                />
                {day}
              </label>
            ))}
            <p className="help">None ticked: any day.</p>
          </fieldset>
        </>
      )}
      {params.mode === 'until-date' && (
        <>
          <TextField id="delay-attribute" label="Date attribute" value={params.attribute} onChange={(attribute) => onParams({ ...params, attribute }, 'attribute')} problems={problemsAt('/attribute')} help="Under attributes: birthday, renewal_date, contract.renews_on." />
          <div className="field">
            <label htmlFor="delay-recurrence">Repeats</label>
            <select id="delay-recurrence" value={params.recurrence} onChange={(event) => onParams({ ...params, recurrence: event.target.value as 'yearly' | 'once' }, 'recurrence')}>
              <option value="yearly">every year (anniversary)</option>
              <option value="once">once (the date itself)</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="delay-offset">Days before (−) or after (+)</label>
            <input id="delay-offset" type="number" min={-366} max={366} value={params.offsetDays ?? 0} onChange={(event) => onParams({ ...params, offsetDays: Math.round(Number(event.target.value)) }, 'offset')} />
          </div>
          <div className="field">
            <label htmlFor="delay-date-time">At</label>
            <input id="delay-date-time" type="time" value={params.time ?? ''} onChange={(event) => onParams({ ...params, time: event.target.value }, 'time')} />
          </div>
          <div className="field">
            <label htmlFor="delay-missing">When the customer has no such date</label>
            <select id="delay-missing" value={params.onMissing ?? 'exit'} onChange={(event) => onParams({ ...params, onMissing: event.target.value as 'continue' | 'exit' }, 'missing')}>
              <option value="exit">leave the journey</option>
              <option value="continue">go on right away</option>
            </select>
          </div>
        </>
      )}
    </>
  );
}
