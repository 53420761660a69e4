// What the global setup hands every integration test (through vitest's provide/inject).

/** The local stack the integration tests share; started once by test/integration/global-setup.ts. */
export interface LocalStackInfo {
  /** The local API gateway, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly apiUrl: string;
  /** The SES emulator: viewer at `/`, emails as JSON at `/store`. */
  readonly sesUrl: string;
  /** Control of the switchable SES outage in front of the emulator (see local/ses-outage.ts). */
  readonly sesOutageUrl: string;
  /** The SMS sink the functions' texts go to: page at `/`, texts as JSON at `/messages` (local/sms-sink.ts). */
  readonly smsUrl: string;
  /** The demo clinic site (local/site.ts), `http://localhost:PORT`; the config's site URLs point at it. */
  readonly siteUrl: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  /** Absolute path of the clinic config the functions run with. */
  readonly configPath: string;
  /** The staff user pool (cognito-local) with its demo users; tests sign in against it. */
  readonly staffPool: {
    readonly endpoint: string;
    readonly region: string;
    readonly userPoolId: string;
    readonly clientId: string;
    readonly issuerUrl: string;
    readonly users: { readonly frontdesk: string; readonly admin: string; readonly nobody: string };
    readonly password: string;
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    localStack: LocalStackInfo;
  }
}
