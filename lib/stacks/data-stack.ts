import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ProfileTable } from '../constructs/profile-table.ts';

/** The idempotency table's key and expiry attributes, as Powertools' DynamoDB persistence layer writes them. */
export const IDEMPOTENCY_SCHEMA = { partitionKey: 'id', ttlAttribute: 'expiration' } as const;

/**
 * Stateful resources only: the profile table and its key, and the idempotency table (the outcome
 * of API requests retried with an Idempotency-Key, kept a day). Kept apart from functions and rules
 * so that renaming or replacing code never replaces data.
 */
export class DataStack extends Stack {
  public readonly profiles: ProfileTable;
  public readonly idempotency: dynamodb.Table;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.profiles = new ProfileTable(this, 'Profiles');
    // Only request hashes, statuses and send results (ids, channel): encrypted with the profile key
    // all the same; its items expire, so replacing it loses nothing but retries in flight.
    this.idempotency = new dynamodb.Table(this, 'Idempotency', {
      partitionKey: { name: IDEMPOTENCY_SCHEMA.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.profiles.key,
      timeToLiveAttribute: IDEMPOTENCY_SCHEMA.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** What Powertools idempotency does with a record: read, claim, complete, and release on failure. */
  bindIdempotency(grantee: iam.IGrantable): void {
    this.idempotency.grant(
      grantee,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    );
    this.profiles.key.grant(grantee, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey');
  }
}
