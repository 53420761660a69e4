// AWS Backup copies of the table, kept in their own vault under the table's key. Point-in-time
// recovery already restores any second of the last 35 days; these copies live outside the table's
// lifecycle (they survive its deletion) and reach further back, for corruption found late.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
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
}

export class Backups extends Construct {
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: BackupsProps) {
    super(scope, id);
    const { table, key } = props.data;
    this.vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `ClinicFrontDoor-${props.stage}-table`,
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: events.Schedule.cron({ hour: '5', minute: '0' }),
          deleteAfter: BACKUP_RETENTION.daily,
        }),
        new backup.BackupPlanRule({
          ruleName: 'Weekly',
          scheduleExpression: events.Schedule.cron({ weekDay: 'SUN', hour: '5', minute: '0' }),
          deleteAfter: BACKUP_RETENTION.weekly,
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

    this.plan.addSelection('Table', {
      resources: [backup.BackupResource.fromDynamoDbTable(table)],
      role: this.role,
    });
  }
}
