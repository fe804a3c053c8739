import { Template } from 'aws-cdk-lib/assertions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_SCHEMA } from '../../lambdas/adapters/dynamodb/table-schema.ts';
import { buildTsunaguApp } from './tsunagu-app.ts';

interface KeySchemaElement {
  readonly AttributeName: string;
  readonly KeyType: 'HASH' | 'RANGE';
}

interface GlobalSecondaryIndex {
  readonly IndexName: string;
  readonly KeySchema: KeySchemaElement[];
  readonly Projection: { readonly ProjectionType: string };
}

interface TableResource {
  readonly Properties: {
    readonly KeySchema: KeySchemaElement[];
    readonly AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
    readonly GlobalSecondaryIndexes?: GlobalSecondaryIndex[];
  };
}

function keySchema(partitionKey: string, sortKey: string | undefined): KeySchemaElement[] {
  return [
    { AttributeName: partitionKey, KeyType: 'HASH' },
    ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : []),
  ];
}

describe('the data stack', () => {
  let template: Template;
  let table: TableResource;
  let tableLogicalId: string;
  let keyLogicalId: string;

  let idempotencyLogicalId: () => string;

  beforeAll(() => {
    const { stacks } = buildTsunaguApp('dev');
    const { data } = stacks;
    idempotencyLogicalId = () => data.getLogicalId(data.idempotency.node.defaultChild as dynamodb.CfnTable);
    template = Template.fromStack(data);
    tableLogicalId = data.getLogicalId(data.profiles.table.node.defaultChild as dynamodb.CfnTable);
    keyLogicalId = data.getLogicalId(data.profiles.key.node.defaultChild as kms.CfnKey);
    table = template.findResources('AWS::DynamoDB::Table')[tableLogicalId] as TableResource;
  });

  it('holds two DynamoDB tables, the profile table and the idempotency table, billed per request', () => {
    // Act
    const tables = template.findResources('AWS::DynamoDB::Table');

    // Assess
    expect(Object.keys(tables).sort()).toEqual([idempotencyLogicalId(), tableLogicalId].sort());
    for (const t of Object.values(tables)) expect(t.Properties.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('keeps idempotency records by id, expiring on their own, under the profile key, with point-in-time recovery', () => {
    // Act
    const idempotency = template.findResources('AWS::DynamoDB::Table')[idempotencyLogicalId()];

    // Assess
    expect(idempotency?.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      SSESpecification: { SSEEnabled: true, KMSMasterKeyId: { 'Fn::GetAtt': [keyLogicalId, 'Arn'] } },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it("encrypts the table with the stack's own customer-managed KMS key", () => {
    // Act
    const keys = template.findResources('AWS::KMS::Key');

    // Assess
    expect(Object.keys(keys)).toEqual([keyLogicalId]);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [keyLogicalId, 'Arn'] },
      },
    });
  });

  it('rotates the table key and keeps it when the stack is deleted or the key replaced', () => {
    // Act
    const key = template.findResources('AWS::KMS::Key')[keyLogicalId];

    // Assess
    expect(key).toMatchObject({
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('keeps the table, with point-in-time recovery, through stack deletion and delete calls', () => {
    // Act
    const resource = template.findResources('AWS::DynamoDB::Table')[tableLogicalId];

    // Assess
    expect(resource).toMatchObject({
      Properties: {
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('lets DynamoDB expire items by their expiresAt attribute', () => {
    // Assess
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(TABLE_SCHEMA.ttlAttribute).toBe('expiresAt');
  });

  it('streams new and old images of every change, so other channels can react to profile updates', () => {
    // Assess
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('keys items by pk (partition) and sk (sort), as the data adapter expects', () => {
    // Assess
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table.Properties.KeySchema).toEqual(keySchema(TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey));
  });

  it('has one global secondary index per TABLE_SCHEMA index and no other', () => {
    // Act
    const names = (table.Properties.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName);

    // Assess
    expect(names.sort()).toEqual(Object.keys(TABLE_SCHEMA.indexes).sort());
  });

  it.each(Object.entries(TABLE_SCHEMA.indexes))(
    'gives the %s index the keys TABLE_SCHEMA defines and projects every attribute into it',
    (name, index) => {
      // Act
      const gsi = table.Properties.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === name);

      // Assess
      expect(gsi, `index ${name} is missing from the table`).toBeDefined();
      expect(gsi?.KeySchema).toEqual(keySchema(index.partitionKey, index.sortKey));
      expect(gsi?.Projection).toEqual({ ProjectionType: 'ALL' });
    },
  );

  it('declares every table and index key attribute as a string', () => {
    // Prepare
    const keyAttributes = new Set<string>([TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey]);
    for (const index of Object.values(TABLE_SCHEMA.indexes)) {
      keyAttributes.add(index.partitionKey);
      if (index.sortKey) keyAttributes.add(index.sortKey);
    }

    // Act
    const definitions = table.Properties.AttributeDefinitions;

    // Assess
    expect(definitions.map((d) => d.AttributeName).sort()).toEqual([...keyAttributes].sort());
    expect(definitions.every((d) => d.AttributeType === 'S')).toBe(true);
  });
});
