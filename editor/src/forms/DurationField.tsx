import { useState } from 'react';
import { FieldProblems } from './FieldProblems';

const units = [
  { unit: 'M', time: true, label: 'minutes' },
  { unit: 'H', time: true, label: 'hours' },
  { unit: 'D', time: false, label: 'days' },
  { unit: 'W', time: false, label: 'weeks' },
  { unit: 'M', time: false, label: 'months' },
  { unit: 'Y', time: false, label: 'years' },
] as const;

/** `P3D` → 3 days; null for durations with more than one part (edited as text). */
function readDuration(value: string): { amount: number; index: number } | null {
  const match = /^P(?:(\d+)([YMWD])|T(\d+)([HM]))$/.exec(value);
  if (!match) return null;
  const time = match[3] !== undefined;
  const unit = time ? match[4] : match[2];
  const index = units.findIndex((candidate) => candidate.unit === unit && candidate.time === time);
  return index === -1 ? null : { amount: Number(time ? match[3] : match[1]), index };
}

function writeDuration(amount: number, index: number): string {
  const { unit, time } = units[index];
  return time ? `PT${amount}${unit}` : `P${amount}${unit}`;
}

interface DurationFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  problems?: readonly string[];
  help?: string;
}

/** An ISO-8601 duration as an amount and a unit (calendar units follow the customer's time zone). */
export function DurationField({ id, label, value, onChange, problems = [], help }: DurationFieldProps) {
  const parsed = readDuration(value);
  const [asText, setAsText] = useState(parsed === null);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {parsed && !asText ? (
        <span className="duration-field">
          <input
            id={id}
            type="number"
            min={0}
            step={1}
            value={parsed.amount}
            aria-invalid={problems.length > 0}
            onChange={(event) => event.target.value !== '' && onChange(writeDuration(Math.max(0, Math.round(Number(event.target.value))), parsed.index))}
          />
          <select aria-label={`${label}: unit`} value={parsed.index} onChange={(event) => onChange(writeDuration(parsed.amount, Number(event.target.value)))}>
            {units.map((unit, index) => (
              <option key={unit.label} value={index}>
                {unit.label}
              </option>
            ))}
          </select>
          <button type="button" className="small link" onClick={() => setAsText(true)}>
            as text
          </button>
        </span>
      ) : (
        <span className="duration-field">
          <input id={id} value={value} placeholder="P3D, PT12H, P1M" aria-invalid={problems.length > 0} onChange={(event) => onChange(event.target.value.toUpperCase())} />
          {readDuration(value) && (
            <button type="button" className="small link" onClick={() => setAsText(false)}>
              simple
            </button>
          )}
        </span>
      )}
      {help && <p className="help">{help}</p>}
      <FieldProblems messages={problems} />
    </div>
  );
}
