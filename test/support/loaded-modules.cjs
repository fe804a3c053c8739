// Preloaded with `node -r` by tests that check what a command loads: when the process exits, it
// writes the packages whose CommonJS modules were loaded (ES modules importing CommonJS ones land
// in the same cache) to the file named by LOADED_MODULES_FILE.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const packages = new Set();
  for (const path of Object.keys(require.cache)) {
    const match = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g);
    const last = match?.at(-1);
    if (last) packages.add(last.slice('node_modules/'.length, -1));
  }
  writeFileSync(process.env.LOADED_MODULES_FILE, JSON.stringify([...packages].sort()));
});
