// The staff user pool construct on its own, in a bare stack: what CloudFormation gets (pool,
// groups, console client, invited admins) and cdk-nag's packs with only written acknowledgements.
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { StaffIdentity, type StaffIdentityProps } from '../../infra/constructs/staff-identity.ts';
import { nagPacks } from '../../infra/support/nag.ts';
import type { StaffConfig } from '../../shared/core/config/schema.ts';

function build(staff: Partial<StaffConfig> = {}, extra: Partial<StaffIdentityProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { account: '111122223333', region: 'us-east-1' } });
  const identity = new StaffIdentity(stack, 'StaffIdentity', {
    stage: 'test',
    clinicName: 'Test Clinic',
    staff: { mfa: 'required', admins: [], ...staff },
    ...extra,
  });
  return { stack, identity, template: Template.fromStack(stack) };
}

/** What the packs still report on the stack, after its acknowledgements. */
function nagFindings(stack: Stack) {
  return nagPacks().flatMap((pack) =>
    pack
      .validateScope(stack)
      .violations.map(
        (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
  );
}

function acknowledged(stack: Stack): Record<string, string> {
  return Object.assign(
    {},
    ...stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .map((m) => m.data as Record<string, string>),
  );
}

describe('StaffIdentity', () => {
  it('makes a pool only admins add users to, signing in by email, with TOTP MFA required', () => {
    build().template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it('has a strong password policy, email-only recovery, deletion protection and enforced threat protection', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 3,
          PasswordHistorySize: 5,
        },
      },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      DeletionProtection: 'ACTIVE',
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it.each([
    ['optional', 'OPTIONAL'],
    ['off', 'OFF'],
  ] as const)('sets MFA %s as staff.mfa says', (mfa, cognitoMfa) => {
    build({ mfa }).template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: cognitoMfa });
  });

  it('has the groups frontdesk and admin', () => {
    const { template } = build();
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 2);
    for (const group of ['frontdesk', 'admin']) {
      template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    }
  });

  it('has a console client for a browser: no secret, SRP only, tokens for an hour at most', () => {
    build().template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      WriteAttributes: ['name'],
    });
  });

  it('allows USER_PASSWORD_AUTH only when asked', () => {
    build({}, { allowPasswordAuth: true }).template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']),
    });
  });

  it('invites each of staff.admins by email and puts them in admin, keeping them if taken off the list', () => {
    const admins = ['owner@clinic.example', 'manager@clinic.example'];
    const { template } = build({ admins });
    template.resourceCountIs('AWS::Cognito::UserPoolUser', 2);
    template.resourceCountIs('AWS::Cognito::UserPoolUserToGroupAttachment', 2);
    for (const email of admins) {
      template.hasResource('AWS::Cognito::UserPoolUser', {
        Properties: {
          Username: email,
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        },
        DeletionPolicy: 'Retain',
      });
      template.hasResourceProperties('AWS::Cognito::UserPoolUserToGroupAttachment', {
        Username: email,
        GroupName: 'admin',
      });
    }
  });

  it('keeps an admin’s resource when the list is reordered (named by address, not position)', () => {
    const ids = (admins: string[]) =>
      Object.keys(build({ admins }).template.findResources('AWS::Cognito::UserPoolUser')).sort();
    expect(ids(['a@clinic.example', 'b@clinic.example'])).toEqual(
      ids(['b@clinic.example', 'a@clinic.example']),
    );
  });

  it('creates no user when staff.admins is empty', () => {
    build().template.resourceCountIs('AWS::Cognito::UserPoolUser', 0);
  });

  it("names the pool's regional issuer for the JWT authorizer", () => {
    const { stack, identity, template } = build();
    const [poolId] = Object.keys(template.findResources('AWS::Cognito::UserPool'));
    expect(stack.resolve(identity.issuerUrl)).toEqual({
      'Fn::Join': ['', ['https://cognito-idp.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: poolId }]],
    });
  });

  it('names the clinic, and the console when given, in the invitation email', () => {
    build({}, { consoleUrl: 'https://api.clinic.example/staff/' }).template.hasResourceProperties(
      'AWS::Cognito::UserPool',
      {
        AdminCreateUserConfig: {
          AllowAdminCreateUserOnly: true,
          InviteMessageTemplate: Match.objectLike({
            EmailSubject: 'Your Test Clinic staff console account',
            EmailMessage: Match.stringLikeRegexp(
              'at https://api\\.clinic\\.example/staff/\\..*\\{username\\}.*\\{####\\}',
            ),
          }),
        },
      },
    );
  });
});

describe('cdk-nag on StaffIdentity', () => {
  it('reports nothing with MFA required, and acknowledges nothing', () => {
    const { stack } = build({ admins: ['owner@clinic.example'] });
    expect(nagFindings(stack)).toEqual([]);
    expect(acknowledged(stack)).toEqual({});
  });

  it.each(['optional', 'off'] as const)(
    'acknowledges COG2 with a reason, and only that, when MFA is %s',
    (mfa) => {
      const { stack } = build({ mfa });
      expect(nagFindings(stack)).toEqual([]);
      const acks = acknowledged(stack);
      expect(Object.keys(acks).map((id) => id.replace(/^annotation::/i, ''))).toEqual(['AwsSolutions-COG2']);
      expect(Object.values(acks)[0]).toMatch(/staff\.mfa/);
    },
  );
});
