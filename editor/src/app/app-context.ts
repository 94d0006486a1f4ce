import { createContext, useContext } from 'react';
import type { WayfarerApi } from '../api/index';
import type { FactCatalogue } from '../../../schemas/types';

/** What every page of a signed-in editor uses: the API, the workspace's fact catalogue, signing out. */
export interface AppServices {
  api: WayfarerApi;
  /** GET /api/facts, once loaded; null while loading or when it failed (`factsError`). */
  facts: FactCatalogue | null;
  factsError: string | null;
  reloadFacts(): void;
  signOut(): void;
}

export const AppContext = createContext<AppServices | null>(null);

/** The signed-in app's services; only pages under the signed-in shell call it. */
export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp() is used outside the signed-in app: render the page inside <AppShell>.');
  return services;
}
