// The console's addresses: hash routes (`#/today`, `#/bookings/ID`, …) so that Back, reload and
// a pasted link work without the server knowing any of them. Parsing and building are pure.
import { isLocalDate, type LocalDate } from './format.ts';

export type LeadStatusFilter = 'new' | 'handled' | 'spam' | 'all';

export type Route =
  | { readonly view: 'day'; readonly date?: LocalDate; readonly provider?: string }
  | { readonly view: 'week'; readonly date?: LocalDate; readonly provider?: string }
  | { readonly view: 'booking'; readonly id: string }
  | { readonly view: 'book' }
  | { readonly view: 'blocks'; readonly date?: LocalDate }
  | { readonly view: 'leads'; readonly status: LeadStatusFilter; readonly q?: string }
  | { readonly view: 'lead'; readonly id: string }
  | { readonly view: 'export' }
  | { readonly view: 'audit'; readonly recordId?: string; readonly actor?: string }
  | { readonly view: 'notFound'; readonly hash: string };

const DEFAULT_ROUTE: Route = { view: 'day' };

const ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;
const STATUSES: readonly LeadStatusFilter[] = ['new', 'handled', 'spam', 'all'];

function optionalDate(value: string | null): LocalDate | undefined {
  return value && isLocalDate(value) ? value : undefined;
}

function optionalText(value: string | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, 200) : undefined;
}

/** The route a location hash names; an empty hash is today's agenda. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  if (raw === '' || raw === '/') return DEFAULT_ROUTE;
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const query = new URLSearchParams(queryPart);
  const segments = pathPart
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const [first, second, ...rest] = segments;
  const provider = optionalText(query.get('provider'));
  const withProvider = provider ? { provider } : {};
  if (rest.length > 0) return { view: 'notFound', hash };
  switch (first) {
    case 'today':
      if (second === undefined) return { view: 'day', ...withProvider };
      break;
    case 'day':
    case 'week': {
      const date = optionalDate(second ?? null);
      if (second !== undefined && !date) break;
      return { view: first, ...(date ? { date } : {}), ...withProvider };
    }
    case 'bookings':
      if (second === 'new') return { view: 'book' };
      if (second && ID_PATTERN.test(second)) return { view: 'booking', id: second };
      break;
    case 'blocks': {
      if (second !== undefined) break;
      const date = optionalDate(query.get('date'));
      return { view: 'blocks', ...(date ? { date } : {}) };
    }
    case 'leads': {
      if (second && ID_PATTERN.test(second)) return { view: 'lead', id: second };
      if (second !== undefined) break;
      const status = query.get('status') as LeadStatusFilter | null;
      const q = optionalText(query.get('q'));
      return {
        view: 'leads',
        status: status && STATUSES.includes(status) ? status : 'new',
        ...(q ? { q } : {}),
      };
    }
    case 'export':
      if (second === undefined) return { view: 'export' };
      break;
    case 'audit': {
      if (second !== undefined) break;
      const recordId = optionalText(query.get('recordId'));
      const actor = optionalText(query.get('actor'));
      return { view: 'audit', ...(recordId ? { recordId } : {}), ...(actor ? { actor } : {}) };
    }
  }
  return { view: 'notFound', hash };
}

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The hash of a route, ready for an `href`. */
export function routeHref(route: Route): string {
  switch (route.view) {
    case 'day':
      return `#${withQuery(route.date ? `/day/${route.date}` : '/today', { provider: route.provider })}`;
    case 'week':
      return `#${withQuery(route.date ? `/week/${route.date}` : '/week', { provider: route.provider })}`;
    case 'booking':
      return `#/bookings/${encodeURIComponent(route.id)}`;
    case 'book':
      return '#/bookings/new';
    case 'blocks':
      return `#${withQuery('/blocks', { date: route.date })}`;
    case 'leads':
      return `#${withQuery('/leads', { status: route.status === 'new' ? undefined : route.status, q: route.q })}`;
    case 'lead':
      return `#/leads/${encodeURIComponent(route.id)}`;
    case 'export':
      return '#/export';
    case 'audit':
      return `#${withQuery('/audit', { recordId: route.recordId, actor: route.actor })}`;
    case 'notFound':
      return route.hash.startsWith('#') ? route.hash : `#${route.hash}`;
  }
}

/** The top-level section a route belongs to, for the navigation's `aria-current`. */
export function sectionOf(route: Route): 'agenda' | 'book' | 'blocks' | 'leads' | 'export' | 'audit' | null {
  switch (route.view) {
    case 'day':
    case 'week':
    case 'booking':
      return 'agenda';
    case 'book':
      return 'book';
    case 'blocks':
      return 'blocks';
    case 'leads':
    case 'lead':
      return 'leads';
    case 'export':
      return 'export';
    case 'audit':
      return 'audit';
    default:
      return null;
  }
}
