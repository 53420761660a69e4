// The staff API from the console: same origin, the access token as a Bearer, problem documents
// turned into ApiProblem (shown next to the form that caused them). 401 and 403 are handed to
// the shell, which signs out or says the account has no access.

/** One invalid field of a `validation_failed` problem. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** An RFC 9457 problem document from the API, or the gateway's own 401 body. */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly code: string | undefined,
    readonly errors: readonly FieldError[],
    /** The rest of the document (`bookings` of `conflicts_with_bookings`, `alternatives` of `slot_unavailable`). */
    readonly extra: Readonly<Record<string, unknown>>,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface ApiOptions {
  /** The API's origin; the console's own by default. */
  readonly baseUrl?: string;
  /** The current access token (refreshed by the session when due). */
  readonly accessToken: () => Promise<string | undefined>;
  readonly onUnauthorized: () => void;
  readonly onForbidden: () => void;
  readonly fetch?: FetchLike;
}

export type Query = Readonly<Record<string, string | number | undefined | null>>;

function pathWithQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function problemFrom(response: Response): Promise<ApiProblem> {
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // A body that is not JSON (a proxy's page) still has a status worth telling.
  }
  const { title, detail, code, errors, status: _status, type: _type, message, ...extra } = body;
  const fieldErrors = Array.isArray(errors)
    ? errors.filter(
        (e): e is FieldError =>
          typeof e === 'object' && e !== null && typeof (e as FieldError).message === 'string',
      )
    : [];
  return new ApiProblem(
    response.status,
    typeof title === 'string' ? title : typeof message === 'string' ? message : `Error ${response.status}`,
    typeof detail === 'string' ? detail : undefined,
    typeof code === 'string' ? code : undefined,
    fieldErrors,
    extra,
  );
}

export function apiClient(options: ApiOptions) {
  const send: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const base = options.baseUrl ?? '';

  async function request(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const token = await options.accessToken();
    if (!token) {
      options.onUnauthorized();
      throw new ApiProblem(401, 'Signed out', 'Sign in to continue.', 'unauthorized', [], {});
    }
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, ...init.headers };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await send(`${base}${path}`, {
        method,
        headers,
        body: init.body === undefined ? null : JSON.stringify(init.body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiProblem(
        0,
        'No connection',
        'The clinic’s server cannot be reached. Check the connection and try again.',
        undefined,
        [],
        {},
      );
    }
    if (response.ok) return response;
    const problem = await problemFrom(response);
    if (response.status === 401) options.onUnauthorized();
    if (response.status === 403) options.onForbidden();
    throw problem;
  }

  return {
    async get<T>(path: string, query?: Query): Promise<T> {
      const response = await request('GET', pathWithQuery(path, query));
      return (await response.json()) as T;
    },
    async post<T>(path: string, body: unknown, idempotencyKey?: string): Promise<T> {
      const response = await request('POST', path, {
        body,
        ...(idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey } } : {}),
      });
      return (await response.json()) as T;
    },
    async patch<T>(path: string, body: unknown): Promise<T> {
      const response = await request('PATCH', path, { body });
      return (await response.json()) as T;
    },
    async delete(path: string): Promise<void> {
      await request('DELETE', path);
    },
    /** A file the API answers (the CSV exports), with its suggested name. */
    async download(path: string, query?: Query): Promise<{ blob: Blob; filename: string | undefined }> {
      const response = await request('GET', pathWithQuery(path, query));
      const disposition = response.headers.get('Content-Disposition') ?? '';
      const filename = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
      return { blob: await response.blob(), filename: filename ? decodeURIComponent(filename) : undefined };
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

// The API's answers, as API.md's Staff section gives them; fields the console does not show are left out.
export interface Me {
  readonly sub: string;
  readonly email: string;
  readonly groups: readonly string[];
}

export interface AppointmentType {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly durationMinutes: number;
}

export interface Provider {
  readonly id: string;
  readonly name: string;
  readonly appointmentTypes?: readonly string[];
}

export interface Slot {
  readonly start: string;
  readonly end: string;
  readonly providers: readonly string[];
}

export interface Availability {
  readonly type: string;
  readonly timeZone: string;
  readonly from: string;
  readonly to: string;
  readonly slots: readonly Slot[];
  readonly nextAvailable?: Slot | null;
}

export interface HistoryEntry {
  readonly at: string;
  readonly action: string;
  readonly actor?: { readonly sub?: string; readonly email?: string } | string;
  readonly note?: string;
  readonly [key: string]: unknown;
}

export interface MessageState {
  readonly channel: 'email' | 'sms' | string;
  readonly kind: string;
  /** A booking's emails: to the patient or the clinic's copy. */
  readonly recipient?: 'patient' | 'staff';
  readonly status: string;
  readonly at: string;
}

export interface AgendaBooking {
  readonly id: string;
  readonly status: string;
  readonly type: string;
  readonly typeName?: string;
  readonly start: string;
  readonly end: string;
  readonly providerId: string;
  readonly providerName?: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly reason?: string;
  readonly notes?: string;
  readonly confirmedAt?: string;
  readonly attendance?: 'attended' | 'no_show';
  readonly timeZone?: string;
}

export interface BookingDetail extends AgendaBooking {
  /** The patient agreed to appointment reminders by text message. */
  readonly smsConsent?: boolean;
  readonly history?: readonly HistoryEntry[];
  readonly messages?: readonly MessageState[];
  readonly cancelReason?: string;
  readonly createdAt?: string;
}

export interface Block {
  readonly id: string;
  readonly providerId: string | null;
  readonly start: string;
  readonly end: string;
  readonly reason?: string;
  readonly createdBy?: string | { readonly email?: string };
  readonly createdAt?: string;
}

export interface LeadSummary {
  readonly id: string;
  readonly receivedAt: string;
  readonly status: 'new' | 'handled' | 'spam';
  readonly name: string;
  readonly email: string;
  readonly phone?: string;
  readonly topic?: string;
  readonly preferredContact?: string;
  readonly captcha?: unknown;
}

export interface LeadDetail extends LeadSummary {
  readonly message?: string;
  readonly custom?: Readonly<Record<string, string>>;
  readonly customFields?: Readonly<Record<string, string>>;
  readonly attribution?: Readonly<Record<string, unknown>>;
  readonly notes?: readonly {
    readonly at: string;
    readonly text?: string;
    readonly note?: string;
    readonly actor?: HistoryEntry['actor'];
  }[];
  readonly history?: readonly HistoryEntry[];
  readonly messages?: readonly MessageState[];
}

export interface AuditEntry {
  readonly at: string;
  readonly actor: { readonly sub?: string; readonly email?: string };
  readonly action: string;
  readonly recordId?: string;
  readonly ip?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string | null;
}
