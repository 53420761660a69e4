// GET /v1/providers' answer, built from the clinic config: every provider with the types they offer.
import { describe, expect, it } from 'vitest';
import { providerList, providerListSchema } from '../../../shared/core/scheduling/provider-list.ts';
import { clinic, exampleClinic } from './slots-fixtures.ts';

describe('providerList', () => {
  it('lists id, name and the offered types of each provider, in config order', () => {
    expect(providerList(exampleClinic())).toStrictEqual({
      providers: [
        {
          id: 'dr-lee',
          name: 'Dr. Jordan Lee',
          appointmentTypes: ['new-patient', 'follow-up', 'botox-injection'],
        },
        { id: 'dr-shah', name: 'Dr. Priya Shah', appointmentTypes: ['new-patient', 'follow-up'] },
      ],
    });
  });

  it('spells out "every type" for a provider who lists none, and keeps the clinic’s order of types', () => {
    const config = clinic({
      weeklyHours: { mon: [['09:00', '17:00']] },
      appointmentTypes: [
        { id: 'a', name: 'A', durationMinutes: 30 },
        { id: 'b', name: 'B', durationMinutes: 30 },
        { id: 'c', name: 'C', durationMinutes: 30 },
      ],
      providers: [
        { id: 'all', name: 'Dr. All' },
        { id: 'some', name: 'Dr. Some', appointmentTypes: ['c', 'a'] },
      ],
    });
    const list = providerList(config);
    expect(list.providers).toStrictEqual([
      { id: 'all', name: 'Dr. All', appointmentTypes: ['a', 'b', 'c'] },
      { id: 'some', name: 'Dr. Some', appointmentTypes: ['a', 'c'] },
    ]);
    // What the OpenAPI document says of the answer is what the answer is.
    expect(providerListSchema.parse(list)).toStrictEqual(list);
  });

  it('reveals nothing of a provider’s schedule (hours, time off)', () => {
    const [shah] = providerList(exampleClinic()).providers.filter((p) => p.id === 'dr-shah');
    expect(Object.keys(shah ?? {}).sort()).toEqual(['appointmentTypes', 'id', 'name']);
  });
});
