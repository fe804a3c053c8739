import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SynthesizedAssembly, synthesize } from '../lib/local/cloud-assembly.ts';

/** A Lambda function of the synthesized app and the bundle its asset folder holds. */
export interface LambdaFunction {
  /** Construct path inside its stack, e.g. `CustomerContext`. */
  readonly name: string;
  readonly stack: string;
  /** `aws:cdk:path` of the function resource. */
  readonly constructPath: string;
  /** Absolute path of the function's asset folder in the cloud assembly. */
  readonly assetDir: string;
  /** Export the runtime calls (`index.handler` → `handler`). */
  readonly handlerExport: string;
  readonly memorySize: number | undefined;
  /** Environment as the template declares it; values may be intrinsics (`Fn::ImportValue`, `Ref`). */
  readonly environment: Readonly<Record<string, unknown>>;
}

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

interface AssemblyManifest {
  readonly artifacts?: Record<string, { type: string; properties?: { templateFile?: string } }>;
}

/** Synthesizes the app with esbuild bundling into `outdir` (with the resource Metadata `cdk synth` writes). */
export function synthesizeBundled(outdir: string): SynthesizedAssembly {
  return synthesize({ bundle: true, outdir });
}

/** Every AWS::Lambda::Function in every stack of the assembly, with its bundle folder. */
export function lambdaFunctions(assembly: SynthesizedAssembly): LambdaFunction[] {
  const manifest = JSON.parse(
    readFileSync(join(assembly.outdir, 'manifest.json'), 'utf8'),
  ) as AssemblyManifest;
  const stacks = Object.entries(manifest.artifacts ?? {}).filter(
    ([, artifact]) => artifact.type === 'aws:cloudformation:stack',
  );
  const functions: LambdaFunction[] = [];
  for (const [stack] of stacks) {
    const resources = assembly.template(stack).Resources as Record<string, CfnResource>;
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      functions.push(describeFunction(assembly.outdir, stack, logicalId, resource));
    }
  }
  return functions.sort((a, b) => a.constructPath.localeCompare(b.constructPath));
}

function describeFunction(
  outdir: string,
  stack: string,
  logicalId: string,
  resource: CfnResource,
): LambdaFunction {
  const constructPath = resource.Metadata?.['aws:cdk:path'];
  const assetPath = resource.Metadata?.['aws:asset:path'];
  if (typeof constructPath !== 'string' || typeof assetPath !== 'string') {
    throw new Error(
      `${stack}/${logicalId} has no aws:cdk:path or aws:asset:path Metadata (synthesize() asks for both)`,
    );
  }
  const props = resource.Properties ?? {};
  const handler = typeof props.Handler === 'string' ? props.Handler : 'index.handler';
  const variables = (props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
  return {
    name: functionName(constructPath, stack),
    stack,
    constructPath,
    assetDir: join(outdir, assetPath),
    handlerExport: handler.slice(handler.lastIndexOf('.') + 1),
    memorySize: typeof props.MemorySize === 'number' ? props.MemorySize : undefined,
    environment: variables ?? {},
  };
}

/** `tsunagu-dev-customer/CustomerContext/Function/Resource` → `CustomerContext`. */
export function functionName(constructPath: string, stack: string): string {
  const inStack = constructPath.startsWith(`${stack}/`)
    ? constructPath.slice(stack.length + 1)
    : constructPath;
  return inStack.replace(/\/Resource$/, '').replace(/\/Function$/, '');
}
