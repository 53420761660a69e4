// The pure parts of blocks: their day segments, lock keys and chunks, the busy time the engine
// gets from them, and the input rules of POST /v1/staff/blocks.
import { describe, expect, it } from 'vitest';
import { busyBookingsQuery } from '../../../shared/adapters/dynamodb/busy.ts';
import { parseInput } from '../../../shared/adapters/http/validation.ts';
import { createBlockBody } from '../../../shared/core/scheduling/block-schemas.ts';
import {
  type Block,
  blockItems,
  blockLockPks,
  blockSegments,
  fromBlockItem,
  lockChunks,
  lockExpiresAt,
  meetsBlock,
  segmentBusy,
} from '../../../shared/core/scheduling/blocks.ts';
import { lockBlockMinutes, lockPk, MAX_TRANSACTION_ITEMS } from '../../../shared/core/scheduling/locks.ts';
import { listSlots } from '../../../shared/core/scheduling/slots.ts';
import { exampleClinic } from '../scheduling/slots-fixtures.ts';

const config = exampleClinic();
const grid = lockBlockMinutes(config.scheduling);

function block(overrides: Partial<Block> = {}): Block {
  return {
    id: '01JBLOCK0000000000000000AA',
    providerId: 'dr-lee',
    start: new Date('2026-12-01T18:00:00Z'),
    end: new Date('2026-12-01T20:00:00Z'),
    reason: 'Dr Lee — surgery',
    createdBy: { sub: 'sub-1', email: 'desk@clinic.example' },
    createdAt: new Date('2026-11-20T10:00:00Z'),
    lockedProviderIds: ['dr-lee'],
    lockBlockMinutes: grid,
    ...overrides,
  };
}

describe('blockSegments', () => {
  it('cuts a block at each UTC midnight, so no segment is longer than a day or crosses a month', () => {
    expect(blockSegments(new Date('2026-11-30T20:00:00Z'), new Date('2026-12-02T03:00:00Z'))).toEqual([
      { start: new Date('2026-11-30T20:00:00Z'), end: new Date('2026-12-01T00:00:00Z') },
      { start: new Date('2026-12-01T00:00:00Z'), end: new Date('2026-12-02T00:00:00Z') },
      { start: new Date('2026-12-02T00:00:00Z'), end: new Date('2026-12-02T03:00:00Z') },
    ]);
  });

  it('keeps a block inside one UTC day whole', () => {
    const start = new Date('2026-12-01T13:00:00Z');
    const end = new Date('2026-12-01T15:30:00Z');
    expect(blockSegments(start, end)).toEqual([{ start, end }]);
  });
});

describe('block items', () => {
  it('are a record and one segment per UTC day, each segment in its own month partition of gsi1', () => {
    const items = blockItems(
      block({ start: new Date('2026-11-30T22:00:00Z'), end: new Date('2026-12-01T02:00:00Z') }),
      30,
    );
    expect(items.map((i) => [i.sk, i.gsi1pk, i.gsi1sk])).toEqual([
      ['BLOCK', undefined, undefined],
      [
        'SEGMENT#2026-11-30T22:00:00.000Z',
        'BOOKINGS#2026-11',
        '2026-11-30T22:00:00.000Z#01JBLOCK0000000000000000AA',
      ],
      [
        'SEGMENT#2026-12-01T00:00:00.000Z',
        'BOOKINGS#2026-12',
        '2026-12-01T00:00:00.000Z#01JBLOCK0000000000000000AA',
      ],
    ]);
    expect(items.every((i) => i.kind === 'block' && i.pk === 'BLOCK#01JBLOCK0000000000000000AA')).toBe(true);
  });

  it('read back as the block they were made from', () => {
    const original = block();
    expect(fromBlockItem(blockItems(original, 30)[0] as Record<string, unknown>)).toEqual(original);
    const clinicWide = block({
      providerId: undefined,
      reason: undefined,
      lockedProviderIds: ['dr-lee', 'dr-shah'],
    });
    const { providerId: _none, reason: _noReason, ...expected } = clinicWide;
    expect(fromBlockItem(blockItems(clinicWide, 30)[0] as Record<string, unknown>)).toEqual(expected);
  });
});

describe('blockLockPks', () => {
  it('are the lock keys a booking of the same time would claim, for each provider it locks', () => {
    const keys = blockLockPks(block({ lockedProviderIds: ['dr-lee', 'dr-shah'] }));
    expect(keys).toHaveLength(2 * (120 / grid));
    expect(keys[0]).toBe(lockPk('dr-lee', new Date('2026-12-01T18:00:00Z')));
    expect(keys.at(-1)).toBe(lockPk('dr-shah', new Date(Date.parse('2026-12-01T20:00:00Z') - grid * 60_000)));
  });

  it('round a block off the grid outwards, so every block of time it touches is held', () => {
    const keys = blockLockPks(
      block({
        start: new Date('2026-12-01T18:03:00Z'),
        end: new Date('2026-12-01T18:07:00Z'),
        lockBlockMinutes: 5,
      }),
    );
    expect(keys).toEqual([
      lockPk('dr-lee', new Date('2026-12-01T18:00:00Z')),
      lockPk('dr-lee', new Date('2026-12-01T18:05:00Z')),
    ]);
  });

  it('expire a day after the grid block they stand for, whichever block holds them', () => {
    const pk = lockPk('dr-lee', new Date('2026-12-01T18:00:00Z'));
    expect(lockExpiresAt(pk, 5)).toBe(Date.parse('2026-12-01T18:05:00Z') / 1000 + 86_400);
  });
});

describe('lockChunks', () => {
  it('needs as few transactions as it can, the last keeping room for the record and segments', () => {
    const pks = Array.from({ length: 576 }, (_, i) => `LOCK#p#${i}`);
    const chunks = lockChunks(pks, 3);
    expect(chunks.map((c) => c.length)).toEqual([100, 100, 100, 100, 79, 97]);
    expect(chunks.flat()).toEqual(pks);
    expect((chunks.at(-1)?.length ?? 0) + 3).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
  });

  it('puts a small block in one transaction, and an exact fit too', () => {
    expect(lockChunks(['a', 'b'], 2)).toEqual([['a', 'b']]);
    const ninetySeven = Array.from({ length: 97 }, (_, i) => String(i));
    expect(lockChunks(ninetySeven, 3)).toEqual([ninetySeven]);
    expect(lockChunks([...ninetySeven, 'x'], 3).map((c) => c.length)).toEqual([1, 97]);
  });
});

describe('segmentBusy', () => {
  const segment = blockItems(block(), 30)[1] as Record<string, unknown>;

  it('is busy time of the block’s provider, with no buffers of its own', () => {
    expect(segmentBusy(segment, ['dr-lee', 'dr-shah'])).toEqual([
      {
        providerId: 'dr-lee',
        start: new Date('2026-12-01T18:00:00Z'),
        end: new Date('2026-12-01T20:00:00Z'),
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
      },
    ]);
  });

  it('is every provider’s busy time for a clinic-wide block', () => {
    const clinicWide = blockItems(block({ providerId: undefined }), 30)[1] as Record<string, unknown>;
    expect(segmentBusy(clinicWide, ['dr-lee', 'dr-shah']).map((b) => b.providerId)).toEqual([
      'dr-lee',
      'dr-shah',
    ]);
  });

  it('takes the slots it meets out of the engine’s answer, buffers included', () => {
    // Tuesday 2026-12-01, New York: 13:00–15:00 local is blocked for Dr. Lee.
    const now = new Date('2026-11-24T17:00:00Z');
    const search = {
      config,
      typeId: 'follow-up',
      providerId: 'dr-lee',
      from: '2026-12-01',
      to: '2026-12-01',
      now,
    };
    const open = listSlots({ ...search, bookings: [] }).map((s) => s.start);
    const blocked = listSlots({ ...search, bookings: segmentBusy(segment, ['dr-lee']) }).map((s) => s.start);
    expect(open).toContain('2026-12-01T13:00:00-05:00');
    expect(blocked).not.toContain('2026-12-01T13:00:00-05:00');
    expect(blocked).not.toContain('2026-12-01T14:40:00-05:00');
    expect(blocked).toContain('2026-12-01T15:00:00-05:00');
    expect(
      open.filter((s) => !blocked.includes(s)).every((s) => s >= '2026-12-01T13' && s < '2026-12-01T15'),
    ).toBe(true);
  });
});

describe('meetsBlock', () => {
  const b = { start: new Date('2026-12-01T18:00:00Z'), end: new Date('2026-12-01T19:00:00Z') };
  it.each([
    ['ends where the block starts', '2026-12-01T17:00:00Z', '2026-12-01T18:00:00Z', false],
    ['reaches into it by a minute', '2026-12-01T17:00:00Z', '2026-12-01T18:01:00Z', true],
    ['starts where the block ends', '2026-12-01T19:00:00Z', '2026-12-01T19:30:00Z', false],
    ['lies inside it', '2026-12-01T18:10:00Z', '2026-12-01T18:20:00Z', true],
  ])('a booking whose blocked time %s: %s', (_what, from, until, meets) => {
    expect(meetsBlock({ from: new Date(from), until: new Date(until) }, b)).toBe(meets);
  });
});

describe('the busy read', () => {
  it('starts its Query at the UTC midnight before the widened window, so a segment begun that day is found', () => {
    const query = busyBookingsQuery(
      new Date('2026-12-01T15:00:00Z'),
      new Date('2026-12-01T16:00:00Z'),
      config,
    );
    expect(query?.readFrom).toBe('2026-12-01T00:00:00.000Z');
    expect(query?.partitions).toEqual(['BOOKINGS#2026-12']);
  });
});

describe('POST /v1/staff/blocks body', () => {
  const parse = (body: Record<string, unknown>) => parseInput(createBlockBody, body);
  const valid = { start: '2026-12-01T13:00:00-05:00', end: '2026-12-01T15:00:00-05:00' };

  it('takes a clinic-wide block with null or no providerId, cancelAffected false by default', () => {
    expect(parse({ ...valid, providerId: null })).toMatchObject({ providerId: null, cancelAffected: false });
    expect(parse(valid)).toMatchObject({ cancelAffected: false });
  });

  it.each([
    [{ ...valid, end: valid.start }, 'end'],
    [{ ...valid, end: '2027-01-02T13:00:01-05:00' }, 'end'],
    [{ ...valid, start: '2026-12-01 13:00' }, 'start'],
    [{ end: valid.end }, 'start'],
    [{ ...valid, providerId: 'Dr Lee' }, 'providerId'],
    [{ ...valid, reason: 'two\nlines' }, 'reason'],
    [{ ...valid, cancelAffected: 'yes' }, 'cancelAffected'],
  ])('refuses %o on %s', (body, path) => {
    try {
      parse(body);
      expect.unreachable('should have been refused');
    } catch (error) {
      expect((error as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(path);
    }
  });
});
