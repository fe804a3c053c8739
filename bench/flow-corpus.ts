import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlowType } from '../lib/flow-language/model.ts';
import { validateFlow } from '../lib/flow-language/validator.ts';

const CORPUS = fileURLToPath(new URL('../test/fixtures/connect-flows/', import.meta.url));

/**
 * The real-world folder's flow types, as test/unit/flow-validator.test.ts (FIXTURE_TYPES) and the
 * folder's README give them: that folder has no types.json of its own.
 */
const REAL_WORLD_TYPES: Readonly<Record<string, FlowType>> = {
  'callbackmgmt-cfSetCallBackflow.json': 'CONTACT_FLOW',
  'callbackmgmt-cfAgentCallBackWhisperflow.json': 'AGENT_WHISPER',
  'callbackmgmt-cfOutboundWhisperflow.json': 'OUTBOUND_WHISPER',
  'contact-surveys-inbound.json': 'CONTACT_FLOW',
  'contact-surveys-disconnect.json': 'CONTACT_FLOW',
  'contact-surveys-module.cfn-template.json': 'MODULE',
};

export interface CorpusFolder {
  readonly folder: string;
  readonly files: number;
  readonly actions: number;
  readonly errors: number;
  readonly warnings: number;
}

export interface FlowCorpus {
  readonly folders: readonly CorpusFolder[];
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  /** Wall time of validating every file once, reading and parsing included. */
  readonly ms: number;
}

/** What CloudFormation's Fn::Sub does to the contact-surveys module's ${X.Arn} placeholders. */
function substituteArns(text: string): string {
  return text.replace(/\$\{(\w+)\.Arn\}/g, (_m, name: string) =>
    name.includes('Lex')
      ? 'arn:aws:lex:ap-northeast-1:111122223333:bot-alias/ABCDEFGHIJ/TSTALIASID'
      : `arn:aws:lambda:ap-northeast-1:111122223333:function:${name}`,
  );
}

/**
 * Validates every flow of the two fixture corpora under its flow type (wild: wild/types.json;
 * real-world: REAL_WORLD_TYPES) and counts the diagnostics. A file without a type is an error
 * here, so a new fixture cannot drop out of the totals unseen.
 */
export function validateCorpus(): FlowCorpus {
  const wild = join(CORPUS, 'wild');
  const wildTypes = JSON.parse(readFileSync(join(wild, 'types.json'), 'utf8')) as Record<string, FlowType>;
  const sets = [
    { folder: 'wild', dir: wild, types: wildTypes, prepare: (text: string) => text },
    {
      folder: 'real-world',
      dir: join(CORPUS, 'real-world'),
      types: REAL_WORLD_TYPES,
      prepare: substituteArns,
    },
  ];
  const t0 = performance.now();
  const folders = sets.map(({ folder, dir, types, prepare }) => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json') && f !== 'types.json')
      .sort();
    let actions = 0;
    let errors = 0;
    let warnings = 0;
    for (const file of files) {
      const flowType = types[file];
      if (!flowType) throw new Error(`${folder}/${file} has no flow type (bench/flow-corpus.ts)`);
      const content = JSON.parse(prepare(readFileSync(join(dir, file), 'utf8'))) as { Actions?: unknown[] };
      actions += content.Actions?.length ?? 0;
      for (const d of validateFlow(content, { flowType })) {
        if (d.severity === 'error') errors++;
        else warnings++;
      }
    }
    return { folder, files: files.length, actions, errors, warnings };
  });
  const ms = performance.now() - t0;
  const sum = (key: 'files' | 'errors' | 'warnings') => folders.reduce((n, f) => n + f[key], 0);
  return { folders, files: sum('files'), errors: sum('errors'), warnings: sum('warnings'), ms };
}
