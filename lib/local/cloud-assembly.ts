import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { App } from 'aws-cdk-lib';
import { addTsunagu, stackNames } from '../app.ts';
import { cdkJsonContext } from '../cdk-context.ts';
import { loadStageConfig, type StageConfig } from '../config/stage-config.ts';

export interface SynthesizedApp {
  readonly config: StageConfig;
  template(stackName: string): CloudFormationTemplate;
}

/** A synthesized app whose cloud assembly stays on disk (asset folders included). */
export interface SynthesizedAssembly extends SynthesizedApp {
  /** The cloud assembly folder (cdk.out equivalent). */
  readonly outdir: string;
}

export interface CloudFormationTemplate {
  readonly Resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }
  >;
}

/** The name the local twin (and bench) gives the profile table of a stage. */
export function localTableName(stage: string): string {
  return `tsunagu-${stage}-profiles`;
}

export interface SynthOptions {
  readonly stage?: string;
  /** Bundle Lambda code with esbuild (slower); the twin runs handlers from source and skips it. */
  readonly bundle?: boolean;
  /**
   * Write the cloud assembly here and leave it (the caller removes it).
   * @default a temporary folder, removed once the templates are read
   */
  readonly outdir?: string;
}

/**
 * Synthesizes the same CDK app `cdk synth` does (cdk.json context, cdk-nag included) in-process,
 * and gives access to its templates: the local twin builds its world from them.
 */
export function synthesize(options: SynthOptions & { readonly outdir: string }): SynthesizedAssembly;
export function synthesize(options?: SynthOptions): SynthesizedApp;
export function synthesize(options: SynthOptions = {}): SynthesizedApp {
  if (options.outdir) return synthesizeInto(options.outdir, options);
  const outdir = mkdtempSync(join(tmpdir(), 'tsunagu-assembly-'));
  try {
    const { config } = synthesizeInto(outdir, options);
    // The text of each template, parsed on every call as from disk (callers may change what they get).
    const templates = new Map(
      readdirSync(outdir)
        .filter((file) => file.endsWith(TEMPLATE_SUFFIX))
        .map((file) => [file.slice(0, -TEMPLATE_SUFFIX.length), readFileSync(join(outdir, file), 'utf8')]),
    );
    return {
      config,
      template: (stackName) => {
        const text = templates.get(stackName);
        if (text === undefined) throw new Error(`the synthesized app has no stack ${stackName}`);
        return JSON.parse(text) as CloudFormationTemplate;
      },
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const TEMPLATE_SUFFIX = '.template.json';

function synthesizeInto(outdir: string, options: SynthOptions): SynthesizedAssembly {
  const context = cdkJsonContext();
  const app = new App({
    outdir,
    context: {
      ...context,
      ...(options.stage ? { stage: options.stage } : {}),
      // What `cdk synth` asks for: resource paths and asset folders in template Metadata.
      'aws:cdk:enable-path-metadata': true,
      'aws:cdk:enable-asset-metadata': true,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const config = loadStageConfig({
    stage: app.node.tryGetContext('stage'),
    stages: app.node.tryGetContext('stages'),
  });
  addTsunagu(app, config);
  app.synth();
  return {
    config,
    outdir,
    template: (stackName) =>
      JSON.parse(
        readFileSync(join(outdir, `${stackName}${TEMPLATE_SUFFIX}`), 'utf8'),
      ) as CloudFormationTemplate,
  };
}

/**
 * CreateTable input for the profile table as the data stack's template defines it: keys,
 * attribute definitions, GSIs, billing and stream. TTL is applied separately (ttlAttributeOf).
 */
export function profileTableDefinition(assembly: SynthesizedApp, tableName: string): TableDefinition {
  return tableDefinitionFromTemplate(profileTableResource(assembly).properties, tableName);
}

/** The data stack's profile table (construct `Profiles`): its logical id and properties. */
export function profileTableResource(assembly: SynthesizedApp): {
  logicalId: string;
  properties: Record<string, unknown>;
} {
  const tables = dataTables(assembly).filter((t) => t.constructId === 'Profiles');
  const [table] = tables;
  if (tables.length !== 1 || !table) {
    throw new Error(
      `expected one profile table (construct Profiles) in the data stack, found ${tables.length}`,
    );
  }
  return table;
}

/** Every AWS::DynamoDB::Table of the data stack, with its construct id (`Profiles`, `Idempotency`). */
export function dataTables(
  assembly: SynthesizedApp,
): { logicalId: string; constructId: string; properties: Record<string, unknown> }[] {
  const template = assembly.template(stackNames(assembly.config.stage).data);
  return Object.entries(template.Resources).flatMap(([logicalId, r]) =>
    r.Type === 'AWS::DynamoDB::Table' && r.Properties
      ? [
          {
            logicalId,
            constructId: String(r.Metadata?.['aws:cdk:path'] ?? '').split('/')[1] ?? logicalId,
            properties: r.Properties,
          },
        ]
      : [],
  );
}

/**
 * The local name of a data-stack table: the profile table is `tableName` (the twin's, the tests'),
 * every other one `<tableName>-<construct id in lower case>`.
 */
export const localTableNameOf = (tableName: string, constructId: string) =>
  constructId === 'Profiles' ? tableName : `${tableName}-${constructId.toLowerCase()}`;

export interface TableDefinition {
  readonly create: CreateTableCommandInput;
  readonly ttlAttribute?: string;
}

export function tableDefinitionFromTemplate(
  props: Record<string, unknown>,
  tableName: string,
): TableDefinition {
  const p = props as {
    KeySchema: CreateTableCommandInput['KeySchema'];
    AttributeDefinitions: CreateTableCommandInput['AttributeDefinitions'];
    GlobalSecondaryIndexes?: CreateTableCommandInput['GlobalSecondaryIndexes'];
    BillingMode?: string;
    StreamSpecification?: { StreamViewType: 'NEW_AND_OLD_IMAGES' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'KEYS_ONLY' };
    TimeToLiveSpecification?: { AttributeName?: string; Enabled?: boolean };
  };
  const create: CreateTableCommandInput = {
    TableName: tableName,
    KeySchema: p.KeySchema,
    AttributeDefinitions: p.AttributeDefinitions,
    BillingMode: p.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    ...(p.BillingMode === 'PAY_PER_REQUEST'
      ? {}
      : { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }),
    ...(p.GlobalSecondaryIndexes?.length
      ? {
          GlobalSecondaryIndexes: p.GlobalSecondaryIndexes.map((g) => ({
            IndexName: g.IndexName,
            KeySchema: g.KeySchema,
            Projection: g.Projection,
          })),
        }
      : {}),
    ...(p.StreamSpecification
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: p.StreamSpecification.StreamViewType } }
      : {}),
  };
  const ttl = p.TimeToLiveSpecification;
  return ttl?.Enabled && ttl.AttributeName ? { create, ttlAttribute: ttl.AttributeName } : { create };
}
