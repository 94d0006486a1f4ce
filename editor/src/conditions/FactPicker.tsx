import { useMemo } from 'react';
import { describeFact, fillWildcards, groupFacts, isFactPattern, readWildcardParts } from '../condition-document/index';
import { useConditionEditor } from './condition-editor-context';

const customOption = '__custom__';

function labelOfPattern(path: string): string {
  return path.replace(/\*\*$/, '…').replace(/\*/g, '…');
}

/**
 * Picks a fact from the workspace catalogue, grouped by where it lives (attributes, traits, segments,
 * event). A pattern entry (`traits.event_counts.*`, `attributes.**`) asks for the part it leaves open.
 */
export function FactPicker({ id, value, invalid, onChange }: { id: string; value: string; invalid: boolean; onChange(path: string): void }) {
  const editor = useConditionEditor();
  const groups = useMemo(() => groupFacts(editor.catalogue.facts, editor.scope), [editor.catalogue, editor.scope]);
  const entry = describeFact(editor.catalogue, value);
  const selected = entry ? entry.path : customOption;
  const pattern = entry && isFactPattern(entry.path) ? entry.path : null;
  const parts = pattern ? readWildcardParts(pattern, value) : [];

  const pick = (path: string) => {
    if (path === customOption) onChange(value);
    else onChange(isFactPattern(path) ? fillWildcards(path, readWildcardParts(path, value).map(() => '')) : path);
  };

  return (
    <span className="fact-picker">
      <select id={id} aria-label="Fact" value={selected} aria-invalid={invalid} onChange={(event) => pick(event.target.value)}>
        {groups.map((group) => (
          <optgroup key={group.group} label={group.group}>
            {group.facts.map((fact) => (
              <option key={fact.path} value={fact.path} title={fact.description}>
                {isFactPattern(fact.path) ? labelOfPattern(fact.path) : fact.path} ({fact.type === 'array' && fact.items ? `list of ${fact.items}` : fact.type})
              </option>
            ))}
          </optgroup>
        ))}
        <option value={customOption}>{entry ? 'Another path…' : value || 'Another path…'}</option>
      </select>
      {pattern &&
        parts.map((part, i) => (
          <input
            key={i}
            className="wildcard-input"
            aria-label={pattern.split('.').filter((segment) => segment === '*' || segment === '**').length > 1 ? `Part ${i + 1} of the fact path` : 'Which one'}
            placeholder={pattern.startsWith('attributes') ? 'attribute name' : pattern.includes('event_counts') ? 'event name' : 'id'}
            value={part}
            aria-invalid={invalid}
            onChange={(event) => onChange(fillWildcards(pattern, parts.map((existing, j) => (j === i ? event.target.value : existing))))}
          />
        ))}
      {!entry && (
        <input className="wildcard-input" aria-label="Fact path" placeholder="traits.my_trait" value={value} aria-invalid onChange={(event) => onChange(event.target.value)} />
      )}
    </span>
  );
}
