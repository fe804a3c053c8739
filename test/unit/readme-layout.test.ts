import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The paths the README's layout table names (its `| path | what |` rows). */
function layoutPaths(): string[] {
  const table = readme.slice(readme.indexOf('| path | what |'));
  const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
  return rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''));
}

const folders = (dir: string) =>
  readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `${dir}/${e.name}/`);

describe("the README's layout table", () => {
  const paths = layoutPaths();

  it('names only paths that exist', () => {
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  it('names every folder of the code and the tests', () => {
    const code = [
      'bin/',
      'bench/',
      'scripts/',
      'docs/',
      ...folders('lib'),
      ...folders('lambdas'),
      ...folders('test'),
    ];

    const unnamed = code.filter((folder) => !paths.some((p) => p === folder || p.startsWith(folder)));

    expect(unnamed).toEqual([]);
  });
});
