// What holds data and identity and must outlive any deploy: the table and its key, the key for
// operational data, and the SES domain identity with its configuration set.
import { NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ClinicConfig } from '../shared/core/config/schema.ts';
import { type BackupCopyTarget, Backups } from './constructs/backups.ts';
import { Data } from './constructs/data.ts';
import { EmailIdentity } from './constructs/email-identity.ts';
import { OperationsKey } from './constructs/operations-key.ts';
import { StaffIdentity } from './constructs/staff-identity.ts';

export interface StatefulStackProps extends NestedStackProps {
  readonly stage: string;
  readonly clinicConfig: ClinicConfig;
  /** The vault in `ops.backupCopyRegion` the backups are copied to. @default no copies */
  readonly backupCopy?: BackupCopyTarget;
}

export class StatefulStack extends NestedStack {
  readonly data: Data;
  readonly backups: Backups;
  readonly operationsKey: OperationsKey;
  readonly email: EmailIdentity;
  readonly staffIdentity: StaffIdentity;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, {
      ...props,
      description: `Clinic front door (${props.stage}): table, backups, keys, SES identity`,
    });
    this.data = new Data(this, 'Data', { stage: props.stage });
    this.backups = new Backups(this, 'Backups', {
      stage: props.stage,
      data: this.data,
      ...(props.backupCopy ? { copyTo: props.backupCopy } : {}),
    });
    this.operationsKey = new OperationsKey(this, 'OperationsKey', { stage: props.stage });
    this.email = new EmailIdentity(this, 'Email', {
      from: props.clinicConfig.email.from,
      mailFromSubdomain: props.clinicConfig.ops.mailFromSubdomain,
    });
    this.staffIdentity = new StaffIdentity(this, 'StaffIdentity', {
      stage: props.stage,
      staff: props.clinicConfig.staff,
      clinicName: props.clinicConfig.clinic.name,
      // The console signs in with USER_PASSWORD_AUTH (over TLS to Cognito) until it speaks SRP.
      allowPasswordAuth: true,
    });
  }
}
