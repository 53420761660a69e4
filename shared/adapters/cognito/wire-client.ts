// The staff functions' Cognito client: the one operation they call (AdminGetUser, for a staff
// member's email) with the SDK v3 client's names and shapes, over our AWS JSON client
// (../aws/json-client.ts), so a staff route bundles none of the SDK (StaffListBookings 422 → 206 KB).
// The tests and the local stack run it against cognito-local.
import type {
  AdminGetUserCommandInput,
  AdminGetUserCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  AwsCommand,
  type AwsJsonClientConfig,
  AwsServiceClient,
  AwsServiceException,
} from '../aws/json-client.ts';

export class AdminGetUserCommand extends AwsCommand<AdminGetUserCommandInput, AdminGetUserCommandOutput> {
  readonly operation = 'AdminGetUser';
}

/** An error Cognito answered, named as the SDK names it. */
export class CognitoIdentityProviderServiceException extends AwsServiceException {}
export class UserNotFoundException extends CognitoIdentityProviderServiceException {}

export class CognitoIdentityProviderClient extends AwsServiceClient {
  constructor(config: AwsJsonClientConfig) {
    super(
      {
        signingName: 'cognito-idp',
        targetPrefix: 'AWSCognitoIdentityProviderService',
        jsonVersion: '1.1',
        exceptions: { UserNotFoundException },
        base: CognitoIdentityProviderServiceException,
      },
      config,
    );
  }

  async send(command: AdminGetUserCommand): Promise<AdminGetUserCommandOutput> {
    return this.client.call<AdminGetUserCommandOutput>(command.operation, command.input);
  }
}
