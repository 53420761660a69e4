// AWS Backup copies of the table, kept in their own vault under the table's key. Point-in-time
// recovery already restores any second of the last 35 days; these copies live outside the table's
// lifecycle (they survive its deletion) and reach further back, for corruption found late. With a
// copy region, each recovery point is also copied to a vault there (infra/backup-copy-stack.ts).
import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeEach } from '../support/nag.ts';
import type { Data } from './data.ts';

export const BACKUP_RETENTION = {
  daily: Duration.days(35),
  weekly: Duration.days(90),
} as const;

export interface BackupsProps {
  readonly stage: string;
  readonly data: Data;
  /** Copy each recovery point to this vault in another region. @default no copies */
  readonly copyTo?: BackupCopyTarget;
}

export interface BackupCopyTarget {
  readonly region: string;
  /** The copy vault's name (its ARN is built from it, in this stack's account). */
  readonly vaultName: string;
  /** The alias of the copy vault's key, which AWS Backup encrypts the copies with. */
  readonly keyAlias: string;
}

export class Backups extends Construct {
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;
  readonly role: iam.Role;
  /** The copy vault in the other region, when there is one. */
  readonly copyVault: backup.IBackupVault | undefined;

  constructor(scope: Construct, id: string, props: BackupsProps) {
    super(scope, id);
    const { table, key } = props.data;
    this.vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const { partition, account } = Stack.of(this);
    const copyTo = props.copyTo;
    this.copyVault = copyTo
      ? backup.BackupVault.fromBackupVaultArn(
          this,
          'CopyVault',
          `arn:${partition}:backup:${copyTo.region}:${account}:backup-vault:${copyTo.vaultName}`,
        )
      : undefined;
    // A copy is kept as long as the recovery point it copies.
    const copyActions = (deleteAfter: Duration) =>
      this.copyVault ? [{ destinationBackupVault: this.copyVault, deleteAfter }] : undefined;
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `ClinicFrontDoor-${props.stage}-table`,
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: events.Schedule.cron({ hour: '5', minute: '0' }),
          deleteAfter: BACKUP_RETENTION.daily,
          copyActions: copyActions(BACKUP_RETENTION.daily),
        }),
        new backup.BackupPlanRule({
          ruleName: 'Weekly',
          scheduleExpression: events.Schedule.cron({ weekDay: 'SUN', hour: '5', minute: '0' }),
          deleteAfter: BACKUP_RETENTION.weekly,
          copyActions: copyActions(BACKUP_RETENTION.weekly),
        }),
      ],
    });

    const servicePolicy = iam.ManagedPolicy.fromAwsManagedPolicyName(
      'service-role/AWSBackupServiceRolePolicyForBackup',
    );
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup takes the clinic table backups',
      managedPolicies: [servicePolicy],
    });
    acknowledgeEach(this.role, [
      [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        "AWS's own service-role policy for backup jobs, maintained by AWS as services add backup features; the role can be assumed only by AWS Backup and is used only by this plan.",
      ],
    ]);
    // The backups are encrypted under the table key (the vault's key); AWS Backup acts through
    // grants for AWS resources only.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AwsBackupUsesTableKey',
        principals: [this.role],
        actions: [
          'kms:Decrypt',
          'kms:Encrypt',
          'kms:GenerateDataKey',
          'kms:DescribeKey',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
        ],
        resources: ['*'],
      }),
    );
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AwsBackupGrantsForAwsResources',
        principals: [this.role],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
    );

    if (copyTo) this.grantCopyKey(copyTo);

    this.plan.addSelection('Table', {
      resources: [backup.BackupResource.fromDynamoDbTable(table)],
      role: this.role,
    });
  }

  /**
   * Copy jobs run as the plan's role and encrypt under the copy vault's key, which lives in the
   * other region's stack: its id is not known here, so the key is named by its alias.
   */
  private grantCopyKey(copyTo: BackupCopyTarget): void {
    const { partition, account } = Stack.of(this);
    const anyKeyThere = `arn:${partition}:kms:${copyTo.region}:${account}:key/*`;
    const onlyThatKey = { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': copyTo.keyAlias } };
    const policy = new iam.ManagedPolicy(this, 'CopyKeyPolicy', {
      description: `AWS Backup encrypts the copies of the table backups in ${copyTo.region}`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'UseCopyVaultKey',
          actions: [
            'kms:Decrypt',
            'kms:Encrypt',
            'kms:GenerateDataKey',
            'kms:DescribeKey',
            'kms:ReEncryptFrom',
            'kms:ReEncryptTo',
          ],
          resources: [anyKeyThere],
          conditions: onlyThatKey,
        }),
        new iam.PolicyStatement({
          sid: 'CopyVaultKeyGrantsForAwsResources',
          actions: ['kms:CreateGrant'],
          resources: [anyKeyThere],
          conditions: { ...onlyThatKey, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
      ],
    });
    // As cdk-nag names the resource: pseudo parameters in angle brackets.
    const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
    const finding = `arn:${shown(partition, 'AWS::Partition')}:kms:${copyTo.region}:${shown(account, 'AWS::AccountId')}:key/*`;
    acknowledgeEach(policy, [
      [
        `AwsSolutions-IAM5[Resource::${finding}]`,
        "The copy vault's key is created by the stack in the copy region, so its id cannot be known here; the kms:ResourceAliases condition limits every statement to the one key with that stage's alias.",
      ],
    ]);
  }
}
