// The deployable unit of one stage: `cdk deploy -c stage=NAME` deploys this stack, which holds the
// stateful and the stateless part as two nested CloudFormation stacks, and prints what ops need.
import { Aws, CfnOutput, CfnRule, Fn, Stack, type StackProps, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { cloudFrontCertificateArnOf } from '../shared/core/config/ops.ts';
import type { ClinicConfig } from '../shared/core/config/schema.ts';
import { type BackupCopyStack, backupCopyNames } from './backup-copy-stack.ts';
import type { EdgeStack } from './edge-stack.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';
import { stackName } from './support/config.ts';

export interface ClinicFrontDoorStackProps extends StackProps {
  readonly stage: string;
  readonly clinicConfig: ClinicConfig;
  /** The AWS WAF web ACL in us-east-1: CloudFront goes in front of the API. @default none */
  readonly edge?: EdgeStack;
  /** The vault in another region the backups are copied to. @default no copies */
  readonly backupCopy?: BackupCopyStack;
}

export class ClinicFrontDoorStack extends Stack {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;

  constructor(scope: Construct, id: string, props: ClinicFrontDoorStackProps) {
    super(scope, id, {
      ...props,
      stackName: stackName(props.stage),
      description: `Clinic front door (${props.stage}): lead capture and appointment booking for ${props.clinicConfig.clinic.name}`,
      // Deleting this stack by mistake would take the API down; the data itself is retained anyway.
      terminationProtection: true,
    });
    const { stage, clinicConfig, edge, backupCopy } = props;
    this.stateful = new StatefulStack(this, 'Stateful', {
      stage,
      clinicConfig,
      ...(backupCopy ? { backupCopy: { region: backupCopy.region, ...backupCopyNames(stage) } } : {}),
    });
    // The backup plan names the copy vault, which must exist first.
    if (backupCopy) {
      this.addStackDependency(backupCopy, 'the backup plan copies recovery points to its vault');
    }
    if (backupCopy && Token.isUnresolved(this.region)) {
      // Known only at deploy time (the region of the credentials): CloudFormation checks it first.
      new CfnRule(this, 'BackupCopyGoesToAnotherRegion', {
        assertions: [
          {
            assert: Fn.conditionNot(Fn.conditionEquals(Aws.REGION, backupCopy.region)),
            assertDescription: `ops.backupCopyRegion (${backupCopy.region}) is the region this stack deploys to: the copies must go to another region`,
          },
        ],
      });
    }
    const edgeCertificateArn = cloudFrontCertificateArnOf(clinicConfig.ops);
    if (edge && !edgeCertificateArn) throw new Error(`${this.node.path}: CloudFront needs a certificate`);
    this.stateless = new StatelessStack(this, 'Stateless', {
      stage,
      clinicConfig,
      stateful: this.stateful,
      ...(edge && edgeCertificateArn
        ? {
            edge: {
              webAclArn: edge.webAcl.webAcl.attrArn,
              webAclName: edge.webAcl.webAclName,
              certificateArn: edgeCertificateArn,
            },
          }
        : {}),
    });

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output('ApiUrl', this.stateless.api.url, "The website's forms post here (base URL of every /v1 route)");
    const apiDomain = this.stateless.api.domainName;
    const apiHost = this.stateless.api.host;
    if (apiDomain && apiHost) {
      const distribution = this.stateless.distribution;
      output(
        'ApiDomainRecord',
        Fn.join(' ', [
          'CNAME',
          apiHost,
          distribution ? distribution.domainName : apiDomain.regionalDomainName,
        ]),
        distribution
          ? "DNS: the API's domain points at CloudFront (AWS WAF in front)"
          : "DNS: the API's domain points at its API Gateway custom domain",
      );
    }
    output('TableName', this.stateful.data.table.tableName, 'The DynamoDB table with the leads and bookings');
    output(
      'DeadLetterQueueUrl',
      this.stateless.notifications.deadLetterQueue.queueUrl,
      'Stream positions of records the notifier could not send',
    );
    output(
      'DashboardUrl',
      this.stateless.dashboard.url,
      'CloudWatch dashboard: leads, bookings, email delivery',
    );
    output(
      'NotifierFunctionName',
      this.stateless.notifier.function.functionName,
      'The stream consumer that sends emails (replays go to it)',
    );
    output(
      'SesConfigurationSetName',
      this.stateful.email.configurationSet.configurationSetName,
      'The configuration set the notifier sends with (npm run dlq:replay sends with it too)',
    );
    output('AlarmTopicArn', this.stateless.alarms.topic.topicArn, 'SNS topic every alarm notifies');
    output(
      'SesDomain',
      this.stateful.email.domain,
      'The SES domain identity; publish the DKIM records below',
    );
    this.stateful.email.identity.dkimRecords.forEach((record, index) => {
      output(
        `SesDkimRecord${index + 1}`,
        Fn.join(' ', ['CNAME', record.name, record.value]),
        'DKIM: add to DNS',
      );
    });
    for (const record of this.stateful.email.mailFromRecords) {
      output(
        record.type === 'MX' ? 'SesMailFromMxRecord' : 'SesMailFromSpfRecord',
        Fn.join(' ', [record.type, record.name, record.value]),
        record.type === 'MX'
          ? 'MAIL FROM: add to DNS (bounces return through SES)'
          : 'MAIL FROM: add to DNS (SPF for the MAIL FROM domain, so that SPF aligns for DMARC)',
      );
    }
    const copyVault = this.stateful.backups.copyVault;
    if (copyVault) {
      output(
        'BackupCopyVaultArn',
        copyVault.backupVaultArn,
        'The vault in the other region each backup is copied to',
      );
    }
  }
}
