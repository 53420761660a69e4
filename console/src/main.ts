// The staff console's entry: reads its config, signs in, then shows the view the address names.
import {
  type ApiClient,
  ApiProblem,
  type AppointmentType,
  type Availability,
  apiClient,
  type Me,
  type Provider,
} from './api.ts';
import { type ConsoleConfig, cognitoClient, type Tokens } from './cognito.ts';
import { h, replaceChildren } from './dom.ts';
import { parseRoute, type Route, routeHref, sectionOf } from './routes.ts';
import { createSession, type SignOutReason } from './session.ts';
import { problemNotice, successNotice, type ViewContext, viewHeading } from './ui.ts';
import { renderAgenda } from './views/agenda.ts';
import { renderAudit } from './views/audit.ts';
import { renderBlocks } from './views/blocks.ts';
import { renderBook } from './views/book.ts';
import { renderBooking } from './views/booking.ts';
import { renderExport } from './views/export.ts';
import { renderLead, renderLeads } from './views/leads.ts';
import { renderSignIn } from './views/signin.ts';

const root = document.getElementById('app') as HTMLElement;
const locale = navigator.language || 'en-US';

async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/staff/config.json', { cache: 'no-store', credentials: 'omit' });
  if (!response.ok) throw new Error(`The console's settings could not be read (${response.status}).`);
  return (await response.json()) as ConsoleConfig;
}

/** The clinic's zone: availability answers carry it; the browser's is the last resort. */
async function clinicTimeZone(api: ApiClient, types: readonly AppointmentType[]): Promise<string> {
  const first = types[0];
  if (first) {
    const day = new Date().toISOString().slice(0, 10);
    try {
      const answer = await api.get<Availability>('/v1/availability', { type: first.id, from: day, to: day });
      if (answer.timeZone) return answer.timeZone;
    } catch {
      // Falls through to the browser's zone, said on every view ("times in …").
    }
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function fatal(error: unknown) {
  replaceChildren(
    root,
    h(
      'main',
      { class: 'signin', id: 'main' },
      h('div', { class: 'signin-card' }, viewHeading('The console cannot start'), problemNotice(error)),
    ),
  );
  root.querySelector<HTMLElement>('h1')?.focus();
}

async function start() {
  const config = await loadConfig();
  const cognito = cognitoClient(config);
  let api: ApiClient;
  let signedOutTo: ((reason: SignOutReason) => void) | undefined;
  const session = createSession({
    cognito,
    onSignedOut: (reason) => signedOutTo?.(reason),
  });
  for (const event of ['keydown', 'pointerdown'] as const) {
    document.addEventListener(event, () => session.noteActivity(), { passive: true, capture: true });
  }

  const showSignIn = (reason?: SignOutReason) => {
    document.title = 'Sign in · Clinic front desk';
    renderSignIn(root, {
      cognito,
      onSignedIn: (tokens) => void signedIn(tokens),
      ...(reason ? { reason } : {}),
    });
  };
  signedOutTo = showSignIn;

  api = apiClient({
    accessToken: () => session.accessToken(),
    onUnauthorized: () => session.signOut('expired'),
    onForbidden: () => {},
  });

  async function signedIn(tokens: Tokens) {
    session.start(tokens);
    replaceChildren(
      root,
      h(
        'main',
        { class: 'signin', id: 'main' },
        h('p', { class: 'loading', role: 'status' }, 'Opening the front desk…'),
      ),
    );
    let me: Me;
    try {
      me = await api.get<Me>('/v1/staff/me');
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 401) return;
      replaceChildren(
        root,
        h(
          'main',
          { class: 'signin', id: 'main' },
          h(
            'div',
            { class: 'signin-card' },
            viewHeading(
              error instanceof ApiProblem && error.status === 403
                ? 'Your account has no access'
                : 'The console cannot open',
            ),
            problemNotice(error),
            h(
              'button',
              { type: 'button', class: 'button button-wide', on: { click: () => session.signOut('user') } },
              'Sign out',
            ),
          ),
        ),
      );
      root.querySelector<HTMLElement>('h1')?.focus();
      return;
    }
    let typesOnce: Promise<readonly AppointmentType[]> | undefined;
    const types = () => {
      typesOnce ??= api.get<{ types: AppointmentType[] }>('/v1/appointment-types').then((a) => a.types);
      typesOnce.catch(() => {
        typesOnce = undefined;
      });
      return typesOnce;
    };
    const seen = new Map<string, string>();
    let providersOnce: Promise<readonly Provider[] | undefined> | undefined;
    const listedProviders = () => {
      providersOnce ??= api
        .get<{ providers: Provider[] }>('/v1/providers')
        .then((a) => {
          for (const p of a.providers) seen.set(p.id, p.name);
          return a.providers;
        })
        .catch(() => undefined);
      return providersOnce;
    };
    let offeredOnce: Promise<ReadonlyMap<string, readonly string[]>> | undefined;
    /** Without GET /v1/providers: who offers which type, from two weeks of public availability. */
    const offeredByAvailability = () => {
      offeredOnce ??= types()
        .then((list) => {
          const from = new Date().toISOString().slice(0, 10);
          const to = new Date(Date.now() + 13 * 86_400_000).toISOString().slice(0, 10);
          return Promise.all(
            list.map((t) =>
              api
                .get<Availability>('/v1/availability', { type: t.id, from, to })
                .then((a) => ({ type: t.id, ids: new Set(a.slots.flatMap((slot) => slot.providers)) }))
                .catch(() => ({ type: t.id, ids: new Set<string>() })),
            ),
          );
        })
        .then((answers) => {
          const offered = new Map<string, string[]>();
          for (const { type, ids } of answers)
            for (const id of ids) offered.set(id, [...(offered.get(id) ?? []), type]);
          return offered;
        })
        .catch(() => new Map());
      return offeredOnce;
    };
    const timeZone = await clinicTimeZone(api, await types().catch(() => []));
    await listedProviders();
    const ctx: ViewContext = {
      api,
      me,
      isAdmin: me.groups.includes('admin'),
      timeZone,
      locale,
      types,
      async providers() {
        const listed = await listedProviders();
        if (listed) return listed;
        const offered = await offeredByAvailability();
        const ids = new Set([...offered.keys(), ...seen.keys()]);
        return [...ids]
          .map((id) => ({
            id,
            name: seen.get(id) ?? id,
            ...(offered.has(id) ? { appointmentTypes: offered.get(id) } : {}),
          }))
          .sort((a, b) => a.name.localeCompare(b.name));
      },
      noteProviders(items) {
        for (const item of items)
          if (item.providerId && !seen.has(item.providerId))
            seen.set(item.providerId, item.providerName ?? item.providerId);
      },
      providerName: (id) => (id ? (seen.get(id) ?? id) : 'Whole clinic'),
      navigate(route, options = {}) {
        const href = routeHref(route);
        if (options.replace) {
          history.replaceState(null, '', href);
          return;
        }
        pendingFlash = options.flash;
        if (location.hash === href) void show();
        else location.hash = href;
      },
      now: () => new Date(),
    };
    let pendingFlash: string | undefined;
    const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
    const navLinks: [ReturnType<typeof sectionOf>, string, Route][] = [
      ['agenda', 'Agenda', { view: 'day' }],
      ['book', 'Book', { view: 'book' }],
      ['blocks', 'Blocks', { view: 'blocks' }],
      ['leads', 'Leads', { view: 'leads', status: 'new' }],
      ['export', 'Export', { view: 'export' }],
      ...(ctx.isAdmin
        ? ([['audit', 'Audit', { view: 'audit' }]] as [ReturnType<typeof sectionOf>, string, Route][])
        : []),
    ];
    const links = navLinks.map(([section, label, route]) => ({
      section,
      link: h('a', { href: routeHref(route), class: 'nav-link' }, label),
    }));
    const skip = h('a', { href: '#main', class: 'skip-link' }, 'Skip to content');
    skip.addEventListener('click', (event) => {
      event.preventDefault();
      main.focus();
    });
    replaceChildren(
      root,
      skip,
      h(
        'header',
        { class: 'topbar' },
        h(
          'a',
          { class: 'brand', href: routeHref({ view: 'day' }) },
          h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
          'Front desk',
        ),
        h(
          'nav',
          { class: 'nav', 'aria-label': 'Main' },
          h(
            'ul',
            null,
            links.map((l) => h('li', null, l.link)),
          ),
        ),
        h(
          'div',
          { class: 'user' },
          h('span', { class: 'user-email' }, me.email),
          h(
            'button',
            { type: 'button', class: 'button button-quiet', on: { click: () => session.signOut('user') } },
            'Sign out',
          ),
        ),
      ),
      main,
    );

    const show = async () => {
      const route = parseRoute(location.hash);
      const section = sectionOf(route);
      for (const l of links) {
        if (l.section === section) l.link.setAttribute('aria-current', 'page');
        else l.link.removeAttribute('aria-current');
      }
      const flash = pendingFlash;
      pendingFlash = undefined;
      // Each view draws into its own element: a slow answer for a view already left lands nowhere.
      const view = h('div', { class: 'view' });
      main.replaceChildren(view);
      const rendering = renderRoute(view, ctx, route, flash);
      const heading = view.querySelector<HTMLElement>('h1');
      document.title = `${heading?.textContent ?? 'Front desk'} · Clinic front desk`;
      heading?.focus();
      await rendering;
      if (main.contains(view))
        document.title = `${view.querySelector('h1')?.textContent ?? 'Front desk'} · Clinic front desk`;
    };
    window.onhashchange = () => void show();
    signedOutTo = (reason) => {
      window.onhashchange = null;
      showSignIn(reason);
    };
    await show();
  }

  showSignIn();
}

function renderRoute(
  view: HTMLElement,
  ctx: ViewContext,
  route: Route,
  flash: string | undefined,
): Promise<void> {
  const withFlash = (work: Promise<void> | void) => {
    if (flash) view.prepend(successNotice(flash));
    return Promise.resolve(work);
  };
  switch (route.view) {
    case 'day':
    case 'week':
      return withFlash(renderAgenda(view, ctx, route.view, route.date, route.provider));
    case 'booking':
      return renderBooking(view, ctx, route.id, flash);
    case 'book':
      return withFlash(renderBook(view, ctx));
    case 'blocks':
      return withFlash(renderBlocks(view, ctx, route.date));
    case 'leads':
      return withFlash(renderLeads(view, ctx, route.status, route.q));
    case 'lead':
      return renderLead(view, ctx, route.id, flash);
    case 'export':
      return withFlash(renderExport(view, ctx));
    case 'audit':
      return withFlash(renderAudit(view, ctx, route.recordId, route.actor));
    case 'notFound':
      view.replaceChildren(
        viewHeading('Page not found'),
        h(
          'p',
          null,
          'This address names no page of the console. ',
          h('a', { href: routeHref({ view: 'day' }) }, 'Go to today’s agenda'),
        ),
      );
      return Promise.resolve();
  }
}

start().catch(fatal);
