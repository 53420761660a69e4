// The demo clinic site's place in the local stack's config (local/site.ts withDemoSite): the dev
// config's site URLs follow the site to whatever port it runs on, and its origins are allowed.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE_ORIGIN, withDemoSite } from '../../../local/site.ts';
import { loadClinicConfigFile } from '../../../shared/config/load.ts';

const dev = loadClinicConfigFile(resolve('config/dev.json'));

describe('withDemoSite', () => {
  it('moves the URLs written on http://localhost:8080 to the running site, and leaves the others', () => {
    expect(dev.forms.thankYouUrl).toBe(`${DEFAULT_SITE_ORIGIN}/thank-you`);
    const config = withDemoSite(dev, 'http://localhost:41234');
    expect(config.clinic.website).toBe('http://localhost:41234');
    expect(config.forms.thankYouUrl).toBe('http://localhost:41234/thank-you');
    expect(config.scheduling.manageBookingUrl).toBe('http://localhost:41234/manage?id={id}&token={token}');
    expect(config.cors.allowedOrigins).toEqual([
      'http://localhost:41234',
      'https://www.riverside-spine.example',
      'http://127.0.0.1:41234',
    ]);
    // The file's config is not changed.
    expect(dev.forms.thankYouUrl).toBe(`${DEFAULT_SITE_ORIGIN}/thank-you`);
  });

  it('allows the site’s origins whatever the config says, without touching URLs elsewhere', () => {
    const elsewhere = {
      ...dev,
      clinic: { ...dev.clinic, website: 'https://clinic.example' },
      cors: { allowedOrigins: ['https://clinic.example'] },
      forms: { ...dev.forms, thankYouUrl: 'http://localhost:80801/thanks' },
    };
    const config = withDemoSite(elsewhere, 'http://localhost:9090');
    expect(config.clinic.website).toBe('https://clinic.example');
    expect(config.forms.thankYouUrl).toBe('http://localhost:80801/thanks');
    expect(config.cors.allowedOrigins).toEqual([
      'https://clinic.example',
      'http://localhost:9090',
      'http://127.0.0.1:9090',
    ]);
  });
});
