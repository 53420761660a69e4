// The booking use cases: create, look up, cancel, reschedule. Each checks the asked time against
// the slot engine (the same one availability answers from) and then makes its change in one
// conditional transaction, so the engine decides what is offered and DynamoDB's conditions decide
// who gets it: two requests for one provider's time can both pass the engine, never both commit.
import { ulid } from 'ulid';
import { providerOffersType } from '../../core/config/clinic.ts';
import type { AppointmentType, ClinicConfig } from '../../core/config/schema.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { type Booking, type BookingActor, timesFor, withHistory } from '../../core/scheduling/booking.ts';
import type {
  CancelBookingInput,
  CreateBookingInput,
  RescheduleBookingInput,
} from '../../core/scheduling/booking-schemas.ts';
import { SlotUnavailableError, TooLateToChangeError } from '../../core/scheduling/errors.ts';
import { describeMinutes } from '../../core/scheduling/format.ts';
import { lockBlockMinutes } from '../../core/scheduling/locks.ts';
import { type BookingNotice, snapshotOf } from '../../core/scheduling/notice.ts';
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
import type { BusyBookingsLoader } from './find-availability.ts';
import type { BookingStore } from './ports.ts';

const MINUTE_MS = 60_000;
/** How many alternatives a 409 slot_unavailable offers (API.md). */
export const ALTERNATIVES = 3;
/** Re-reads of a booking that changed between our read and our write, before giving up. */
const MAX_STALE_READS = 3;

export interface BookingDeps {
  readonly config: ClinicConfig;
  readonly store: BookingStore;
  readonly loadBusy: BusyBookingsLoader;
  readonly newId?: () => string;
  readonly newToken?: () => string;
}

export interface RequestContext {
  readonly now: Date;
  /** The patient's manage link for a booking id and raw token. */
  readonly manageUrl: (id: string, token: string) => string;
}

export interface CreatedBookingResult {
  readonly booking: Booking;
  readonly manageToken: string;
  readonly manageUrl: string;
  /** False for a honeypot submission: the answer looks the same, nothing was booked. */
  readonly stored: boolean;
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
  /** Confirmed and outside minChangeNoticeMinutes: it may still be cancelled or moved online. */
  readonly changeable: boolean;
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

/** Whether the patient may still cancel or move the booking online (outside minChangeNoticeMinutes). */
export function changeableOnline(config: ClinicConfig, booking: Booking, now: Date): boolean {
  return booking.status === 'confirmed' && beforeCutOff(config, booking, now);
}

function beforeCutOff(config: ClinicConfig, booking: Booking, now: Date): boolean {
  return now.getTime() <= booking.start.getTime() - config.scheduling.minChangeNoticeMinutes * MINUTE_MS;
}

function assertChangeable(config: ClinicConfig, booking: Booking, now: Date): void {
  if (!beforeCutOff(config, booking, now)) {
    throw new TooLateToChangeError(
      `Bookings can be changed online until ${describeMinutes(config.scheduling.minChangeNoticeMinutes)} before the start; please call the clinic`,
    );
  }
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
  const booking = await deps.store.get(id);
  const matches = manageTokenMatches(booking?.tokenHash ?? NO_BOOKING_HASH, token ?? '');
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
  const choices =
    changeable && options.choices > 0
      ? await rescheduleChoices(deps, booking, options.now, options.choices)
      : [];
  return { booking, changeable, choices };
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

export async function createBooking(
  bookingDeps: BookingDeps,
  input: CreateBookingInput,
  context: RequestContext,
  authority: ChangeAuthority = PATIENT,
): Promise<CreatedBookingResult> {
  const deps = engineFor(bookingDeps, authority);
  const { config } = deps;
  const { now } = context;
  const type = appointmentType(config, input.type);
  assertKnownProvider(config, input.providerId);
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
  });

  if (input.honeypotFilled) {
    // A bot gets the answer a person would, so it learns nothing, but holds nobody's time.
    const providerId =
      input.providerId ?? config.scheduling.providers.find((p) => providerOffersType(p, type.id))?.id;
    return { booking: draft(providerId ?? ''), manageToken, manageUrl, stored: false };
  }

  const question: SlotQuestion = { typeId: type.id, providerId: input.providerId, now };
  const free = await freeProvidersAt(deps, type, start, question);
  for (const providerId of tryOrder(config, free)) {
    const booking = draft(providerId);
    const notice: BookingNotice = {
      event: 'confirmed',
      booking: snapshotOf(booking),
      manageUrl,
      ...noticeAuthority(authority),
    };
    const outcome = await deps.store.create(booking, notice, now, manageToken);
    if (outcome === 'written') return { booking, manageToken, manageUrl, stored: true };
    if (outcome !== 'slot-taken') throw new Error(`Unexpected outcome creating a booking: ${outcome}`);
    // Someone else claimed this provider's time since we looked: the next free provider may still be.
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
    if (!authority.ignoreCutOff) assertChangeable(deps.config, current, now);
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
      throw new TooLateToChangeError('This booking was cancelled; book a new appointment instead');
    }
    if (!authority.ignoreCutOff) assertChangeable(config, current, now);
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
