#!/usr/bin/env -S npx tsx
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import type * as commander from 'commander';
import type { SimulateCommandOptions } from '../lib/cli/flow-commands.ts';
import { DEFAULT_TWIN_PORT } from '../lib/local/defaults.ts';
import type { Twin } from '../lib/local/twin.ts';

const requireHere = createRequire(import.meta.url);
let commanderModule: typeof commander | undefined;
/**
 * commander, loaded for the commands that need it (all but the fast `flow validate` below, which
 * node:util parses). Required, not imported: an ES module importing a CommonJS package starts
 * Node's CommonJS lexer.
 */
function commanderLib(): typeof commander {
  commanderModule ??= requireHere('commander') as typeof commander;
  return commanderModule;
}

/**
 * Set only in the compiled CLI (scripts/build-cli.ts): the project folder, relative to the
 * compiled file. Run from source (tsx), this file is in bin/, one folder down.
 */
declare const TSUNAGU_ROOT: string | undefined;
const compiled = typeof TSUNAGU_ROOT === 'string';
const projectRoot = new URL(compiled ? TSUNAGU_ROOT : '../', import.meta.url);

// The AWS SDK's notice that it will need Node 22 from 2027 is noise here (the Lambdas run on Node 24).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The CLI as commander parses it: every command, its options and help. */
function cli(): commander.Command {
  const { Command } = commanderLib();
  const program = new Command()
    .name('tsunagu')
    .description('tsunagu: serverless omnichannel contact center on AWS. Commands for local work.')
    .showHelpAfterError()
    .helpCommand(true)
    // Usage errors exit 2 (unusable input), never 1, which `flow validate` keeps for "errors found".
    .exitOverride();

  program
    .command('local')
    .description('run the local twin: DynamoDB Local with the synthesized table, demo data and the HTTP API')
    .option('-p, --port <port>', 'HTTP port on 127.0.0.1 (0 = any free port)', parsePort, DEFAULT_TWIN_PORT)
    .option('-d, --data-dir <dir>', 'keep data in this folder between runs (default: in memory)')
    .option('-s, --stage <stage>', 'stage config from cdk.json to run', 'dev')
    .option('--no-seed', 'do not add the demo customers')
    .action(async (options: { port: number; dataDir?: string; stage: string; seed: boolean }) => {
      // Until the twin runs, a signal ends the process at once, by its default action (even in the
      // middle of synthesis, which holds the event loop for seconds): the twin's guardian then stops
      // DynamoDB Local and removes the run's folder. Once it runs, a signal stops it in order.
      let running: Twin | undefined;
      let stopping = false;
      const shutdown = (reason: NodeJS.Signals | 'disconnect') => {
        if (stopping) return;
        stopping = true;
        if (!running) process.exit(1);
        // After a hang-up (or with the parent gone) there may be no terminal left to write to.
        const quiet = reason === 'SIGHUP' || reason === 'disconnect';
        if (!quiet) console.error(`[tsunagu] ${reason}: stopping…`);
        running.stop().then(
          () => {
            if (!quiet) console.error('[tsunagu] stopped');
            process.exit(0);
          },
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
      };
      stopWhenParentDisconnects(() => shutdown('disconnect'));

      // The twin (the CDK app, aws-cdk-lib, the AWS SDK) loads only for the commands that run it.
      const { startTwin } = await fromSource<typeof import('../lib/local/twin.ts')>('lib/local/twin.ts');
      running = await startTwin({
        port: options.port,
        stage: options.stage,
        seed: options.seed,
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
        log: (line) => console.error(`[tsunagu] ${line}`),
      });
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
        process.once(signal, () => shutdown(signal));
      }
      console.log(
        `tsunagu local twin ready at ${running.url}  (try: curl '${running.url}/customers?phone=090-1234-5678')`,
      );
      console.error('[tsunagu] Ctrl-C stops it');
    });

  program
    .command('call')
    .description(
      'phone the local IVR from this terminal: prompts printed, keys typed (starts its own twin with the demo customers)',
    )
    .requiredOption('--from <number>', 'the calling number, e.g. +819012345678 or 090-1234-5678')
    .option('--at <iso>', 'when the call is made, e.g. 2026-11-24T22:00:00+09:00 (default: now)')
    .option('--chat', 'start a chat instead of a call')
    .option('--agent-hangup', 'an agent answers when queued and hangs up after a while (the survey runs)')
    .option('--queue-wait <seconds>', 'how long the oldest caller has waited in every queue', parseSeconds, 0)
    .option(
      '-d, --data-dir <dir>',
      'use the data of a twin that ran with this --data-dir (not while it runs)',
    )
    .option('-s, --stage <stage>', 'stage config from cdk.json', 'dev')
    .action(async (options) => {
      // Whatever ends this process, the twin's guardian stops DynamoDB Local and removes its folder.
      stopWhenParentDisconnects(() => process.exit(1));
      const { callCommand } =
        await fromSource<typeof import('../lib/cli/call-command.ts')>('lib/cli/call-command.ts');
      process.exitCode = await callCommand(options, {
        out: (line) => console.log(line),
        err: (line) => console.error(line),
      });
    });

  const flow = program
    .command('flow')
    .description('Amazon Connect flows: list, validate, simulate and render offline');

  flow
    .command('list')
    .description("the project's flows: what validate, render and simulate accept by name")
    .option('--json', 'print {"flows":[{"name","type","channels","entry","actions","description"}]}')
    .action(async (options: { json?: boolean }) => {
      const { listCommand } = await command<FlowCommands>('flow-commands');
      process.exitCode = listCommand(options, {
        out: (line) => console.log(line),
        err: (line) => console.error(line),
      });
    });

  flow
    .command('actions')
    .description('every action type the toolkit knows: console block, flow types, channels, reference page')
    .option('--json', 'print {"actions":[{"type","block","flowTypes","channels","terminal"?,"source"}]}')
    .action(async (options: { json?: boolean }) => {
      const { actionsCommand } = await command<ActionsCommand>('actions-command');
      process.exitCode = actionsCommand(options, {
        out: (line) => console.log(line),
        err: (line) => console.error(line),
      });
    });

  flow
    .command('validate')
    .description(
      'check flow-language JSON against the rules Amazon Connect applies (exit 0 ok, 1 errors, 2 unusable input)',
    )
    .argument(
      '<files...>',
      'flow JSON files (a flow, a DescribeContactFlow response, a {Name,Type,Content} export, a CloudFormation template), or project flow names',
    )
    .option(`-${VALIDATE_OPTIONS.type.short}, --type <type>`, VALIDATE_OPTIONS.type.help)
    .option('--channels <list>', VALIDATE_OPTIONS.channels.help)
    .option('--json', VALIDATE_OPTIONS.json.help)
    .action(async (files: string[], options: { type?: string; json?: boolean; channels?: string }) => {
      // Files alone need the validator only; a project flow's name needs the project's flows (and
      // the builder that makes them), which take longer to load.
      const { validateCommand } = files.every((f) => f.endsWith('.json'))
        ? await command<ValidateCommand>('validate-command')
        : await command<FlowCommands>('flow-commands');
      process.exitCode = validateCommand(files, options, {
        out: (line) => console.log(line),
        err: (line) => console.error(line),
      });
    });

  flow
    .command('render')
    .description(
      'print a flow as a Mermaid flowchart (prompts as labels, conditions on edges, errors dashed)',
    )
    .argument('<file>', 'flow JSON file, or a project flow name (tsunagu flow list)')
    .option('-f, --format <format>', 'output format', 'mermaid')
    .option('--flow <name>', 'the flow to draw, of a file with several (a template)')
    .action(async (file: string, options: { format: string; flow?: string }) => {
      const { renderCommand } = await command<FlowCommands>('flow-commands');
      process.exitCode = renderCommand(file, options, {
        out: (line) => console.log(line),
        err: (line) => console.error(line),
      });
    });

  flow
    .command('simulate')
    .description(
      'run a flow for one scripted contact and print the transcript (exit 0 ran, 1 error outcome, 2 unusable input)',
    )
    .argument(
      '<file>',
      'flow JSON file (the entry flow), or a project flow name: it runs with the other project flows, queues and hours',
    )
    .option(
      '--flows <dir>',
      'folder of other flows and modules it may reach, each named by its file name (use the flow id), and wrappers and templates by their names',
    )
    .option('--flow <name>', 'the flow to run, of a file with several (a template)')
    .option('--from <e164>', 'caller number, e.g. +819012345678')
    .option('--channel <channel>', 'VOICE, CHAT, TASK or EMAIL', 'VOICE')
    .option('--input <list>', 'customer input in order, comma separated: digits, timeout, or chat text')
    .option('--at <iso>', 'when the contact starts, e.g. 2026-11-24T10:00:00+09:00')
    .option('--attr <k=v>', 'a contact attribute (repeatable)', collect, [])
    .option(
      '--lambda <name=file>',
      'canned response of a Lambda by ARN or name, or name=error:<message> (repeatable: one per call, the last repeats); others fail',
      collect,
      [],
    )
    .option(
      '--lex <intent=Name,slot=value>',
      'what the Lex bot recognises, one per bot turn in order (repeatable)',
      collect,
      [],
    )
    .option('--max-steps <n>', 'end an endless loop after this many steps (default 1000)')
    .option('--to <action>', 'stop before the action with this Identifier (outcome stopped)')
    .option('--hours <file>', 'hours of operation by id (JSON), for CheckHoursOfOperation')
    .option(
      '--queues <file>',
      'queue names, metrics and capacity by id or ARN (JSON), for CheckMetricData and transfers',
    )
    .option('--agent-hangup', 'after queueing, an agent answers and hangs up (the disconnect flow runs)')
    .option(
      '-t, --type <type>',
      "the flow's type when the file does not say: a queue or hold flow plays while the contact waits",
    )
    .option('--queue <id>', 'the queue the contact is in when the flow starts (whisper and queue flows)')
    .option(
      '--hold-seconds <n>',
      'how long the contact waits in queue or on hold when no agent answers (default 60)',
    )
    .option('--json', 'print {"outcome","attributes","events"}')
    .action(async (file: string, options: SimulateCommandOptions) => {
      const { simulateCommand } = await command<FlowCommands>('flow-commands');
      process.exitCode = await simulateCommand(file, options, {
        out: (line) => console.log(line),
        err: (line) => console.error(line),
      });
    });
  return program;
}

/**
 * A module of the twin, run from its TypeScript source through tsx, also by the compiled CLI: the
 * twin loads the Lambda handlers' .ts files at run time, and finds cdk.json, the handlers and its
 * guardian script by paths relative to its own modules. Under `npm start` tsx is loaded already.
 */
/** `flow validate`'s options: commander's help and node:util's fast parse read the same list. */
const VALIDATE_OPTIONS = {
  type: {
    type: 'string',
    short: 't',
    help: "flow type (default: the one the file declares: a wrapper or template Type, an export's Metadata.type; else MODULE if the flow has Settings, else CONTACT_FLOW)",
  },
  channels: {
    type: 'string',
    help: 'channels the flows serve, e.g. VOICE,CHAT (TASK, EMAIL): warn about the others',
  },
  json: {
    type: 'boolean',
    help: 'print {"files":[{"file","flow"?,"notes"?,"diagnostics":[{"rule","severity","action","path","message"}]}]}',
  },
} as const;

/**
 * `flow validate <file.json>...`, the command scripts and hooks run most, without commander: its
 * options parsed by node:util (built in), its module the validator alone. Anything else (help,
 * an unknown option, a project flow's name) is left to commander (undefined).
 */
function fastValidate(args: readonly string[]): Promise<void> | undefined {
  const [group, name, ...rest] = args;
  if (group !== 'flow' || name !== 'validate') return undefined;
  let parsed: { values: { type?: string; channels?: string; json?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: VALIDATE_OPTIONS, allowPositionals: true, strict: true });
  } catch {
    return undefined;
  }
  const files = parsed.positionals;
  if (files.length === 0 || !files.every((f) => f.endsWith('.json'))) return undefined;
  return command<ValidateCommand>('validate-command').then(({ validateCommand }) => {
    process.exitCode = validateCommand(files, parsed.values, {
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    });
  });
}

type FlowCommands = typeof import('../lib/cli/flow-commands.ts');
type ValidateCommand = typeof import('../lib/cli/validate-command.ts');
type ActionsCommand = typeof import('../lib/cli/actions-command.ts');

/**
 * A command's module, loaded when the command runs: from source, lib/cli/<name>.ts; compiled, its
 * own bundle beside this one (scripts/build-cli.ts), required rather than imported (import() of a
 * CommonJS file starts the ES module loader, tens of ms), so `flow validate` of files loads the
 * validator and nothing else.
 */
async function command<Module>(name: string): Promise<Module> {
  if (compiled) return requireHere(`./${name}.cjs`) as Module;
  return (await import(new URL(`lib/cli/${name}.ts`, projectRoot).href)) as Module;
}

async function fromSource<Module>(path: string): Promise<Module> {
  if (compiled) (await import('tsx/esm/api')).register();
  return (await import(new URL(path, projectRoot).href)) as Module;
}

/**
 * A parent that gave this process an IPC channel (tsx passes one on when it has one itself) closes
 * it when it dies, even by SIGKILL: then stop, rather than live on with no parent. (Under
 * `npm start` there is no channel: a SIGKILL of tsx alone leaves this process running.)
 */
function stopWhenParentDisconnects(stop: () => void): void {
  if (process.connected) process.once('disconnect', stop);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86_400) {
    throw new (commanderLib().InvalidArgumentError)('whole seconds from 0 to 86400');
  }
  return seconds;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new (commanderLib().InvalidArgumentError)('a port number from 0 to 65535');
  }
  return port;
}

const fast = fastValidate(process.argv.slice(2));
(fast ?? cli().parseAsync(process.argv)).catch((error: unknown) => {
  if (commanderModule && error instanceof commanderModule.CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  // By name: the compiled CLI's twin (from source) has a StageConfigError class of its own.
  console.error(
    error instanceof Error && error.name === 'StageConfigError'
      ? error.message
      : `tsunagu: ${(error as Error).message ?? error}`,
  );
  process.exit(1);
});
