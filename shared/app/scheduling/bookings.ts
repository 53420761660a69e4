// The booking use cases: create, look up, cancel, reschedule. Each checks the asked time against
// the slot engine (the same one availability answers from) and then makes its change in one
// conditional transaction, so the engine decides what is offered and DynamoDB's conditions decide
// who gets it: two requests for one provider's time can both pass the engine, never both commit.

import { ulid } from 'ulid';
import { clinicPhoneDisplay } from '#clinic-phone';
import type { CaptchaVerdict } from '../../core/captcha/turnstile.ts';
import { providerOffersType } from '../../core/config/clinic.ts';
import type { AppointmentType, ClinicConfig } from '../../core/config/schema.ts';
import { NotFoundError, RateLimitedError, ValidationError } from '../../core/errors.ts';
import { type Booking, type BookingActor, timesFor, withHistory } from '../../core/scheduling/booking.ts';
import type {
  CancelBookingInput,
  CreateBookingInput,
  RescheduleBookingInput,
} from '../../core/scheduling/booking-schemas.ts';
import {
  type ChangeWindow,
  canCancelOnline,
  canMoveOnline,
  changeWindow,
} from '../../core/scheduling/change-window.ts';
import {
  BookingCancelledError,
  BookingLimitReachedError,
  SlotUnavailableError,
  TooLateToChangeError,
} from '../../core/scheduling/errors.ts';
import { describeMinutes } from '../../core/scheduling/format.ts';
import { lockBlockMinutes } from '../../core/scheduling/locks.ts';
import { type BookingNotice, snapshotOf } from '../../core/scheduling/notice.ts';
import { blindCountBound, type PatientBookings, upcomingBookingIds } from '../../core/scheduling/patients.ts';
import { planReminders } from '../../core/scheduling/reminders.ts';
import {
  type BusyBooking,
  bookingWindow,
  findAppointmentType,
  nearestSlots,
  providersFreeAt,
  type Slot,
  UnknownAppointmentTypeError,
} from '../../core/scheduling/slots.ts';
import { hashManageToken, manageTokenMatches, newManageToken } from '../../core/scheduling/tokens.ts';
import { type CaptchaVerifier, checkCaptcha } from '../captcha/check-captcha.ts';
import type { BusyBookingsLoader } from './find-availability.ts';
import type { AttemptLimiter, BookingStore, RepeatQuestion } from './ports.ts';

/** How many alternatives a 409 slot_unavailable offers (API.md). */
export const ALTERNATIVES = 3;
/** Re-reads of a booking that changed between our read and our write, before giving up. */
const MAX_STALE_READS = 3;
/** Re-reads of a patient's bookings (or of a double submit's first booking) before giving up. */
const MAX_PATIENT_READS = 5;

export interface BookingDeps {
  readonly config: ClinicConfig;
  readonly store: BookingStore;
  readonly loadBusy: BusyBookingsLoader;
  readonly newId?: () => string;
  readonly newToken?: () => string;
}

/** What a patient's booking from the website needs besides the engine: the abuse defences. */
export interface OnlineBookingDeps extends BookingDeps {
  /** The per-client-address allowance of booking attempts. */
  readonly attempts: AttemptLimiter;
  /** The CAPTCHA check, when the clinic guards bookings with one. */
  readonly captcha?: CaptchaVerifier | undefined;
}

export interface RequestContext {
  readonly now: Date;
  /** The patient's manage link for a booking id and raw token. */
  readonly manageUrl: (id: string, token: string) => string;
  /** The CAPTCHA's verdict on the form, kept on the booking. */
  readonly captcha?: CaptchaVerdict | undefined;
}

export interface CreatedBookingResult {
  readonly booking: Booking;
  readonly manageToken: string;
  readonly manageUrl: string;
  /** False for a honeypot submission: the answer looks the same, nothing was booked. */
  readonly stored: boolean;
  /**
   * The same patient asked for the same type and time again within minutes (a double click): the
   * first booking's answer, with nothing written and nothing emailed.
   */
  readonly repeat?: true;
}

/** The outcome of a cancel or a reschedule. */
export interface BookingChange {
  readonly booking: Booking;
  /** False when there was nothing to do (cancelled already, or moved to where it is): no write, no email. */
  readonly changed: boolean;
}

/** What the patient's manage page shows. */
export interface ManagedBooking {
  readonly booking: Booking;
  /** Confirmed and outside minChangeNoticeMinutes: it may still be moved (and cancelled) online. */
  readonly changeable: boolean;
  /** It may still be cancelled online: when changeable, or within the undo grace of booking it. */
  readonly cancellable: boolean;
  /** Until when it may be moved and cancelled online, as the emails state it. */
  readonly window: ChangeWindow;
  /** Open times of its type to move to, nearest first; empty when it cannot be changed. */
  readonly choices: readonly Slot[];
}

/**
 * Who makes a change and what that allows. The patient (no actor) holds the manage token and keeps
 * to the clinic's rules; a staff member is recorded in the booking's history and may act whatever
 * the change cut-off, book without the minimum notice, and leave the patient unemailed.
 */
export interface ChangeAuthority {
  /** The staff member acting; absent for the patient's own change. */
  readonly actor?: BookingActor;
  /** Change even within minChangeNoticeMinutes of the start. */
  readonly ignoreCutOff?: boolean;
  /** Offer starts from now rather than from now + minNoticeMinutes. */
  readonly ignoreNotice?: boolean;
  /** False: only the clinic's copy of the email goes. @default true */
  readonly notifyPatient?: boolean;
}

const PATIENT: ChangeAuthority = {};

/** The one answer to any id and token that do not name a booking together. */
export const BOOKING_NOT_FOUND = 'There is no booking with this id and token';

// ---- Helpers ----

function appointmentType(config: ClinicConfig, typeId: string): AppointmentType {
  const type = findAppointmentType(config, typeId);
  if (!type) throw new UnknownAppointmentTypeError();
  return type;
}

function assertKnownProvider(config: ClinicConfig, providerId: string | undefined): void {
  if (providerId !== undefined && !config.scheduling.providers.some((p) => p.id === providerId)) {
    throw new ValidationError([{ path: 'providerId', message: 'There is no provider with this id' }]);
  }
}

/** Leaves out the booking being moved: its own time must not stand in its way. */
function othersThan(booking: Booking | undefined, busy: BusyBooking[]): BusyBooking[] {
  if (!booking) return busy;
  return busy.filter(
    (b) =>
      !(
        b.providerId === booking.providerId &&
        b.start.getTime() === booking.start.getTime() &&
        b.end.getTime() === booking.end.getTime()
      ),
  );
}

interface SlotQuestion {
  readonly typeId: string;
  readonly providerId?: string | undefined;
  /** The booking being moved, whose own time is no obstacle. */
  readonly moving?: Booking | undefined;
  readonly now: Date;
}

/** The providers (config order) for whom `start` is an open slot of the type now. */
async function freeProvidersAt(
  deps: BookingDeps,
  type: AppointmentType,
  start: Date,
  question: SlotQuestion,
): Promise<string[]> {
  // The loader widens the range by the longest reach of any booking, so the slot's own time is
  // all it needs to be asked for.
  const busy = await deps.loadBusy(start, timesFor(type, start).end);
  return providersFreeAt({
    config: deps.config,
    typeId: question.typeId,
    start,
    providerId: question.providerId,
    bookings: othersThan(question.moving, busy),
    now: question.now,
  });
}

/** Up to `limit` open slots of the type nearest to `around`, anywhere in the booking window. */
async function openSlotsNear(
  deps: BookingDeps,
  around: Date,
  limit: number,
  question: SlotQuestion,
): Promise<Slot[]> {
  const { config } = deps;
  const window = bookingWindow(config, question.now);
  // Loaded fresh and over the whole window: the slots must be open now, wherever they fall.
  const busy = await deps.loadBusy(window.earliest, window.until);
  return nearestSlots({
    config,
    typeId: question.typeId,
    around,
    providerId: question.providerId,
    bookings: othersThan(question.moving, busy),
    now: question.now,
    limit,
  });
}

/** The 409 answer, with the open slots of the type nearest to the asked time. */
async function slotUnavailable(
  deps: BookingDeps,
  around: Date,
  question: SlotQuestion,
): Promise<SlotUnavailableError> {
  return new SlotUnavailableError(await openSlotsNear(deps, around, ALTERNATIVES, question));
}

/** Providers in the order to try them: config order, with `preferred` first when it is free. */
function tryOrder(config: ClinicConfig, free: readonly string[], preferred?: string): string[] {
  const position = (id: string) => config.scheduling.providers.findIndex((p) => p.id === id);
  const ordered = [...free].sort((a, b) => position(a) - position(b));
  if (preferred && ordered.includes(preferred))
    return [preferred, ...ordered.filter((id) => id !== preferred)];
  return ordered;
}

/** Whether the patient may still move the booking online (outside minChangeNoticeMinutes). */
export function changeableOnline(config: ClinicConfig, booking: Booking, now: Date): boolean {
  return canMoveOnline(config.scheduling, booking, now);
}

/**
 * Whether the patient may still cancel the booking online: as for a move, or within
 * scheduling.undoGraceMinutes of making it (a mistaken booking undone at once), before its start.
 */
export function cancellableOnline(config: ClinicConfig, booking: Booking, now: Date): boolean {
  return canCancelOnline(config.scheduling, booking, now);
}

function tooLate(config: ClinicConfig): TooLateToChangeError {
  return new TooLateToChangeError(
    `Bookings can be changed online until ${describeMinutes(config.scheduling.minChangeNoticeMinutes)} before the start; please call the clinic`,
  );
}

/** The dependencies with the minimum notice waived, when the authority may waive it. */
function engineFor(deps: BookingDeps, authority: ChangeAuthority): BookingDeps {
  if (!authority.ignoreNotice) return deps;
  const { config } = deps;
  return { ...deps, config: { ...config, scheduling: { ...config.scheduling, minNoticeMinutes: 0 } } };
}

/** What a notice carries of who acted and whom to tell. */
function noticeAuthority(authority: ChangeAuthority): Pick<BookingNotice, 'notifyPatient' | 'byStaff'> {
  return {
    ...(authority.notifyPatient === false ? { notifyPatient: false as const } : {}),
    ...(authority.actor ? { byStaff: authority.actor.email } : {}),
  };
}

const smsConsentOf = (booking: Booking) => (booking.smsConsent ? { smsConsent: true as const } : {});

const actorOf = (authority: ChangeAuthority) => (authority.actor ? { actor: authority.actor } : {});

// A hash nobody's token has: checked against when the id is unknown, so an unknown id costs the
// same work as a wrong token and neither answer is faster.
const NO_BOOKING_HASH = hashManageToken('no booking has this token');

/**
 * The patient's bookings (by email or phone) as the ledger holds them. For a patient's own booking
 * the cap applies: holding `activeBookingsPerPatient` upcoming ones is 409 booking_limit_reached.
 */
async function heldByPatient(
  deps: BookingDeps,
  patient: Booking['patient'],
  now: Date,
  capped: boolean,
): Promise<PatientBookings> {
  return checkCap(deps, await deps.store.patientBookings(patient), now, capped);
}

/** The cap, on the patient's bookings as read: 409 booking_limit_reached when they hold enough. */
function checkCap(deps: BookingDeps, held: PatientBookings, now: Date, capped: boolean): PatientBookings {
  const { config } = deps;
  const limit = config.scheduling.limits.activeBookingsPerPatient;
  if (capped && upcomingBookingIds(held, now).size >= limit) {
    const phone = clinicPhoneDisplay(config.clinic);
    throw new BookingLimitReachedError(limit, phone);
  }
  return held;
}

/** A settled read's value, or its failure thrown: reads made together, judged in a fixed order. */
function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

/** A double submit's first booking, answered again; or the stale marker to take over. */
type RepeatFinding =
  | { readonly kind: 'answer'; readonly result: CreatedBookingResult }
  | { readonly kind: 'none'; readonly replaces?: string };

const NO_REPEAT: RepeatFinding = { kind: 'none' };

/**
 * What to make of the booking a double-submit marker names. Still confirmed at the asked type and
 * time: its own answer again (the manage token is the one kept for its reminders' links). Since
 * cancelled or moved: nothing, and its marker may be taken over. Booked by this email with another
 * phone number: not handed over — whoever knows a patient's email and the time they just booked
 * must not get the key to their booking — but not booked twice either: 409, pointing to the email.
 */
async function answerRepeatOf(
  deps: BookingDeps,
  firstId: string,
  asked: RepeatQuestion & { readonly phone: string },
  context: RequestContext,
  question: SlotQuestion,
): Promise<RepeatFinding> {
  const first = await deps.store.get(firstId);
  const same =
    first?.status === 'confirmed' &&
    first.typeId === asked.typeId &&
    first.start.getTime() === asked.start.getTime();
  if (!first || !same) return { kind: 'none', replaces: firstId };
  if (first.patient.phone !== asked.phone) {
    const alternatives = await openSlotsNear(deps, asked.start, ALTERNATIVES, question);
    throw new SlotUnavailableError(
      alternatives,
      'This time was booked a few minutes ago with this email address; the confirmation was emailed there. To change that booking, use the link in the email',
    );
  }
  const manageToken = await deps.store.manageTokenOf(first.id);
  if (manageToken === undefined) throw new Error('A confirmed booking has no manage link item');
  return {
    kind: 'answer',
    result: {
      booking: first,
      manageToken,
      manageUrl: context.manageUrl(first.id, manageToken),
      stored: true,
      repeat: true,
    },
  };
}

async function findRepeat(
  deps: BookingDeps,
  asked: RepeatQuestion & { readonly phone: string },
  context: RequestContext,
  question: SlotQuestion,
): Promise<RepeatFinding> {
  const firstId = await deps.store.repeatOf(asked, context.now);
  return firstId === undefined ? NO_REPEAT : answerRepeatOf(deps, firstId, asked, context, question);
}

// ---- Use cases ----

/**
 * The booking with this id, when `token` is its manage token; any mismatch is the same 404. The
 * id's form (a ULID) is checked once, by the route's path schema, which answers this same 404.
 */
export async function findBooking(
  deps: BookingDeps,
  id: string,
  token: string | undefined,
): Promise<Booking> {
  // The same work whether the id exists or not: one hash, one read that the store answers alike
  // for an unknown id and a wrong token, one constant-time comparison (docs/reliability.md).
  const presented = token ?? '';
  const booking = await deps.store.getWithToken(id, hashManageToken(presented));
  const matches = manageTokenMatches(booking?.tokenHash ?? NO_BOOKING_HASH, presented);
  if (!booking || !matches || token === undefined) throw new NotFoundError(BOOKING_NOT_FOUND);
  return booking;
}

/**
 * The manage page's data: the booking, whether it may still be changed online and, when it may,
 * up to `choices` open times to move it to (0 asks for none, and reads no availability).
 */
export async function manageBooking(
  deps: BookingDeps,
  id: string,
  token: string | undefined,
  options: { readonly now: Date; readonly choices: number },
): Promise<ManagedBooking> {
  const booking = await findBooking(deps, id, token);
  const changeable = changeableOnline(deps.config, booking, options.now);
  const cancellable = cancellableOnline(deps.config, booking, options.now);
  const window = changeWindow(deps.config.scheduling, booking, options.now);
  const choices =
    changeable && options.choices > 0
      ? await rescheduleChoices(deps, booking, options.now, options.choices)
      : [];
  return { booking, changeable, cancellable, window, choices };
}

/**
 * Open slots of the booking's type nearest to its current start, for the manage page's "move"
 * form: the booking's own time is left out of the busy list (as a reschedule does) and out of
 * the answer (moving onto it changes nothing).
 */
export async function rescheduleChoices(
  deps: BookingDeps,
  booking: Booking,
  now: Date,
  limit: number,
): Promise<Slot[]> {
  if (!findAppointmentType(deps.config, booking.typeId)) return [];
  const near = await openSlotsNear(deps, booking.start, limit + 1, {
    typeId: booking.typeId,
    moving: booking,
    now,
  });
  return near.filter((slot) => new Date(slot.start).getTime() !== booking.start.getTime()).slice(0, limit);
}

/**
 * A patient's booking from the website (POST /v1/bookings): the client's hourly allowance of
 * attempts first (every attempt counts, whatever it comes to), then the CAPTCHA, then the booking.
 * Without a CAPTCHA, the booking's first write takes the attempt (createBooking's unread write; an
 * attempt that write does not take is counted apart). With one, the allowance is taken before
 * siteverify is asked, so a flood never reaches Cloudflare. An attempt refused reads and writes
 * nothing it keeps, and answers 429 whatever else it would have come to.
 * @throws RateLimitedError, CaptchaFailedError, and whatever createBooking throws.
 */
export async function bookOnline(
  deps: OnlineBookingDeps,
  input: CreateBookingInput,
  context: RequestContext,
  client: { readonly clientIp: string },
): Promise<CreatedBookingResult> {
  const limit = deps.config.scheduling.limits.perClientIpPerHour;
  const take = async (): Promise<Verdict> => {
    const attempt = await deps.attempts.take(client.clientIp, limit, context.now);
    if (!attempt.allowed) throw new RateLimitedError(attempt.retryAfterSeconds);
    return {};
  };
  if (deps.captcha === undefined) {
    return createBooking(deps, input, context, PATIENT, {
      allowance: { clientIp: client.clientIp, limit },
      take,
    });
  }
  const verdict = (async (): Promise<Verdict> => {
    await take();
    const captcha = await checkCaptcha(deps.captcha, input.captchaToken, client.clientIp);
    return captcha ? { captcha } : {};
  })();
  return createBooking(deps, input, context, PATIENT, { verdict });
}

/** What letting a request book adds to its context: the CAPTCHA's verdict, when there is one. */
type Verdict = Pick<RequestContext, 'captcha'>;

/**
 * How a request is let book: `verdict`, the defences' answer, already on its way; or the client's
 * attempt `allowance`, for the booking's first write to take, with `take` to count the attempt
 * apart (and answer 429 when it has no room) on every path where that write does not go in.
 */
export type Admission =
  | { readonly verdict: Promise<Verdict> }
  | {
      readonly allowance: { readonly clientIp: string; readonly limit: number };
      readonly take: () => Promise<Verdict>;
    };

const ADMITTED: Admission = { verdict: Promise.resolve({}) };

/** The admission's verdict, asked for once (a folded allowance is taken apart at most once). */
function verdictOf(admission: Admission): () => Promise<Verdict> {
  if ('verdict' in admission) return () => admission.verdict;
  let taken: Promise<Verdict> | undefined;
  return () => {
    taken ??= admission.take();
    return taken;
  };
}

/**
 * Books, as the patient (no actor) or as staff for a caller. The patient's own booking is capped
 * (scheduling.limits.activeBookingsPerPatient, by email or phone) and a repeat of it within minutes
 * answers with the first; staff are not limited, but their bookings count towards the patient's cap.
 */
export async function createBooking(
  bookingDeps: BookingDeps,
  input: CreateBookingInput,
  context: RequestContext,
  authority: ChangeAuthority = PATIENT,
  /** The defences (bookOnline): their verdict is had before anything is judged or kept. */
  admission: Admission = ADMITTED,
): Promise<CreatedBookingResult> {
  const deps = engineFor(bookingDeps, authority);
  const { config } = deps;
  const { now } = context;
  const admitted = verdictOf(admission);
  // The admission is awaited on every path before an answer, so a refusal is the answer (429
  // before an unknown type's 404, as when it came first) and is never left unhandled.
  let type: ReturnType<typeof appointmentType>;
  try {
    type = appointmentType(config, input.type);
    assertKnownProvider(config, input.providerId);
  } catch (error) {
    await admitted();
    throw error;
  }
  let captcha = context.captcha;
  const start = new Date(input.start);
  const id = (deps.newId ?? ulid)();
  const manageToken = (deps.newToken ?? newManageToken)();
  const manageUrl = context.manageUrl(id, manageToken);
  const draft = (providerId: string): Booking => ({
    id,
    status: 'confirmed',
    typeId: type.id,
    providerId,
    ...timesFor(type, start),
    lockBlockMinutes: lockBlockMinutes(config.scheduling),
    patient: { name: input.name, email: input.email, phone: input.phone },
    ...(input.reason === undefined ? {} : { reason: input.reason }),
    ...(input.notes === undefined ? {} : { notes: input.notes }),
    ...(input.smsConsent ? { smsConsent: true as const } : {}),
    attribution: input.attribution,
    tokenHash: hashManageToken(manageToken),
    sequence: 0,
    createdAt: now,
    updatedAt: now,
    history: [{ at: now, action: 'created', ...actorOf(authority) }],
    reminders: planReminders(
      config,
      type,
      { id, start, ...(input.smsConsent ? { smsConsent: true } : {}) },
      now,
    ),
    ...(captcha === undefined ? {} : { captcha }),
  });

  if (input.honeypotFilled) {
    captcha = (await admitted()).captcha ?? captcha;
    // A bot gets the answer a person would, so it learns nothing, but holds nobody's time.
    const providerId =
      input.providerId ?? config.scheduling.providers.find((p) => providerOffersType(p, type.id))?.id;
    return { booking: draft(providerId ?? ''), manageToken, manageUrl, stored: false };
  }

  const question: SlotQuestion = { typeId: type.id, providerId: input.providerId, now };
  const byPatient = authority.actor === undefined;
  const asked = { email: input.email, typeId: type.id, start, phone: input.phone };
  const patient = { name: input.name, email: input.email, phone: input.phone };
  const noticeOf = (booking: Booking): BookingNotice => ({
    event: 'confirmed',
    booking: snapshotOf(booking),
    manageUrl,
    ...noticeAuthority(authority),
  });

  // First, one write that reads nothing (docs/scheduling.md "One write"): the first clinician
  // the configuration offers at this time, claimed on condition that nobody holds the time, that
  // the patient's ledger counts few enough bookings to fit the cap, that no double submit's marker
  // stands and, when the admission left it to this write, that the client's allowance has room
  // for the attempt. Each condition is one the reads below would have judged; a write refused for
  // any but the allowance falls back to them, which answer as before.
  const taken = new Set<string>();
  /** The first booking the marker named when it refused the write (its item came back with it). */
  let markedBy: string | undefined;
  const [first] = tryOrder(config, providersFreeAt({ config, ...question, start, bookings: [] }));
  if (first !== undefined) {
    const allowance = 'allowance' in admission ? admission.allowance : undefined;
    if (allowance === undefined) captcha = (await admitted()).captcha ?? captcha;
    const booking = draft(first);
    const outcome = await deps.store.create(booking, noticeOf(booking), now, manageToken, {
      patientBookings: byPatient
        ? { atMost: blindCountBound(config.scheduling.limits.activeBookingsPerPatient) }
        : {},
      ...(byPatient ? { repeat: {} } : {}),
      ...(allowance ? { allowance } : {}),
    });
    if (outcome.outcome === 'written') return { booking, manageToken, manageUrl, stored: true };
    if (outcome.outcome === 'rate-limited') throw new RateLimitedError(outcome.retryAfterSeconds);
    if (outcome.outcome === 'slot-taken') taken.add(first);
    if (outcome.outcome === 'repeat') markedBy = outcome.bookingId;
  }

  // The reads are independent of each other and of the admission, so they go out together (one
  // round trip of latency instead of four) and are judged in the order that matters: the
  // admission first, then a repeat — the second click of a patient's third booking is its
  // confirmation, not a 409 — then the patient's cap, then the time.
  const [admissionRead, repeatRead, heldRead, freeRead] = await Promise.allSettled([
    admitted(),
    !byPatient
      ? Promise.resolve(NO_REPEAT)
      : markedBy === undefined
        ? findRepeat(deps, asked, context, question)
        : answerRepeatOf(deps, markedBy, asked, context, question),
    deps.store.patientBookings(patient),
    freeProvidersAt(deps, type, start, question),
  ]);
  captcha = settledValue(admissionRead).captcha ?? captcha;
  let repeat = settledValue(repeatRead);
  if (repeat.kind === 'answer') return repeat.result;
  let held = checkCap(deps, settledValue(heldRead), now, byPatient);
  // A clinician the first write found taken is not tried again, even if the busy read (a
  // secondary index, eventually consistent) does not show it yet.
  const order = tryOrder(config, settledValue(freeRead)).filter((id) => !taken.has(id));
  let rereads = 0;
  const reread = () => {
    rereads += 1;
    if (rereads > MAX_PATIENT_READS) throw new Error("The patient's bookings kept changing while booking");
  };
  for (let index = 0; index < order.length; ) {
    const booking = draft(order[index] as string);
    const replaces = repeat.kind === 'none' ? repeat.replaces : undefined;
    const outcome = await deps.store.create(booking, noticeOf(booking), now, manageToken, {
      patientBookings: held,
      ...(byPatient ? { repeat: replaces === undefined ? {} : { replaces } } : {}),
    });
    switch (outcome.outcome) {
      case 'written':
        return { booking, manageToken, manageUrl, stored: true };
      case 'slot-taken':
        // Someone else claimed this provider's time since we looked: the next free one may still be.
        index += 1;
        break;
      case 'patient-changed':
        // Another booking of this patient went in meanwhile: count again, then try again.
        reread();
        held = await heldByPatient(deps, patient, now, byPatient);
        break;
      case 'repeat':
        // The same patient's booking of this time went in a moment ago (the other click).
        repeat = await answerRepeatOf(deps, outcome.bookingId, asked, context, question);
        if (repeat.kind === 'answer') return repeat.result;
        reread();
        break;
      case 'rate-limited':
        // Not asked for here (the attempt was counted above), but the answer would be this.
        throw new RateLimitedError(outcome.retryAfterSeconds);
    }
  }
  // No time left: perhaps because this patient's other click has just taken it.
  if (byPatient) {
    const late = await findRepeat(deps, asked, context, question);
    if (late.kind === 'answer') return late.result;
  }
  throw await slotUnavailable(deps, start, question);
}

export async function cancelBooking(
  deps: BookingDeps,
  id: string,
  input: CancelBookingInput,
  context: Pick<RequestContext, 'now'>,
): Promise<BookingChange> {
  return cancelLoaded(deps, () => findBooking(deps, id, input.token), input, context, PATIENT);
}

/** A booking as `load` reads it (each read fresh), cancelled as `authority` may. */
export async function cancelLoaded(
  deps: BookingDeps,
  load: () => Promise<Booking>,
  input: { readonly reason?: string | undefined },
  context: Pick<RequestContext, 'now'>,
  authority: ChangeAuthority,
): Promise<BookingChange> {
  const { now } = context;
  for (let read = 0; read < MAX_STALE_READS; read++) {
    const current = await load();
    // Cancelling twice is the same answer and no second email.
    if (current.status === 'cancelled') return { booking: current, changed: false };
    if (!authority.ignoreCutOff && !cancellableOnline(deps.config, current, now)) throw tooLate(deps.config);
    const next: Booking = withHistory(
      {
        ...current,
        status: 'cancelled',
        sequence: current.sequence + 1,
        updatedAt: now,
        cancelledAt: now,
        ...(input.reason === undefined ? {} : { cancelReason: input.reason }),
        // Its transaction deletes every reminder still planned: a cancelled booking is never reminded.
        reminders: [],
      },
      { at: now, action: 'cancelled', ...actorOf(authority) },
    );
    const notice: BookingNotice = {
      event: 'cancelled',
      booking: snapshotOf(next),
      ...noticeAuthority(authority),
    };
    const outcome = await deps.store.cancel(current, next, notice, now);
    if (outcome === 'written') return { booking: next, changed: true };
    if (outcome !== 'booking-changed') throw new Error(`Unexpected outcome cancelling a booking: ${outcome}`);
  }
  throw new Error('The booking kept changing while it was being cancelled');
}

export async function rescheduleBooking(
  deps: BookingDeps,
  id: string,
  input: RescheduleBookingInput,
  context: RequestContext,
): Promise<BookingChange> {
  const manageUrl = context.manageUrl(id, input.token);
  return rescheduleLoaded(deps, () => findBooking(deps, id, input.token), input, context.now, {
    ...PATIENT,
    manageUrl,
  });
}

/**
 * A booking as `load` reads it (each read fresh), moved as `authority` may. `manageUrl` is the
 * patient's link for the email, when the caller holds the token (staff do not: the patient keeps
 * the link they have).
 */
export async function rescheduleLoaded(
  bookingDeps: BookingDeps,
  load: () => Promise<Booking>,
  input: { readonly start: string; readonly providerId?: string | undefined },
  now: Date,
  authority: ChangeAuthority & { readonly manageUrl?: string },
): Promise<BookingChange> {
  const deps = engineFor(bookingDeps, authority);
  const { config } = deps;
  const start = new Date(input.start);
  assertKnownProvider(config, input.providerId);
  for (let read = 0; read < MAX_STALE_READS; read++) {
    const current = await load();
    if (current.status === 'cancelled') {
      throw new BookingCancelledError('This booking was cancelled; book a new appointment instead');
    }
    if (!authority.ignoreCutOff && !changeableOnline(config, current, now)) throw tooLate(config);
    const type = findAppointmentType(config, current.typeId);
    if (!type) throw new SlotUnavailableError([]);
    const stays = input.providerId ?? current.providerId;
    if (start.getTime() === current.start.getTime() && stays === current.providerId) {
      return { booking: current, changed: false }; // Already there: nothing to move, nothing to email.
    }

    const question: SlotQuestion = { typeId: type.id, providerId: input.providerId, moving: current, now };
    const free = await freeProvidersAt(deps, type, start, question);
    let changed = false;
    for (const providerId of tryOrder(config, free, current.providerId)) {
      const next: Booking = withHistory(
        {
          ...current,
          providerId,
          ...timesFor(type, start),
          lockBlockMinutes: lockBlockMinutes(config.scheduling),
          sequence: current.sequence + 1,
          updatedAt: now,
          // Planned afresh for the new time; its transaction deletes the old time's.
          reminders: planReminders(config, type, { id: current.id, start, ...smsConsentOf(current) }, now),
        },
        {
          at: now,
          action: 'rescheduled',
          ...actorOf(authority),
          previousStart: current.start.toISOString(),
          previousProviderId: current.providerId,
        },
      );
      const notice: BookingNotice = {
        event: 'rescheduled',
        booking: snapshotOf(next),
        previous: {
          providerId: current.providerId,
          start: current.start.toISOString(),
          end: current.end.toISOString(),
        },
        ...(authority.manageUrl ? { manageUrl: authority.manageUrl } : {}),
        ...noticeAuthority(authority),
      };
      const outcome = await deps.store.reschedule(current, next, notice, now);
      if (outcome === 'written') return { booking: next, changed: true };
      if (outcome === 'booking-changed') {
        changed = true;
        break;
      }
    }
    if (!changed) {
      throw await slotUnavailable(deps, start, question);
    }
  }
  throw new Error('The booking kept changing while it was being rescheduled');
}

// ---- The patient's confirmation (the link in a reminder) ----

/** Whether the confirm page offers its button: confirmed, not confirmed yet, and not begun. */
export function confirmable(booking: Booking, now: Date): boolean {
  return (
    booking.status === 'confirmed' &&
    booking.confirmedAt === undefined &&
    now.getTime() < booking.start.getTime()
  );
}

/**
 * The patient says they will attend. Confirming again answers the booking as it stands (the first
 * `confirmedAt`, no write); a cancelled booking is 409 booking_cancelled, and once the appointment
 * has started there is nothing left to confirm (409 too_late_to_change). Not a change of time: the
 * change cut-off does not apply, no lock is touched, no email is sent, and the planned reminders
 * stay as they are. `sequence` moves on, as for attendance, so that a change racing this one is
 * refused at the table rather than written over.
 */
export async function confirmBooking(
  deps: BookingDeps,
  id: string,
  input: { readonly token: string },
  context: Pick<RequestContext, 'now'>,
): Promise<BookingChange> {
  const { now } = context;
  for (let read = 0; read < MAX_STALE_READS; read++) {
    const current = await findBooking(deps, id, input.token);
    if (current.status === 'cancelled') throw new BookingCancelledError();
    if (current.confirmedAt !== undefined) return { booking: current, changed: false };
    if (now.getTime() >= current.start.getTime()) {
      throw new TooLateToChangeError('This appointment has already started; there is nothing to confirm');
    }
    const next = withHistory(
      { ...current, confirmedAt: now, sequence: current.sequence + 1, updatedAt: now },
      { at: now, action: 'confirmed' },
    );
    const outcome = await deps.store.update(current, next);
    if (outcome === 'written') return { booking: next, changed: true };
    if (outcome !== 'booking-changed') throw new Error(`Unexpected outcome confirming a booking: ${outcome}`);
  }
  throw new Error('The booking kept changing while it was being confirmed');
}
