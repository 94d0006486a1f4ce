import { describe, expect, it } from 'vitest';
import { hrefOf, parseRoute, type Route } from '../../editor/src/app/hash-route';

describe('the editor\'s pages as URL hashes', () => {
  it('reads and writes every page, the template library included', () => {
    const routes: Route[] = [
      { page: 'overview' },
      { page: 'segments' },
      { page: 'segment', id: null },
      { page: 'segment', id: 'vip' },
      { page: 'journeys' },
      { page: 'journey', id: 'welcome' },
      { page: 'templates' },
      { page: 'template', id: null },
      { page: 'template', id: 'order-shipped' },
      { page: 'customers', userId: null },
      { page: 'customers', userId: 'ada@example.com' },
    ];
    for (const route of routes) expect(parseRoute(hrefOf(route))).toEqual(route);
    expect(hrefOf({ page: 'template', id: null })).toBe('#/templates/new');
    expect(parseRoute('#/templates/order-shipped')).toEqual({ page: 'template', id: 'order-shipped' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'overview' });
  });
});
