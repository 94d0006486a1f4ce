import { useMemo, useState, type FormEvent } from 'react';
import { checkCondition, type Condition } from '../../../engine/rules/index';
import { ApiError, describeApiError } from '../api/index';
import { useApp } from '../app/app-context';
import { hrefOf, navigate } from '../app/hash-route';
import { useRequest } from '../app/use-request';
import { groupConditionProblems, toEngineCatalogue } from '../condition-document/index';
import { ConditionBuilder } from '../conditions/ConditionBuilder';
import type { Problem, Segment } from '../../../schemas/types';
import { SegmentPreviewPanel } from './SegmentPreviewPanel';
import { SegmentVersions } from './SegmentVersions';
import { SizeHistoryChart } from './SizeHistoryChart';
import { useSegmentPreview } from './use-segment-preview';

interface SegmentDraft {
  id: string;
  name: string;
  description: string;
  conditions: Condition;
}

const starter: Condition = { all: [{ fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 1 }] };

/** A segment id made from its name: `VIP buyers (UK)` → `vip-buyers-uk`. */
function slugOf(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

function draftOf(segment: Segment): SegmentDraft {
  return { id: segment.id, name: segment.name, description: segment.description, conditions: segment.conditions as Condition };
}

/** Problems the server gave for a field of the body (`/name`, `/id`). */
function fieldProblems(problem: Problem | null, pointer: string): string[] {
  return problem?.details.filter((detail) => detail.pointer === pointer || detail.pointer?.startsWith(pointer + '/')).map((detail) => detail.message) ?? [];
}

/** The form of one segment, loaded once it is known (a new one starts with a simple rule). */
export function SegmentEditor({ segmentId }: { segmentId: string | null }) {
  const { api } = useApp();
  const loaded = useRequest(() => (segmentId === null ? Promise.resolve(null) : api.readSegment(segmentId)), segmentId ?? 'new');
  if (segmentId !== null && loaded.loading && !loaded.data) return <p className="muted">Loading…</p>;
  if (loaded.error) {
    return (
      <p className="error" role="alert">
        {loaded.error} <a href={hrefOf({ page: 'segments' })}>Back to segments</a>
      </p>
    );
  }
  return <SegmentForm segment={loaded.data} onSaved={loaded.reload} />;
}

function SegmentForm({ segment, onSaved }: { segment: Segment | null; onSaved(): void }) {
  const { api, facts, reloadFacts } = useApp();
  const isNew = segment === null;
  const [draft, setDraft] = useState<SegmentDraft>(() => (segment ? draftOf(segment) : { id: '', name: '', description: '', conditions: starter }));
  const [idEdited, setIdEdited] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveProblem, setSaveProblem] = useState<Problem | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);

  // The engine's own check, against the workspace catalogue: the server runs the same on save.
  const localCheck = useMemo(
    () => (facts ? checkCondition(draft.conditions, toEngineCatalogue(facts), { at: ['conditions'] }) : null),
    [draft.conditions, facts],
  );
  const preview = useSegmentPreview(api, draft.conditions, localCheck?.ok === true);
  const conditionProblems = useMemo(() => {
    const local = localCheck && !localCheck.ok ? localCheck.problem.details.map((detail) => ({ ...detail, code: detail.code ?? localCheck.problem.code })) : [];
    return groupConditionProblems([...local, ...(preview.problem?.details ?? []), ...(saveProblem?.details ?? [])], '/conditions');
  }, [localCheck, preview.problem, saveProblem]);
  const sizes = useRequest(() => (segment ? api.readSegmentSizes(segment.id) : Promise.resolve(null)), `${segment?.id}:${segment?.version}`);
  const dirty = segment && segment.status === 'active' ? JSON.stringify(draftOf(segment)) !== JSON.stringify(draft) : true;

  const change = (patch: Partial<SegmentDraft>) => {
    setDraft((previous) => ({ ...previous, ...patch }));
    setSaveProblem(null);
    setSaveError(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setSaveProblem(null);
    setSaveError(null);
    try {
      const body = { name: draft.name, description: draft.description, conditions: draft.conditions };
      // An archived segment comes back by being created again (its next version).
      const saved =
        isNew || segment.status === 'archived' ? await api.createSegment({ id: draft.id, ...body }) : await api.updateSegment(segment.id, { ...body, version: segment.version });
      setSavedVersion(saved.version);
      // The catalogue lists the workspace's segments (journey entries pick from it).
      reloadFacts();
      if (isNew) navigate({ page: 'segment', id: saved.id });
      else onSaved();
    } catch (error) {
      setSaveProblem(error instanceof ApiError ? error.problem : null);
      setSaveError(describeApiError(error));
    } finally {
      setSaving(false);
    }
  };

  const archive = async () => {
    if (!segment || !window.confirm(`Archive "${segment.name}"? Its members leave it and journeys triggered by it stop getting new customers.`)) return;
    try {
      await api.archiveSegment(segment.id);
      reloadFacts();
      navigate({ page: 'segments' });
    } catch (error) {
      setSaveProblem(error instanceof ApiError ? error.problem : null);
      setSaveError(describeApiError(error));
    }
  };

  const nameProblems = fieldProblems(saveProblem, '/name');
  const idProblems = fieldProblems(saveProblem, '/id');

  return (
    <div className="segment-editor">
      <form className="segment-form" onSubmit={save} aria-labelledby="segment-title">
        <div className="page-head">
          <h1 id="segment-title">{isNew ? 'New segment' : segment.name}</h1>
          {!isNew && <span className="pill">v{segment.version}</span>}
          {!isNew && segment.size !== undefined && <span className="pill">{segment.size.toLocaleString()} customers now</span>}
          {!isNew && segment.status === 'archived' && <span className="pill status-archived">archived: saving revives it</span>}
        </div>
        <div className="form-grid">
          <label htmlFor="segment-name">Name</label>
          <div>
            <input
              id="segment-name"
              value={draft.name}
              required
              maxLength={200}
              aria-invalid={nameProblems.length > 0}
              onChange={(event) => change({ name: event.target.value, ...(isNew && !idEdited ? { id: slugOf(event.target.value) } : {}) })}
            />
            {nameProblems.map((message) => (
              <p key={message} className="field-problem">
                {message}
              </p>
            ))}
          </div>
          <label htmlFor="segment-id">Id</label>
          <div>
            <input
              id="segment-id"
              value={draft.id}
              readOnly={!isNew}
              pattern="[a-z0-9][a-z0-9_\-]{0,63}"
              aria-describedby="segment-id-help"
              aria-invalid={idProblems.length > 0}
              onChange={(event) => {
                setIdEdited(true);
                change({ id: event.target.value });
              }}
            />
            <p id="segment-id-help" className="help">
              {isNew ? 'Lowercase letters, digits, - and _. Journeys refer to the segment by it; it never changes.' : 'Journeys refer to the segment by this id.'}
            </p>
            {idProblems.map((message) => (
              <p key={message} className="field-problem">
                {message}
              </p>
            ))}
          </div>
          <label htmlFor="segment-description">Description</label>
          <textarea id="segment-description" rows={2} maxLength={2000} value={draft.description} onChange={(event) => change({ description: event.target.value })} />
        </div>
        <h2>Rules</h2>
        <ConditionBuilder
          value={draft.conditions}
          onChange={(conditions) => change({ conditions })}
          catalogue={facts}
          scope="customer"
          problems={conditionProblems}
          idPrefix="segment"
          label="Segment rules"
        />
        {saveError && (
          <p className="error" role="alert">
            {saveError}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={saving || !dirty || (localCheck !== null && !localCheck.ok)}>
            {saving ? 'Saving…' : isNew ? 'Create segment' : 'Save as new version'}
          </button>
          {!dirty && savedVersion !== null && <span className="muted" role="status">Saved as version {savedVersion}.</span>}
          {localCheck !== null && !localCheck.ok && <span className="muted">Fix the marked rules to save.</span>}
          <a href={hrefOf({ page: 'segments' })}>Back to segments</a>
          <span className="spacer" />
          {!isNew && segment.status === 'active' && (
            <button type="button" className="danger" onClick={archive}>
              Archive segment
            </button>
          )}
        </div>
      </form>
      <aside className="segment-side">
        <SegmentPreviewPanel state={preview} blocked={localCheck !== null && !localCheck.ok} />
        {!isNew && (
          <section className="panel" aria-labelledby="sizes-title">
            <h2 id="sizes-title">Size over time</h2>
            {sizes.error ? <p className="error">{sizes.error}</p> : sizes.data ? <SizeHistoryChart points={sizes.data.points} /> : <p className="muted">Loading…</p>}
          </section>
        )}
        {!isNew && <SegmentVersions segmentId={segment.id} currentVersion={segment.version} />}
      </aside>
    </div>
  );
}
