// The Cognito client and the staff directory, created once per container and only by the staff
// functions. COGNITO_ENDPOINT points the client at cognito-local; in Lambda it is unset.

import { optionalEnv, requireEnv } from '../../platform/env.ts';
import { type StaffDirectory, staffDirectory } from './directory.ts';
import { CognitoIdentityProviderClient } from './wire-client.ts';

let directory: StaffDirectory | undefined;

/** The pool's directory; the first staff request of a container creates it. */
export function containerStaffDirectory(): StaffDirectory {
  directory ??= staffDirectory({
    client: new CognitoIdentityProviderClient({
      region: optionalEnv('AWS_REGION') ?? 'us-east-1',
      endpoint: optionalEnv('COGNITO_ENDPOINT'),
      maxAttempts: 3,
    }),
    userPoolId: requireEnv('STAFF_USER_POOL_ID'),
  });
  return directory;
}
