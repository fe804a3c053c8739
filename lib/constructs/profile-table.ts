import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../../lambdas/adapters/dynamodb/table-schema.ts';

export interface ProfileTableProps {
  /**
   * Protect the table from deletion by CloudFormation and by API calls.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * `read`: item reads on the table and its indexes. `append`: read items by key and write them (put,
 * update, conditions, inside transactions too) on the base table only: what recording on a
 * customer's timeline needs, without Query, deletes or batch writes. `readWrite`: both, and deletes.
 */
export type TableAccess = 'read' | 'append' | 'readWrite';

const READ = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const APPEND = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
];
const KEY_READ = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE = ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'];

/**
 * The single customer-profile table: identities, preferences, consent and every channel's timeline.
 * Keys and indexes come from `TABLE_SCHEMA`, the same definition the data adapter uses, and are
 * described in docs/data-model.md. Encrypted with its own customer-managed key; retained on stack deletion.
 */
export class ProfileTable extends Construct {
  public readonly table: dynamodb.Table;
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: ProfileTableProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'tsunagu customer profile table',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const s = TABLE_SCHEMA;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: s.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: s.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: s.ttlAttribute,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    });
    for (const [indexName, index] of Object.entries(s.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        ...(index.sortKey ? { sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING } } : {}),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }

  /**
   * Least-privilege access for a function: item reads (and writes) on the table and its named
   * indexes, and the key operations DynamoDB needs. No Scan: every access pattern is a Get or a Query.
   */
  bind(grantee: iam.IGrantable, access: TableAccess): void {
    const arn = this.table.tableArn;
    if (access === 'append') {
      iam.Grant.addToPrincipal({ grantee, actions: APPEND, resourceArns: [arn] });
      this.key.grant(grantee, ...KEY_READ, 'kms:Encrypt', 'kms:GenerateDataKey');
      return;
    }
    const resourceArns = [arn, ...Object.keys(TABLE_SCHEMA.indexes).map((name) => `${arn}/index/${name}`)];
    const write = access === 'readWrite';
    iam.Grant.addToPrincipal({ grantee, actions: write ? [...READ, ...WRITE] : READ, resourceArns });
    this.key.grant(grantee, ...(write ? [...KEY_READ, ...KEY_WRITE] : KEY_READ));
  }
}
