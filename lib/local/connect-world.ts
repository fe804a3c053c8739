import { stackNames } from '../app.ts';
import type { FlowDocument } from '../flow-language/model.ts';
import type { HoursOfOperation, QueueState, SimulationFlow } from '../flow-language/simulator.ts';
import type { CloudFormationTemplate, SynthesizedApp } from './cloud-assembly.ts';

/** The local Amazon Connect: what the synthesized Connect stack deploys, as the simulator runs it. */
export interface LocalConnect {
  readonly instanceArn: string;
  /** Every flow of the stack, named by project name and by its local ARN. */
  readonly flows: readonly SimulationFlow[];
  readonly queues: Readonly<Record<string, QueueState>>;
  readonly hours: Readonly<Record<string, HoursOfOperation>>;
  /** Project flow names of the entry flows (from the stack's outputs). */
  readonly entries: { readonly voice?: string; readonly chat?: string };
  /** Local Lambda ARN → the construct id of the function (the twin's function name). */
  readonly functions: ReadonlyMap<string, string>;
  /** The local ARN of the queue with this configured name. */
  queueArn(name: string): string;
}

/** The account id of the local world. */
export const LOCAL_ACCOUNT = '000000000000';

type Template = CloudFormationTemplate & {
  readonly Outputs?: Record<string, { Value?: unknown; Export?: { Name?: string } }>;
};

/**
 * Reads the Connect stack of the cloud assembly: queues with their names and hours, the hours of
 * operation, and every flow's Content with its CloudFormation references resolved to local ids
 * (queues, flows, the instance) and to the twin's functions (Lambda ARNs imported from the
 * customer stack). The flow JSON is what `cdk deploy` would send, token for token.
 */
export function localConnect(assembly: SynthesizedApp): LocalConnect {
  const names = stackNames(assembly.config.stage);
  const templates = new Map<string, Template>(
    Object.values(names).map((n) => [n, assembly.template(n) as Template] as const),
  );
  const connect = templates.get(names.connect) as Template;
  const region = assembly.config.region;
  const resources = connect.Resources;
  const byType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  const instance = byType('AWS::Connect::Instance')[0];
  const importedArn = (byType('AWS::Connect::Queue')[0]?.[1].Properties?.InstanceArn ?? '') as unknown;
  const instanceArn = instance
    ? `arn:aws:connect:${region}:${LOCAL_ACCOUNT}:instance/00000000-0000-4000-8000-000000000001`
    : String(importedArn);

  const hoursIds = new Map(
    byType('AWS::Connect::HoursOfOperation').map(([id]) => [id, `${instanceArn}/operating-hours/${id}`]),
  );
  const queueIds = new Map(
    byType('AWS::Connect::Queue').map(([id, r]) => [
      id,
      `${instanceArn}/queue/${String(r.Properties?.Name)}`,
    ]),
  );
  const flowName = (id: string) => String(resources[id]?.Metadata?.['tsunagu:flow'] ?? id);
  const flowIds = new Map(
    byType('AWS::Connect::ContactFlow').map(([id]) => [id, `${instanceArn}/contact-flow/${flowName(id)}`]),
  );

  const functions = new Map<string, string>();
  const resolve = (value: unknown, where: string): string => {
    if (typeof value === 'string') return value;
    const v = value as Record<string, unknown>;
    if (Array.isArray(v['Fn::Join'])) {
      const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => resolve(p, where)).join(separator);
    }
    if (Array.isArray(v['Fn::GetAtt'])) {
      const [id] = v['Fn::GetAtt'] as [string, string];
      if (instance && id === instance[0]) return instanceArn;
      const local = queueIds.get(id) ?? flowIds.get(id) ?? hoursIds.get(id);
      if (local) return local;
    }
    if (typeof v.Ref === 'string') {
      const pseudo: Record<string, string> = {
        'AWS::AccountId': LOCAL_ACCOUNT,
        'AWS::Region': region,
        'AWS::Partition': 'aws',
        'AWS::URLSuffix': 'amazonaws.com',
      };
      if (pseudo[v.Ref]) return pseudo[v.Ref] as string;
    }
    if (typeof v['Fn::ImportValue'] === 'string') {
      const fn = importedFunction(templates, v['Fn::ImportValue']);
      if (fn) {
        const arn = `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:${fn}`;
        functions.set(arn, fn);
        return arn;
      }
    }
    throw new Error(
      `${names.connect}: ${where} refers to ${JSON.stringify(value)}, which has no local equivalent`,
    );
  };

  const hours: Record<string, HoursOfOperation> = {};
  for (const [id, r] of byType('AWS::Connect::HoursOfOperation')) {
    const p = r.Properties as {
      TimeZone: string;
      Config: {
        Day: string;
        StartTime: { Hours: number; Minutes: number };
        EndTime: { Hours: number; Minutes: number };
      }[];
    };
    const hhmm = (t: { Hours: number; Minutes: number }) =>
      `${String(t.Hours).padStart(2, '0')}:${String(t.Minutes).padStart(2, '0')}`;
    hours[hoursIds.get(id) as string] = {
      timeZone: p.TimeZone,
      days: Object.fromEntries(
        p.Config.map((c) => [c.Day.slice(0, 3), [hhmm(c.StartTime), hhmm(c.EndTime)]]),
      ),
    };
  }
  const queues: Record<string, QueueState> = {};
  for (const [id, r] of byType('AWS::Connect::Queue')) {
    queues[queueIds.get(id) as string] = {
      name: String(r.Properties?.Name),
      hours: resolve(r.Properties?.HoursOfOperationArn, `queue ${id}`),
    };
  }
  const flows = byType('AWS::Connect::ContactFlow').map(([id, r]) => ({
    flow: JSON.parse(resolve(r.Properties?.Content, `flow ${flowName(id)}`)) as FlowDocument,
    names: [flowName(id), flowIds.get(id) as string],
  }));

  const entryOf = (output: string) => {
    const value = connect.Outputs?.[output]?.Value as { 'Fn::GetAtt'?: [string, string] } | undefined;
    const id = value?.['Fn::GetAtt']?.[0];
    return id ? flowName(id) : undefined;
  };
  const voice = entryOf('VoiceEntryFlowArn');
  const chat = entryOf('ChatEntryFlowArn');
  return {
    instanceArn,
    flows,
    queues,
    hours,
    entries: { ...(voice ? { voice } : {}), ...(chat ? { chat } : {}) },
    functions,
    queueArn: (name) => `${instanceArn}/queue/${name}`,
  };
}

/** The construct id of the Lambda function another stack exports under `exportName`. */
function importedFunction(templates: ReadonlyMap<string, Template>, exportName: string): string | undefined {
  for (const template of templates.values()) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (output.Export?.Name !== exportName) continue;
      const getAtt = (output.Value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
      const resource = getAtt ? template.Resources[getAtt[0]] : undefined;
      if (resource?.Type !== 'AWS::Lambda::Function') return undefined;
      return String(resource.Metadata?.['aws:cdk:path'] ?? '').split('/')[1];
    }
  }
  return undefined;
}
