// What CloudFront needs from us-east-1: the AWS WAF web ACL (a CLOUDFRONT-scope web ACL can only
// be created there) and its encrypted log group. Deployed as its own stack, ClinicFrontDoor-STAGE-edge,
// before the main stack, which reads the web ACL's ARN through CDK's cross-region references.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { OperationsKey } from './constructs/operations-key.ts';
import { WebAcl } from './constructs/web-acl.ts';

export interface EdgeStackProps extends StackProps {
  readonly stage: string;
  readonly logRetention: logs.RetentionDays;
}

export class EdgeStack extends Stack {
  readonly webAcl: WebAcl;
  readonly logKey: OperationsKey;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, {
      ...props,
      description: `Clinic front door (${props.stage}): the AWS WAF web ACL in front of the API's CloudFront distribution`,
      // The main stack's distribution uses the web ACL: deleting this stack by mistake would fail
      // halfway or, worse, leave the API without its firewall.
      terminationProtection: true,
    });
    this.logKey = new OperationsKey(this, 'LogKey', {
      stage: props.stage,
      description: `Encrypts the clinic front door AWS WAF logs (${props.stage})`,
      encryptsAlarmTopic: false,
    });
    this.webAcl = new WebAcl(this, 'WebAcl', {
      stage: props.stage,
      logRetention: props.logRetention,
      logKey: this.logKey.key,
    });
  }
}
