import { useState } from 'react';
import { ApiError, describeApiError } from '../api/index';
import { useApp } from '../app/app-context';
import { hrefOf } from '../app/hash-route';
import { canRedo, canUndo, isDirty } from '../journey-document/index';
import type { Journey, JourneyVersionList } from '../../../schemas/types';
import type { Drawer } from './JourneyEditor';
import { useJourneyEditor, useJourneyView } from './journey-view-context';

interface ToolbarProps {
  versions: JourneyVersionList;
  onVersionsChanged(versions: JourneyVersionList): void;
  drawer: Drawer;
  onDrawer(drawer: Drawer): void;
}

const statusText = { draft: 'draft', published: 'published', archived: 'archived' } as const;

/** Undo/redo, the journey's version and state, and save draft / simulate / publish / archive. */
export function JourneyToolbar({ versions, onVersionsChanged, drawer, onDrawer }: ToolbarProps) {
  const { api } = useApp();
  const view = useJourneyView();
  const { store, problems } = view;
  const doc = useJourneyEditor((state) => state.history.present);
  const saved = useJourneyEditor((state) => state.saved);
  const dirty = useJourneyEditor(isDirty);
  const undoable = useJourneyEditor((state) => canUndo(state.history));
  const redoable = useJourneyEditor((state) => canRedo(state.history));
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const latestVersion = Math.max(...versions.versions.map((version) => version.version), saved.version);
  // A published or archived version never changes: edits to it are saved as the next draft.
  const editsNewVersion = saved.status !== 'draft' || saved.version !== latestVersion;

  const run = async (label: string, action: () => Promise<string>) => {
    setBusy(label);
    setMessage(null);
    try {
      setMessage({ kind: 'ok', text: await action() });
    } catch (error) {
      if (error instanceof ApiError && error.problem?.code === 'INVALID_DEFINITION') onDrawer('problems');
      setMessage({ kind: 'error', text: describeApiError(error) });
    } finally {
      setBusy(null);
    }
  };

  const saveDraft = async (): Promise<Journey> => {
    const sent = store.getState().history.present;
    const version = editsNewVersion ? latestVersion + 1 : saved.version;
    const answer = await api.saveJourneyDraft({ ...sent, version, status: 'draft' });
    store.getState().markSaved(sent, answer.journey);
    onVersionsChanged(await api.listJourneyVersions(doc.id));
    return answer.journey;
  };

  const publish = async (): Promise<string> => {
    const target = dirty || saved.status !== 'draft' ? await saveDraft() : saved;
    const answer = await api.publishJourney(doc.id, target.version);
    store.getState().markSaved(target, answer.journey);
    onVersionsChanged(await api.listJourneyVersions(doc.id));
    return `Version ${answer.journey.version} is live: new customers enter it.`;
  };

  const archive = async (): Promise<string> => {
    if (!window.confirm(`Archive "${doc.name}"? Nobody new enters it; customers in it now finish their way.`)) return 'Not archived.';
    const list = await api.archiveJourney(doc.id);
    const latest = await api.readJourney(doc.id);
    // Unsaved edits stay; the version shown becomes the archived one.
    store.getState().markSaved(store.getState().saved, latest.journey);
    onVersionsChanged(list);
    return 'Archived.';
  };

  const errorCount = problems.problems.length;
  const canPublish = !busy && problems.valid && (dirty || saved.status === 'draft');

  return (
    <div className="journey-toolbar" role="toolbar" aria-label="Journey">
      <a href={hrefOf({ page: 'journeys' })} className="back" aria-label="Back to journeys">
        ←
      </a>
      <div className="journey-title">
        <h1>{doc.name}</h1>
        <span className="muted small">
          {doc.id} · v{saved.version} <span className={`pill status-${saved.status}`}>{statusText[saved.status]}</span>
          {versions.liveVersion !== null && versions.liveVersion !== saved.version && <span className="pill status-published">v{versions.liveVersion} live</span>}
          {dirty && <span className="pill unsaved">unsaved{editsNewVersion ? ` → v${latestVersion + 1}` : ''}</span>}
        </span>
      </div>
      <div className="toolbar-group">
        <button type="button" onClick={() => store.getState().undo()} disabled={!undoable} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" onClick={() => store.getState().redo()} disabled={!redoable} title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
      </div>
      <button
        type="button"
        className={`problems-toggle ${errorCount > 0 ? 'has-problems' : 'no-problems'}`}
        aria-pressed={drawer === 'problems'}
        onClick={() => onDrawer(drawer === 'problems' ? null : 'problems')}
        data-testid="problem-count"
      >
        {errorCount > 0 ? `${errorCount} problem${errorCount === 1 ? '' : 's'}` : problems.warnings.length > 0 ? `Valid · ${problems.warnings.length} warning${problems.warnings.length === 1 ? '' : 's'}` : 'Valid'}
      </button>
      <span className="spacer" />
      {message && (
        <span className={message.kind === 'error' ? 'toolbar-message error' : 'toolbar-message ok'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </span>
      )}
      <button type="button" onClick={() => run('save', async () => `Saved draft v${(await saveDraft()).version}.`)} disabled={!!busy || !dirty}>
        {busy === 'save' ? 'Saving…' : 'Save draft'}
      </button>
      <button type="button" aria-pressed={drawer === 'simulation'} onClick={() => onDrawer(drawer === 'simulation' ? null : 'simulation')}>
        Simulate
      </button>
      <button type="button" className="primary" onClick={() => run('publish', publish)} disabled={!canPublish} title={problems.valid ? 'Publish this version' : 'Fix the problems first'}>
        {busy === 'publish' ? 'Publishing…' : 'Publish'}
      </button>
      <button type="button" className="danger" onClick={() => run('archive', archive)} disabled={!!busy || versions.liveVersion === null}>
        Archive
      </button>
    </div>
  );
}
