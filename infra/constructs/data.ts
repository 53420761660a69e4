// The single table that holds leads and bookings, and the customer-managed key that encrypts it.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE } from '../../shared/adapters/dynamodb/table.ts';
import type { TableAccess } from '../../shared/adapters/http/route-record.ts';
import { AUDIT_KEY_PREFIX } from '../../shared/core/staff/audit.ts';

export interface DataProps {
  readonly stage: string;
}

/** What each table access level may call. Scan is absent on purpose: the code never scans. */
const ITEM_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem'];
const ITEM_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
/** The table key, as DynamoDB uses it on the caller's behalf (CDK's grants, wildcards spelled out). */
const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
/** The partition keys the reminder runner writes (shared/core/scheduling/reminders.ts, short-links.ts, agenda). */
export const REMINDER_RUNNER_KEYS = ['REMINDERS', 'NOTICE#*', 'SHORT#*', 'AGENDA#*'] as const;
const KEY_WRITE_ACTIONS = [
  'kms:Encrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
];

export class Data extends Construct {
  readonly table: dynamodb.Table;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'TableKey', {
      description: `Encrypts the clinic front door table (${props.stage}): leads and bookings`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const key = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: key(TABLE.partitionKey),
      sortKey: key(TABLE.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TABLE.timeToLiveAttribute,
      stream: dynamodb.StreamViewType[TABLE.streamViewType],
    });
    for (const index of TABLE.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }

  /** ARNs of the table's global secondary indexes, each named (no `index/*`). */
  get indexArns(): string[] {
    return TABLE.globalSecondaryIndexes.map((index) => `${this.table.tableArn}/index/${index.indexName}`);
  }

  /** The statements that give exactly `access` to the table, its indexes and its key. */
  accessStatements(access: TableAccess): iam.PolicyStatement[] {
    if (access === 'none') return [];
    const write = access === 'readWrite';
    const audits = access === 'readAndAudit';
    return [
      new iam.PolicyStatement({
        sid: write ? 'ReadWriteTableItems' : 'ReadTableItems',
        actions: write ? [...ITEM_READ_ACTIONS, ...ITEM_WRITE_ACTIONS] : ITEM_READ_ACTIONS,
        resources: [this.table.tableArn],
      }),
      ...(write
        ? [
            // The audit trail is append-only (API.md "Staff"): no function may change or remove an
            // entry, whatever its code says. DynamoDB's own TTL deletions are not the role's.
            new iam.PolicyStatement({
              sid: 'AuditTrailIsAppendOnly',
              effect: iam.Effect.DENY,
              actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
              resources: [this.table.tableArn],
              conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`${AUDIT_KEY_PREFIX}*`] } },
            }),
          ]
        : []),
      new iam.PolicyStatement({
        sid: 'QueryTableAndIndexes',
        actions: ['dynamodb:Query'],
        resources: [this.table.tableArn, ...this.indexArns],
      }),
      ...(audits
        ? [
            // A staff read appends its audit entry, and may put nothing else.
            new iam.PolicyStatement({
              sid: 'AppendAuditEntries',
              actions: ['dynamodb:PutItem'],
              resources: [this.table.tableArn],
              conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${AUDIT_KEY_PREFIX}*`] } },
            }),
          ]
        : []),
      new iam.PolicyStatement({
        sid: write || audits ? 'UseTableKeyReadWrite' : 'UseTableKeyRead',
        actions: write || audits ? [...KEY_READ_ACTIONS, ...KEY_WRITE_ACTIONS] : KEY_READ_ACTIONS,
        resources: [this.key.keyArn],
      }),
    ];
  }

  /**
   * The reminder runner's access: it reads anything (bookings, link items, the agenda's month
   * partitions) but writes only its own items — pending reminders, the notices it releases, short
   * links and the daily agenda's marker and notice — and may only condition-check a booking.
   */
  reminderRunnerStatements(): iam.PolicyStatement[] {
    return [
      ...this.accessStatements('read'),
      new iam.PolicyStatement({
        sid: 'WriteReminderItems',
        actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': [...REMINDER_RUNNER_KEYS],
          },
        },
      }),
      new iam.PolicyStatement({
        sid: 'UseTableKeyWrite',
        actions: KEY_WRITE_ACTIONS,
        resources: [this.key.keyArn],
      }),
    ];
  }

  /** Reading the table's stream, as a Lambda event source mapping does with the function's role. */
  streamReadStatements(): iam.PolicyStatement[] {
    const streamArn = this.table.tableStreamArn;
    if (streamArn === undefined) throw new Error('The table has no stream');
    return [
      new iam.PolicyStatement({
        sid: 'ReadTableStream',
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        resources: [streamArn],
      }),
      new iam.PolicyStatement({
        sid: 'ListTableStreams',
        actions: ['dynamodb:ListStreams'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'DecryptStreamRecords',
        actions: KEY_READ_ACTIONS,
        resources: [this.key.keyArn],
      }),
    ];
  }
}
