import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// The compiled `tsunagu` CLI: `npm run build` (and `prepare`, so `npm ci` and `npm install` run it)
// bundles bin/tsunagu.ts into dist/, so the CLI starts as plain JavaScript instead of compiling
// TypeScript through tsx at every call. npm packages stay requires of node_modules. The bundles are
// CommonJS: Node 20 loads them about 10 ms faster than the same code as ES modules (the ES module
// loader's own start-up). Each command module (SPLIT) is a bundle of its own, required by the
// command that needs it, so `flow validate` of files compiles the validator
// and nothing of the simulator or the project's flows. The twin's modules (`local`, `call`) are not
// bundled: the compiled CLI runs them from lib/ through tsx (bin/tsunagu.ts).

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The default output folder, git-ignored. */
export const DIST = join(ROOT, 'dist');
/** The compiled CLI, which package.json's `bin` names. */
export const CLI_FILE = 'tsunagu.cjs';
const SHEBANG = '#!/usr/bin/env node';

/** The command modules bin/tsunagu.ts loads when a command runs (`command(name)`): each is a bundle of its own. */
const SPLIT: Readonly<Record<string, string>> = {
  'lib/cli/validate-command.ts': 'validate-command',
  'lib/cli/flow-commands.ts': 'flow-commands',
  'lib/cli/actions-command.ts': 'actions-command',
};

/** Builds the CLI into `outdir` (emptied first); returns the compiled entry file. */
export async function buildCli(outdir = DIST): Promise<string> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: {
      tsunagu: 'bin/tsunagu.ts',
      ...Object.fromEntries(Object.entries(SPLIT).map(([source, name]) => [name, source])),
    },
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    // Where the project (lib/, cdk.json, node_modules) is, seen from the compiled file.
    define: {
      TSUNAGU_ROOT: JSON.stringify(`${relative(resolve(outdir), ROOT) || '.'}/`),
      'import.meta.url': 'TSUNAGU_FILE_URL',
    },
    // The one ES-module-only value the sources read, given in CommonJS terms.
    banner: { js: "const TSUNAGU_FILE_URL = require('node:url').pathToFileURL(__filename).href;" },
  });
  const cli = join(outdir, CLI_FILE);
  // bin/tsunagu.ts starts with a tsx shebang, which esbuild keeps: the compiled file's runs plain
  // node. One line for one line, so the source map still matches.
  const code = readFileSync(cli, 'utf8');
  if (!code.startsWith('#!')) throw new Error('bin/tsunagu.ts has no shebang line to replace');
  writeFileSync(cli, code.replace(/^#!.*/, SHEBANG));
  chmodSync(cli, 0o755);
  return cli;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cli = await buildCli(process.argv[2] ? resolve(process.argv[2]) : DIST);
  console.log(`built ${relative(process.cwd(), cli) || cli}`);
}
