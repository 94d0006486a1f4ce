/**
 * The editor's pages as URL hashes (`#/segments/vip`), so a page can be bookmarked and reloaded
 * while the server serves only `/` and its assets.
 */
export type Route =
  | { page: 'overview' }
  | { page: 'segments' }
  | { page: 'segment'; id: string | null }
  | { page: 'journeys' }
  | { page: 'journey'; id: string }
  | { page: 'templates' }
  | { page: 'template'; id: string | null }
  | { page: 'customers'; userId: string | null };

/** The page a hash names; anything unknown is the overview. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((part) => part !== '').map((part) => decodeURIComponent(part));
  const [page, id] = parts;
  if (page === 'segments') return id === undefined ? { page: 'segments' } : { page: 'segment', id: id === 'new' ? null : id };
  if (page === 'journeys') return id === undefined ? { page: 'journeys' } : { page: 'journey', id };
  if (page === 'templates') return id === undefined ? { page: 'templates' } : { page: 'template', id: id === 'new' ? null : id };
  if (page === 'customers') return { page: 'customers', userId: id ?? null };
  return { page: 'overview' };
}

/** The hash of a page. */
export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '#/';
    case 'segments':
      return '#/segments';
    case 'segment':
      return `#/segments/${route.id === null ? 'new' : encodeURIComponent(route.id)}`;
    case 'journeys':
      return '#/journeys';
    case 'journey':
      return `#/journeys/${encodeURIComponent(route.id)}`;
    case 'templates':
      return '#/templates';
    case 'template':
      return `#/templates/${route.id === null ? 'new' : encodeURIComponent(route.id)}`;
    case 'customers':
      return route.userId === null ? '#/customers' : `#/customers/${encodeURIComponent(route.userId)}`;
  }
}

/** Goes to a page (a new history entry, so Back works). */
export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}
