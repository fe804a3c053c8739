// Preloaded with `node --import` by tests that check what a command loads: writes, when the process
// exits, the npm packages it loaded, as ES modules (seen by a load hook) or CommonJS (require's
// cache), and whether any TypeScript file was loaded, to the JSON file named by LOADED_PACKAGES_FILE:
// {"packages":["commander",…],"typescript":false}.
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin, register } from 'node:module';

const file = process.env.LOADED_PACKAGES_FILE;
const urls = `${file}.urls`;

/** The hook (it runs on the loader's own thread): every module URL, one a line. */
export async function load(url, context, nextLoad) {
  appendFileSync(urls, `${url}\n`);
  return nextLoad(url, context);
}

if (file && !process.env.LOADED_PACKAGES_HOOK) {
  writeFileSync(urls, '');
  // The loader thread imports this file again: there it only provides the hook.
  process.env.LOADED_PACKAGES_HOOK = '1';
  register(import.meta.url);
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const paths = [
      ...readFileSync(urls, 'utf8').split('\n').filter(Boolean),
      ...Object.keys(require.cache),
    ].filter((p) => !isBuiltin(p));
    rmSync(urls, { force: true });
    const packages = new Set();
    for (const path of paths) {
      const last = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)?.at(-1);
      if (last) packages.add(last.slice('node_modules/'.length, -1));
    }
    const typescript = paths.some((p) => /\.[cm]?ts($|\?)/.test(p) && !p.includes('/node_modules/'));
    writeFileSync(file, JSON.stringify({ packages: [...packages].sort(), typescript }));
  });
}
