import { lazy, Suspense, useCallback, useMemo, useState, useEffect } from 'react';
import { describeApiError, WayfarerApi } from '../api/index';
import type { FactCatalogue } from '../../../schemas/types';
import { AppContext, type AppServices } from './app-context';
import { hrefOf, type Route } from './hash-route';
import { Overview } from './Overview';
import { useHashRoute } from './use-hash-route';

// Each section loads when first opened: signing in needs none of them, and the canvas (xyflow) and
// the engine's validation code are most of the bundle.
const SegmentList = lazy(() => import('../segments/SegmentList').then((module) => ({ default: module.SegmentList })));
const SegmentEditor = lazy(() => import('../segments/SegmentEditor').then((module) => ({ default: module.SegmentEditor })));
const JourneyList = lazy(() => import('../journeys/JourneyList').then((module) => ({ default: module.JourneyList })));
const JourneyEditor = lazy(() => import('../journeys/JourneyEditor').then((module) => ({ default: module.JourneyEditor })));
const TemplateList = lazy(() => import('../templates/TemplateList').then((module) => ({ default: module.TemplateList })));
const TemplateEditor = lazy(() => import('../templates/TemplateEditor').then((module) => ({ default: module.TemplateEditor })));
const CustomerLookup = lazy(() => import('../customers/CustomerLookup').then((module) => ({ default: module.CustomerLookup })));

const sections: Array<{ label: string; route: Route; pages: Route['page'][] }> = [
  { label: 'Overview', route: { page: 'overview' }, pages: ['overview'] },
  { label: 'Segments', route: { page: 'segments' }, pages: ['segments', 'segment'] },
  { label: 'Journeys', route: { page: 'journeys' }, pages: ['journeys', 'journey'] },
  { label: 'Templates', route: { page: 'templates' }, pages: ['templates', 'template'] },
  { label: 'Customers', route: { page: 'customers', userId: null }, pages: ['customers'] },
];

function renderPage(route: Route) {
  switch (route.page) {
    case 'overview':
      return <Overview />;
    case 'segments':
      return <SegmentList />;
    case 'segment':
      return <SegmentEditor key={route.id ?? 'new'} segmentId={route.id} />;
    case 'journeys':
      return <JourneyList />;
    case 'journey':
      return <JourneyEditor key={route.id} journeyId={route.id} />;
    case 'templates':
      return <TemplateList />;
    case 'template':
      return <TemplateEditor key={route.id ?? 'new'} templateId={route.id} />;
    case 'customers':
      return <CustomerLookup key={route.userId ?? ''} userId={route.userId} />;
  }
}

/** The signed-in editor: navigation, the workspace's fact catalogue, and the current page. */
export function AppShell({ adminKey, onSignOut }: { adminKey: string; onSignOut: () => void }) {
  const route = useHashRoute();
  const api = useMemo(() => new WayfarerApi(adminKey, onSignOut), [adminKey, onSignOut]);
  const [facts, setFacts] = useState<FactCatalogue | null>(null);
  const [factsError, setFactsError] = useState<string | null>(null);
  const [factsRound, setFactsRound] = useState(0);
  useEffect(() => {
    let current = true;
    api.readFacts().then(
      (catalogue) => {
        if (!current) return;
        setFacts(catalogue);
        setFactsError(null);
      },
      (error: unknown) => current && setFactsError(`The fact catalogue (GET /api/facts) did not load: ${describeApiError(error)}`),
    );
    return () => {
      current = false;
    };
  }, [api, factsRound]);
  const reloadFacts = useCallback(() => setFactsRound((n) => n + 1), []);
  const services: AppServices = useMemo(() => ({ api, facts, factsError, reloadFacts, signOut: onSignOut }), [api, facts, factsError, reloadFacts, onSignOut]);

  return (
    <AppContext.Provider value={services}>
      <div className={`shell ${route.page === 'journey' ? 'shell-wide' : ''}`}>
        <header className="top-bar">
          <a className="brand" href="#/">
            <span className="brand-mark" aria-hidden="true">◆</span> Wayfarer
          </a>
          <nav aria-label="Sections">
            {sections.map((section) => (
              <a key={section.label} href={hrefOf(section.route)} aria-current={section.pages.includes(route.page) ? 'page' : undefined}>
                {section.label}
              </a>
            ))}
          </nav>
          <button type="button" className="ghost" onClick={onSignOut}>
            Sign out
          </button>
        </header>
        {factsError && (
          <p className="banner warning" role="status">
            {factsError}
          </p>
        )}
        <main className="page">
          <Suspense fallback={<p className="page-loading">Loading…</p>}>{renderPage(route)}</Suspense>
        </main>
      </div>
    </AppContext.Provider>
  );
}
