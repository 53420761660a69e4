// The console's hash routes: what each address opens, and back again.
import { describe, expect, it } from 'vitest';
import { parseRoute, type Route, routeHref, sectionOf } from '../../../console/src/routes.ts';

describe('console routes', () => {
  it('opens today’s agenda for an empty hash and #/today', () => {
    expect(parseRoute('')).toEqual({ view: 'day' });
    expect(parseRoute('#/')).toEqual({ view: 'day' });
    expect(parseRoute('#/today')).toEqual({ view: 'day' });
  });

  it.each<[string, Route]>([
    ['#/day/2026-12-01', { view: 'day', date: '2026-12-01' }],
    ['#/today?provider=dr-lee', { view: 'day', provider: 'dr-lee' }],
    ['#/week/2026-12-01?provider=dr-lee', { view: 'week', date: '2026-12-01', provider: 'dr-lee' }],
    ['#/week', { view: 'week' }],
    ['#/bookings/01JABCDEF', { view: 'booking', id: '01JABCDEF' }],
    ['#/bookings/new', { view: 'book' }],
    ['#/blocks?date=2026-12-03', { view: 'blocks', date: '2026-12-03' }],
    ['#/leads', { view: 'leads', status: 'new' }],
    ['#/leads?status=all&q=maria', { view: 'leads', status: 'all', q: 'maria' }],
    ['#/leads/01JLEAD', { view: 'lead', id: '01JLEAD' }],
    ['#/export', { view: 'export' }],
    ['#/audit?recordId=01JREC', { view: 'audit', recordId: '01JREC' }],
  ])('%s opens %j and is built back the same', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
    expect(parseRoute(routeHref(route))).toEqual(route);
  });

  it.each(['#/day/2026-02-30', '#/bookings/a b', '#/nowhere', '#/leads/x/y', '#/export/more'])(
    'names no page for %s',
    (hash) => {
      expect(parseRoute(hash).view).toBe('notFound');
    },
  );

  it('ignores a status filter it does not know', () => {
    expect(parseRoute('#/leads?status=deleted')).toEqual({ view: 'leads', status: 'new' });
  });

  it('puts a booking’s page under the agenda and a lead’s under the leads', () => {
    expect(sectionOf({ view: 'booking', id: 'x' })).toBe('agenda');
    expect(sectionOf({ view: 'lead', id: 'x' })).toBe('leads');
    expect(sectionOf({ view: 'notFound', hash: '#/x' })).toBeNull();
  });
});
