// The vault the table's backups are copied into, in `ops.backupCopyRegion`, under a key of that
// region: if the stack's region is lost, the copies are not. Deployed as its own stack,
// ClinicFrontDoor-STAGE-backup-copy, before the main stack, whose backup plan names this vault by
// its ARN (built from its fixed name, so no value crosses regions) and uses the key by its alias.
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/** The names the main stack's backup plan finds the copy vault and its key by. */
export function backupCopyNames(stage: string): { readonly vaultName: string; readonly keyAlias: string } {
  return {
    vaultName: `ClinicFrontDoor-${stage}-copy`,
    keyAlias: `alias/clinic-front-door-${stage}-backup-copy`,
  };
}

export interface BackupCopyStackProps extends StackProps {
  readonly stage: string;
}

export class BackupCopyStack extends Stack {
  readonly vault: backup.BackupVault;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: BackupCopyStackProps) {
    super(scope, id, {
      ...props,
      description: `Clinic front door (${props.stage}): the vault the table's backups are copied to`,
      terminationProtection: true,
    });
    const names = backupCopyNames(props.stage);
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the copies of the clinic front door table backups (${props.stage})`,
      alias: names.keyAlias,
      enableKeyRotation: true,
      // The copies are readable only while their key exists.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: names.vaultName,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
