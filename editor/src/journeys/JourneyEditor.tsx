import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { createTemplateLibrary } from '../../../engine/templates/index';
import { useApp } from '../app/app-context';
import { hrefOf } from '../app/hash-route';
import { useRequest } from '../app/use-request';
import { toEngineCatalogue } from '../condition-document/index';
import { checkJourneyDocument, createJourneyEditorStore, isDirty } from '../journey-document/index';
import type { JourneyVersionDocument } from '../api/index';
import type { JourneySimulation, JourneyVersionList } from '../../../schemas/types';
import { samplePreviewCustomer, type PreviewCustomer } from '../templates/TemplatePreview';
import { Inspector } from './Inspector';
import { JourneyCanvas } from './JourneyCanvas';
import { JourneyToolbar } from './JourneyToolbar';
import { JourneyViewContext, type JourneyView } from './journey-view-context';
import { ProblemPanel } from './ProblemPanel';
import { SimulationPanel } from './SimulationPanel';
import { StatePalette } from './StatePalette';
import { useDebouncedValue } from './use-debounced-value';
import { AnalyticsBar } from './AnalyticsBar';

export type Drawer = 'problems' | 'simulation' | null;

/** Opens the latest version of a journey on the canvas. */
export function JourneyEditor({ journeyId }: { journeyId: string }) {
  const { api } = useApp();
  const loaded = useRequest(async () => {
    const [latest, versions] = await Promise.all([api.readJourney(journeyId), api.listJourneyVersions(journeyId)]);
    return { latest, versions };
  }, journeyId);
  if (loaded.error) {
    return (
      <p className="error" role="alert">
        {loaded.error} <a href={hrefOf({ page: 'journeys' })}>Back to journeys</a>
      </p>
    );
  }
  if (!loaded.data) return <p className="page-loading">Loading the journey…</p>;
  return (
    <ReactFlowProvider>
      <JourneyWorkbench latest={loaded.data.latest} initialVersions={loaded.data.versions} />
    </ReactFlowProvider>
  );
}

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

function JourneyWorkbench({ latest, initialVersions }: { latest: JourneyVersionDocument; initialVersions: JourneyVersionList }) {
  const { api, facts } = useApp();
  const [store] = useState(() => createJourneyEditorStore(latest.journey));
  const [versions, setVersions] = useState(initialVersions);
  const [simulation, setSimulation] = useState<JourneySimulation | null>(null);
  const [sample, setSample] = useState<PreviewCustomer>(samplePreviewCustomer);
  const [drawer, setDrawer] = useState<Drawer>('problems');
  const doc = useStore(store, (state) => state.history.present);

  // The engine's validation, once typing pauses: the same code publishing runs on the server.
  const settled = useDebouncedValue(doc, 150);
  const catalogue = useMemo(() => (facts ? toEngineCatalogue(facts) : undefined), [facts]);
  const library = useRequest(() => api.listTemplates(), 'templates');
  const templates = useMemo(() => (library.data ? createTemplateLibrary(library.data.templates) : undefined), [library.data]);
  const problems = useMemo(() => checkJourneyDocument(settled, { catalogue, sampleCustomer: sample.customer, templates }), [settled, catalogue, sample.customer, templates]);

  const analytics = useRequest(
    () => (versions.liveVersion === null && !versions.versions.some((version) => version.status !== 'draft') ? Promise.resolve(null) : api.readJourneyAnalytics(latest.journey.id)),
    `${latest.journey.id}:${versions.liveVersion}:${versions.versions.length}`,
  );

  // Closing or reloading the tab with unsaved edits asks first.
  useEffect(
    () =>
      store.subscribe((state) => {
        window.onbeforeunload = isDirty(state) ? (event: BeforeUnloadEvent) => event.preventDefault() : null;
      }),
    [store],
  );
  useEffect(() => () => void (window.onbeforeunload = null), []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || isTyping(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) store.getState().undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') store.getState().redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  const view: JourneyView = useMemo(
    () => ({
      store,
      problems,
      simulation,
      setSimulation,
      analytics: analytics.data,
      previewCustomer: sample,
      setPreviewCustomer: setSample,
      library: library.data?.templates ?? null,
      libraryError: library.error,
      reloadLibrary: library.reload,
    }),
    [store, problems, simulation, analytics.data, sample, library.data, library.error, library.reload],
  );

  return (
    <JourneyViewContext.Provider value={view}>
      <div className="journey-editor">
        <JourneyToolbar
          versions={versions}
          onVersionsChanged={(next) => {
            setVersions(next);
            analytics.reload();
          }}
          drawer={drawer}
          onDrawer={setDrawer}
        />
        <AnalyticsBar />
        <div className="journey-body">
          <StatePalette />
          <JourneyCanvas />
          <Inspector />
        </div>
        {drawer === 'problems' && <ProblemPanel onClose={() => setDrawer(null)} />}
        {drawer === 'simulation' && <SimulationPanel onClose={() => setDrawer(null)} />}
      </div>
    </JourneyViewContext.Provider>
  );
}
