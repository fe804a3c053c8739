import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// The compiled `tsunagu` CLI: `npm run build` (and `prepare`, so `npm ci` and `npm install` run it)
// bundles bin/tsunagu.ts into dist/, so the CLI starts as plain JavaScript instead of compiling
// TypeScript through tsx at every call. npm packages stay imports of node_modules. Each module the
// CLI imports lazily is a chunk of its own, loaded by the command that needs it. The twin's modules
// (`local`, `call`) are not bundled: the compiled CLI runs them from lib/ through tsx (bin/tsunagu.ts).

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The default output folder, git-ignored. */
export const DIST = join(ROOT, 'dist');
/** The compiled CLI, which package.json's `bin` names. */
export const CLI_FILE = 'tsunagu.js';
const SHEBANG = '#!/usr/bin/env node';

/** Builds the CLI into `outdir` (emptied first); returns the compiled entry file. */
export async function buildCli(outdir = DIST): Promise<string> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { tsunagu: 'bin/tsunagu.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    // Where the project (lib/, cdk.json, node_modules) is, seen from the compiled file.
    define: { TSUNAGU_ROOT: JSON.stringify(`${relative(resolve(outdir), ROOT) || '.'}/`) },
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
