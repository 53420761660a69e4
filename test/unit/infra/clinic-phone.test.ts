import { describe, expect, it } from 'vitest';
import { clinicPhoneModule } from '../../../infra/support/clinic-phone.ts';
import { clinicPhoneDisplay } from '../../../shared/core/inquiries/clinic-phone.ts';

// The bundles' stand-in for `#clinic-phone` (infra/support/clinic-phone.ts): the module written at
// synth answers the configured clinic exactly as the source does, with no phone library.
type Module = { clinicPhoneDisplay: typeof clinicPhoneDisplay };

describe("the clinic's phone module", () => {
  it('answers the configured phone as the source formats it', async () => {
    for (const clinic of [
      { phone: '+12015550143', country: 'US' },
      { phone: '+442079460958', country: 'US' },
      { phone: '+493012345678', country: 'DE' },
    ]) {
      const module = (await import(clinicPhoneModule(clinic))) as Module;
      expect(module.clinicPhoneDisplay(clinic)).toBe(clinicPhoneDisplay(clinic));
      expect(module.clinicPhoneDisplay(clinic)).not.toBe(clinic.phone);
    }
  });

  it('answers no phone with undefined, and any other phone as written', async () => {
    const module = (await import(clinicPhoneModule({ phone: '+12015550143', country: 'US' }))) as Module;
    expect(module.clinicPhoneDisplay({ country: 'US' })).toBeUndefined();
    expect(module.clinicPhoneDisplay({ phone: '+12015550199', country: 'US' })).toBe('+12015550199');
    const none = (await import(clinicPhoneModule({ country: 'US' }))) as Module;
    expect(none.clinicPhoneDisplay({ country: 'US' })).toBeUndefined();
  });
});
