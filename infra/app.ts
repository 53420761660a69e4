// The CDK app entry (cdk.json): `npx cdk synth|deploy -c stage=prod [-c config=path/to/file.json]`.
// A bad stage or config file stops here with its messages, not a stack trace.
import { App } from 'aws-cdk-lib';
import { buildApp } from './build-app.ts';
import { isUserFacingError } from './support/config.ts';

// Synthesized explicitly below, so that a bad config leaves no half-written assembly behind.
const app = new App({ autoSynth: false });
try {
  buildApp({ app });
  app.synth();
} catch (error) {
  if (!isUserFacingError(error)) throw error;
  console.error(`\n${error.message}\n`);
  process.exitCode = 1;
}
