import { declaredFlowType, FLOW_TYPES, type FlowType } from './model.ts';

/**
 * Flow JSON the way people have it, turned into the flows to check: a bare flow-language document,
 * a `DescribeContactFlow` or `DescribeContactFlowModule` response, a `{Name, Type, Content}` export,
 * or a CloudFormation (or CDK-synthesized) template with `AWS::Connect::ContactFlow` and
 * `AWS::Connect::ContactFlowModule` resources, whose `Content` intrinsics (`Fn::Sub`, `Fn::Join`
 * with `Ref`, `Fn::GetAtt`, `Fn::ImportValue`) are resolved to stable placeholder values, each
 * recorded as a note. Pure: parsed JSON in, flows out (no files, no CDK, no AWS SDK).
 */

/** One flow found in the input. */
interface FlowInputCommon {
  /**
   * What the flow is called: the name given for a bare flow (the file's), the `Name` of a wrapper,
   * the logical id of a template resource.
   */
  readonly name: string;
  /** Other names it is known by: `Name`, `Id`, `Arn` (a placeholder ARN in a template). */
  readonly aliases: readonly string[];
  /** The type the input declares (modules: MODULE); absent for a bare flow. */
  readonly flowType?: FlowType;
  /** What was assumed to read it: each placeholder put in for a template reference, with its value. */
  readonly notes: readonly string[];
}

/** A flow with its parsed content, or one that cannot be used, with a one-line reason. */
export type FlowInput =
  | (FlowInputCommon & { readonly content: unknown })
  | (FlowInputCommon & { readonly error: string });

/** How the input held its flows. */
export type InputShape =
  | 'flow'
  | 'describe-contact-flow'
  | 'describe-contact-flow-module'
  | 'export'
  | 'template';

export interface FlowInputs {
  readonly shape: InputShape;
  readonly flows: readonly FlowInput[];
}

/** Account and region of every placeholder ARN. */
export const PLACEHOLDER_ACCOUNT = '123456789012';
export const PLACEHOLDER_REGION = 'ap-northeast-1';
/** The instance of a Connect ARN whose instance the template does not tell. */
const PLACEHOLDER_INSTANCE = 'PlaceholderInstance';

/** The inputs `flowInputs` reads, for messages. */
export const ACCEPTED_SHAPES =
  'a flow-language document (Version, StartAction, Actions[]), a DescribeContactFlow or DescribeContactFlowModule response, a {Name, Type, Content} export, or a CloudFormation template with AWS::Connect::ContactFlow or AWS::Connect::ContactFlowModule resources';

/**
 * The flows a parsed JSON file holds; `name` names a bare flow (and a wrapper without a Name).
 * Unknown JSON (and a legacy console export) gives an error: one line saying why.
 */
export function flowInputs(json: unknown, name: string): FlowInputs | { readonly error: string } {
  if (!isObject(json)) {
    return { error: `not a flow-language document, nor a wrapper of one: expected ${ACCEPTED_SHAPES}` };
  }
  if (Array.isArray(json.modules)) {
    return {
      error:
        'not a flow-language document: a legacy console export ("modules", version 1), which cannot be deployed: open it in the flow designer and export it again',
    };
  }
  // Anything that tries to be a flow is one: the validator says what is wrong with it.
  if ('Actions' in json || 'StartAction' in json || 'Version' in json) {
    const flowType = declaredFlowType(json);
    return {
      shape: 'flow',
      flows: [{ name, aliases: [], notes: [], content: json, ...(flowType ? { flowType } : {}) }],
    };
  }
  if (isObject(json.ContactFlow)) {
    return { shape: 'describe-contact-flow', flows: [wrapped(json.ContactFlow, 'ContactFlow', name)] };
  }
  if (isObject(json.ContactFlowModule)) {
    return {
      shape: 'describe-contact-flow-module',
      flows: [wrapped(json.ContactFlowModule, 'ContactFlowModule', name, 'MODULE')],
    };
  }
  if (isObject(json.Resources)) return template(json);
  if ('Content' in json) return { shape: 'export', flows: [wrapped(json, '', name)] };
  return { error: `not a flow-language document, nor a wrapper of one: expected ${ACCEPTED_SHAPES}` };
}

/** Every name a flow is known by: its name, then its aliases. */
export function flowNames(flow: FlowInput): string[] {
  return unique([flow.name, ...flow.aliases]);
}

/**
 * The one flow of the input to run or draw: the one `wanted` names (any of its names), or the only
 * one. Otherwise a one-line reason listing the names to choose from.
 */
export function selectFlow(
  inputs: FlowInputs,
  wanted: string | undefined,
): { readonly flow: FlowInput } | { readonly error: string } {
  const names = inputs.flows.map((f) => f.name).join(', ');
  if (wanted === undefined) {
    const [only] = inputs.flows;
    if (inputs.flows.length === 1 && only) return { flow: only };
    return { error: `holds ${inputs.flows.length} flows: choose one with --flow (${names})` };
  }
  const flow = inputs.flows.find((f) => flowNames(f).includes(wanted));
  return flow ? { flow } : { error: `has no flow ${wanted}: it holds ${names}` };
}

// ------------------------------------------------------------------ wrappers

/** A DescribeContactFlow(Module) response's object, or a `{Name, Type, Content}` export. */
function wrapped(
  object: Record<string, unknown>,
  key: string,
  fallbackName: string,
  moduleType?: FlowType,
): FlowInput {
  const where = key ? `${key}.Content` : 'Content';
  const aliases = ['Name', 'Id', 'Arn'].map((k) => object[k]).filter((v): v is string => isName(v));
  const name = aliases[0] ?? fallbackName;
  const notes: string[] = [];
  const flowType = moduleType ?? declaredType(object.Type, notes);
  const common = { name, aliases: unique(aliases).filter((a) => a !== name), notes, ...typed(flowType) };
  const raw = object.Content;
  if (raw === undefined) return { ...common, error: `${key || 'the export'} has no Content` };
  const parsed = typeof raw === 'string' ? parseContent(raw, where) : shaped(raw, where);
  return { ...common, ...parsed };
}

/** The flow type a wrapper or resource declares; an unknown one is noted and left to the default. */
function declaredType(value: unknown, notes: string[]): FlowType | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (FLOW_TYPES as readonly string[]).includes(value))
    return value as FlowType;
  notes.push(
    `Type ${JSON.stringify(value)} is not a flow type (${FLOW_TYPES.join(', ')}): checked by default`,
  );
  return undefined;
}

const typed = (flowType: FlowType | undefined) => (flowType ? { flowType } : {});

/** Content text parsed, checked to be a flow-language document (and never called a legacy export). */
function parseContent(
  text: string,
  where: string,
  after = '',
): { readonly content: unknown } | { readonly error: string } {
  let content: unknown;
  try {
    content = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { error: `${where}${after} is not JSON: ${(error as Error).message.split('\n')[0]}` };
  }
  return shaped(content, where);
}

function shaped(content: unknown, where: string): { readonly content: unknown } | { readonly error: string } {
  if (
    isObject(content) &&
    Array.isArray(content.Actions) &&
    'StartAction' in content &&
    'Version' in content
  ) {
    return { content };
  }
  return {
    error: `${where} is not a flow-language document: expected an object with Version, StartAction and Actions[]`,
  };
}

// ------------------------------------------------------------------ templates

interface Resource {
  readonly Type?: unknown;
  readonly Properties?: Record<string, unknown>;
}

const FLOW_RESOURCES = new Set(['AWS::Connect::ContactFlow', 'AWS::Connect::ContactFlowModule']);

function template(json: Record<string, unknown>): FlowInputs | { readonly error: string } {
  const resources = json.Resources as Record<string, Resource>;
  const parameters = isObject(json.Parameters) ? json.Parameters : {};
  const references = new References(resources, parameters);
  const flows: FlowInput[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (!isObject(resource) || typeof resource.Type !== 'string' || !FLOW_RESOURCES.has(resource.Type))
      continue;
    const props = isObject(resource.Properties) ? resource.Properties : {};
    const notes: string[] = [];
    const flowType =
      resource.Type === 'AWS::Connect::ContactFlowModule' ? 'MODULE' : declaredType(props.Type, notes);
    const arn = references.placeholder(id, undefined).value;
    const aliases = unique([...(isName(props.Name) && props.Name !== id ? [props.Name] : []), arn]);
    const common = { name: id, aliases, notes, ...typed(flowType) };
    flows.push({ ...common, ...templateContent(props.Content, references, notes) });
  }
  if (flows.length === 0) {
    return {
      error:
        'a CloudFormation template with no AWS::Connect::ContactFlow or AWS::Connect::ContactFlowModule resource: no flow to check',
    };
  }
  return { shape: 'template', flows };
}

function templateContent(
  raw: unknown,
  references: References,
  notes: string[],
): { readonly content: unknown } | { readonly error: string } {
  const where = 'Properties.Content';
  if (raw === undefined) return { error: `${where} is missing` };
  if (typeof raw === 'string') return parseContent(raw, where);
  if (!isIntrinsic(raw)) return shaped(raw, where);
  let text: string;
  try {
    text = references.resolve(raw, notes);
  } catch (error) {
    if (error instanceof Unresolvable) return { error: `${where}: ${error.message}` };
    throw error;
  }
  return parseContent(text, where, `, with its references substituted,`);
}

class Unresolvable extends Error {}

/**
 * Resolves intrinsics to text: every reference becomes a stable placeholder of the kind it stands
 * for, and a note (`${X.Arn} → arn:… (placeholder)`), once per flow.
 */
class References {
  constructor(
    private readonly resources: Readonly<Record<string, Resource>>,
    private readonly parameters: Readonly<Record<string, unknown>>,
  ) {}

  resolve(value: unknown, notes: string[]): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (!isObject(value) || !isIntrinsic(value)) {
      throw new Unresolvable(`${JSON.stringify(value)} is not text nor a reference`);
    }
    const [fn] = Object.keys(value);
    const arg = value[fn as string];
    switch (fn) {
      case 'Ref':
        if (typeof arg !== 'string') throw new Unresolvable('a Ref must name a resource or parameter');
        return this.reference(arg, undefined, notes);
      case 'Fn::GetAtt': {
        const [id, ...attr] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
        if (!id || attr.length === 0)
          throw new Unresolvable(`Fn::GetAtt ${JSON.stringify(arg)} is malformed`);
        return this.reference(id, attr.join('.'), notes);
      }
      case 'Fn::ImportValue':
        return this.imported(this.resolve(arg, notes), notes);
      case 'Fn::Join': {
        const [separator, parts] = Array.isArray(arg) ? arg : [];
        if (typeof separator !== 'string' || !Array.isArray(parts)) {
          throw new Unresolvable(
            'Fn::Join takes [separator, [parts]] (a list from another function is not resolved offline)',
          );
        }
        return parts.map((p) => this.resolve(p, notes)).join(separator);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        if (typeof text !== 'string' || !isObject(vars))
          throw new Unresolvable('Fn::Sub takes a string or [string, {variables}]');
        return this.substitute(text, vars, notes);
      }
      default:
        throw new Unresolvable(
          `uses ${fn}, which is not resolved offline (Fn::Sub, Fn::Join, Ref, Fn::GetAtt and Fn::ImportValue are)`,
        );
    }
  }

  private substitute(text: string, vars: Record<string, unknown>, notes: string[]): string {
    return text.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      if (name in vars) return this.resolve(vars[name], notes);
      const dot = name.indexOf('.');
      return dot > 0 && !name.startsWith('AWS::')
        ? this.reference(name.slice(0, dot), name.slice(dot + 1), notes)
        : this.reference(name, undefined, notes);
    });
  }

  /** `Ref` (attr undefined) or `Fn::GetAtt`, with its note. */
  private reference(id: string, attr: string | undefined, notes: string[]): string {
    const label = `\${${attr ? `${id}.${attr}` : id}}`;
    const { value, why } = this.placeholder(id, attr);
    note(notes, `${label} → ${value === '' ? '""' : value} (${why})`);
    return value;
  }

  private imported(exportName: string, notes: string[]): string {
    // CDK names its exports `<stack>:ExportsOutput{FnGetAtt|Ref}<logical id><attr><hash>`.
    const cdk = /ExportsOutput(?:FnGetAtt|Ref)(.+?[0-9A-F]{8})(\w*?)[0-9A-F]{8}$/.exec(exportName);
    const value = cdk
      ? this.hinted(cdk[1] as string, cdk[2] || undefined)
      : nameKind(exportName)
        ? this.hinted(exportName.replace(/[^A-Za-z0-9-]+/g, '-'), 'Arn')
        : `placeholder-${exportName.replace(/[^A-Za-z0-9-]+/g, '-')}`;
    note(notes, `Fn::ImportValue ${exportName} → ${value} (placeholder)`);
    return value;
  }

  /** The placeholder for a reference, and what it is. */
  placeholder(id: string, attr: string | undefined): { value: string; why: string } {
    if (id.startsWith('AWS::')) return { value: pseudo(id), why: 'placeholder' };
    const parameter = this.parameters[id];
    if (parameter !== undefined && !(id in this.resources)) {
      const fallback = isObject(parameter) ? parameter.Default : undefined;
      if (typeof fallback === 'string' || typeof fallback === 'number') {
        return { value: String(fallback), why: 'parameter default' };
      }
      return { value: `placeholder-${id}`, why: 'placeholder' };
    }
    return { value: this.hinted(id, attr), why: 'placeholder' };
  }

  /** A resource reference: by the resource's type when the template has it, else by its name. */
  private hinted(id: string, attr: string | undefined): string {
    const resource = this.resources[id];
    const type = isObject(resource) && typeof resource.Type === 'string' ? resource.Type : undefined;
    const kind = (type ? TYPE_KINDS[type] : undefined) ?? attrKind(attr) ?? nameKind(id);
    const generic = attr ? `placeholder-${id}-${attr}` : `placeholder-${id}`;
    const asArn = attr === undefined || attr.endsWith('Arn');
    const asId = attr?.endsWith('Id') === true;
    switch (kind) {
      case 'lambda':
        if (attr === undefined) return id;
        return attr.endsWith('Arn') ? `${arnPrefix('lambda')}function:${id}` : generic;
      case 'lex-alias': {
        if (asId || attr === undefined) return id;
        const bot = isObject(resource?.Properties) ? refId(resource.Properties.BotId) : undefined;
        return attr.endsWith('Arn')
          ? `${arnPrefix('lex')}bot-alias/${bot ?? 'PlaceholderBot'}/${id}`
          : generic;
      }
      case 'lex-bot':
        if (asId || attr === undefined) return id;
        return attr.endsWith('Arn') ? `${arnPrefix('lex')}bot/${id}` : generic;
      case 'instance':
        return asId ? id : asArn ? `${arnPrefix('connect')}instance/${id}` : generic;
      case undefined:
        return generic;
      default:
        return asId ? id : asArn ? `${this.instanceOf(resource)}/${kind}/${id}` : generic;
    }
  }

  /** The instance ARN a Connect resource names, so its ARN and the others' agree. */
  private instanceOf(resource: Resource | undefined): string {
    const arn = isObject(resource?.Properties) ? resource.Properties.InstanceArn : undefined;
    if (typeof arn === 'string' && /^arn:[\w-]+:connect:[^:]*:\d*:instance\/[^/]+$/.test(arn)) return arn;
    return `${arnPrefix('connect')}instance/${refId(arn) ?? PLACEHOLDER_INSTANCE}`;
  }
}

type Kind =
  | 'lambda'
  | 'lex-alias'
  | 'lex-bot'
  | 'instance'
  | 'queue'
  | 'contact-flow'
  | 'flow-module'
  | 'prompt'
  | 'operating-hours'
  | 'transfer-destination'
  | 'routing-profile'
  | 'agent';

const TYPE_KINDS: Readonly<Record<string, Kind>> = {
  'AWS::Lambda::Function': 'lambda',
  'AWS::Serverless::Function': 'lambda',
  'AWS::Lambda::Alias': 'lambda',
  'AWS::Lex::BotAlias': 'lex-alias',
  'AWS::Lex::Bot': 'lex-bot',
  'AWS::Connect::Instance': 'instance',
  'AWS::Connect::Queue': 'queue',
  'AWS::Connect::ContactFlow': 'contact-flow',
  'AWS::Connect::ContactFlowModule': 'flow-module',
  'AWS::Connect::Prompt': 'prompt',
  'AWS::Connect::HoursOfOperation': 'operating-hours',
  'AWS::Connect::QuickConnect': 'transfer-destination',
  'AWS::Connect::RoutingProfile': 'routing-profile',
  'AWS::Connect::User': 'agent',
};

/** CloudFormation's attribute names of Connect resources tell the kind. */
function attrKind(attr: string | undefined): Kind | undefined {
  switch (attr) {
    case 'QueueArn':
      return 'queue';
    case 'ContactFlowArn':
      return 'contact-flow';
    case 'ContactFlowModuleArn':
      return 'flow-module';
    case 'PromptArn':
      return 'prompt';
    case 'HoursOfOperationArn':
      return 'operating-hours';
    case 'QuickConnectArn':
      return 'transfer-destination';
    default:
      return undefined;
  }
}

/** A resource the template does not hold (another stack's, an import) by what its name says. */
function nameKind(id: string): Kind | undefined {
  const n = id.toLowerCase();
  if (n.includes('botalias')) return 'lex-alias';
  if (n.includes('lambda') || n.includes('function')) return 'lambda';
  if (n.includes('module')) return 'flow-module';
  if (n.includes('flow')) return 'contact-flow';
  if (n.includes('queue')) return 'queue';
  if (n.includes('prompt')) return 'prompt';
  if (n.includes('hours')) return 'operating-hours';
  if (n.includes('instance')) return 'instance';
  return undefined;
}

const arnPrefix = (service: string) => `arn:aws:${service}:${PLACEHOLDER_REGION}:${PLACEHOLDER_ACCOUNT}:`;

function pseudo(name: string): string {
  switch (name) {
    case 'AWS::Region':
      return PLACEHOLDER_REGION;
    case 'AWS::AccountId':
      return PLACEHOLDER_ACCOUNT;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return 'placeholder-stack';
    case 'AWS::StackId':
      return `${arnPrefix('cloudformation')}stack/placeholder-stack/00000000-0000-4000-8000-000000000000`;
    case 'AWS::NoValue':
      return '';
    default:
      return `placeholder-${name.replace(/::/g, '-')}`;
  }
}

/** The logical id a `Ref` or `Fn::GetAtt` names. */
function refId(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return typeof getAtt === 'string' ? getAtt.split('.')[0] : undefined;
}

function note(notes: string[], text: string) {
  if (!notes.includes(text)) notes.push(text);
}

// ------------------------------------------------------------------ helpers

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `{"Ref": …}` or `{"Fn::…": …}`: one key, an intrinsic function's. */
function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || (keys[0] ?? '').startsWith('Fn::'));
}

const isName = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
