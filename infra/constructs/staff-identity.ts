// Who the clinic's staff are: the Cognito user pool of the staff console (admin-created users only,
// MFA per `staff.mfa`, threat protection), its groups, the console's app client, and the first
// admins from `staff.admins`, invited by email.
import { createHash } from 'node:crypto';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import {
  STAFF_GROUPS,
  STAFF_PASSWORD_POLICY,
  STAFF_TOKEN_VALIDITY,
  type StaffGroup,
} from '../../shared/adapters/cognito/pool.ts';
import type { StaffConfig } from '../../shared/core/config/schema.ts';
import { acknowledgeEach } from '../support/nag.ts';

export interface StaffIdentityProps {
  readonly stage: string;
  /** `staff` of the clinic config. */
  readonly staff: StaffConfig;
  /** `clinic.name`, named in the invitation email. */
  readonly clinicName: string;
  /** The staff console's address, given in the invitation email. @default none (the email names no link) */
  readonly consoleUrl?: string;
  /**
   * Let the console sign in with USER_PASSWORD_AUTH (the password sent to Cognito over TLS) as
   * well as SRP. @default false: SRP only, the password never leaves the browser
   */
  readonly allowPasswordAuth?: boolean;
}

const MFA: Record<StaffConfig['mfa'], cognito.Mfa> = {
  required: cognito.Mfa.REQUIRED,
  optional: cognito.Mfa.OPTIONAL,
  off: cognito.Mfa.OFF,
};

export class StaffIdentity extends Construct {
  readonly userPool: cognito.UserPool;
  /** The staff console's app client (a browser app: no secret). */
  readonly client: cognito.UserPoolClient;
  /** `iss` of the pool's tokens: the JWT authorizer's issuer. */
  readonly issuerUrl: string;
  readonly groups: Readonly<Record<StaffGroup, cognito.CfnUserPoolGroup>>;

  constructor(scope: Construct, id: string, props: StaffIdentityProps) {
    super(scope, id);
    const policy = STAFF_PASSWORD_POLICY;
    const link = props.consoleUrl ? ` at ${props.consoleUrl}` : '';

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `clinic-staff-${props.stage}`,
      // Staff are invited by an admin; nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // An address change takes effect only once the new address is verified.
      keepOriginal: { email: true },
      mfa: MFA[props.staff.mfa],
      // TOTP only: SMS codes can be intercepted (SIM swap) and would need an SMS role.
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: policy.minLength,
        requireLowercase: policy.requireLowercase,
        requireUppercase: policy.requireUppercase,
        requireDigits: policy.requireDigits,
        requireSymbols: policy.requireSymbols,
        tempPasswordValidity: Duration.days(policy.tempPasswordValidityDays),
        // No going back to one of the last five passwords after a reset (a Plus-plan feature).
        passwordHistorySize: 5,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      userInvitation: {
        emailSubject: `Your ${props.clinicName} staff console account`,
        emailBody: `You have been invited to the ${props.clinicName} staff console${link}. Sign in with {username} and the temporary password {####}; you will choose your own password and set up an authenticator app. The temporary password expires in ${policy.tempPasswordValidityDays} days.`,
      },
      // Plus: compromised-credential detection and adaptive sign-in risk, enforced (cdk-nag COG8).
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      // The pool holds who may read patient records; it must survive a stack deletion or a bad deploy.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.client = this.userPool.addClient('Console', {
      userPoolClientName: `staff-console-${props.stage}`,
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: props.allowPasswordAuth ?? false },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(STAFF_TOKEN_VALIDITY.accessTokenMinutes),
      idTokenValidity: Duration.minutes(STAFF_TOKEN_VALIDITY.idTokenMinutes),
      refreshTokenValidity: Duration.hours(STAFF_TOKEN_VALIDITY.refreshTokenHours),
      // The email is the audit trail's name for a staff member: no one may change their own.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    this.groups = Object.fromEntries(
      STAFF_GROUPS.map((group) => [
        group,
        new cognito.CfnUserPoolGroup(this, `Group-${group}`, {
          userPoolId: this.userPool.userPoolId,
          groupName: group,
          description:
            group === 'admin'
              ? 'Every staff right, and the audit trail'
              : 'The front desk: agenda, bookings, blocks, leads, exports',
        }),
      ]),
    ) as Record<StaffGroup, cognito.CfnUserPoolGroup>;

    for (const email of props.staff.admins) this.inviteAdmin(email);

    // The `iss` of the pool's tokens, written out as Cognito documents it (partition-aware suffix).
    const { region, urlSuffix } = Stack.of(this);
    this.issuerUrl = `https://cognito-idp.${region}.${urlSuffix}/${this.userPool.userPoolId}`;

    if (props.staff.mfa !== 'required') {
      acknowledgeEach(this.userPool, [
        [
          'AwsSolutions-COG2',
          `MFA is "${props.staff.mfa}" because the clinic config says so (staff.mfa); the default, and what docs/config.md asks of production, is "required".`,
        ],
      ]);
    }
  }

  /** An admin user: Cognito emails the invitation with a temporary password. */
  private inviteAdmin(email: string): void {
    // Named by the address, not its place in the list: reordering staff.admins must not replace users.
    const key = createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 12);
    const user = new cognito.CfnUserPoolUser(this, `Admin-${key}`, {
      userPoolId: this.userPool.userPoolId,
      username: email,
      userAttributes: [
        { name: 'email', value: email },
        { name: 'email_verified', value: 'true' },
      ],
      desiredDeliveryMediums: ['EMAIL'],
    });
    // Taking an address off the list must not delete a user who may be the clinic's only admin.
    user.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const membership = new cognito.CfnUserPoolUserToGroupAttachment(this, `Admin-${key}-InAdmin`, {
      userPoolId: this.userPool.userPoolId,
      groupName: this.groups.admin.groupName as string,
      username: email,
    });
    membership.addDependency(user);
    membership.addDependency(this.groups.admin);
  }
}
