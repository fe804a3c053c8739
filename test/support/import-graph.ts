import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

/** One import of a module: what it names, and the repository file it resolves to (for relative ones). */
export interface ImportEdge {
  /** The importing file, relative to the repository root (`lambdas/domain/x.ts`). */
  readonly from: string;
  /** As written: `@aws-sdk/client-sqs`, `../adapters/sqs/sqs-dead-letters.ts`. */
  readonly specifier: string;
  /** A relative import's target, relative to the root; a package import's name (`@aws-sdk/client-sqs`). */
  readonly target: string;
}

/** A layering rule: files under `from` may not import what `forbidden` matches. */
export interface LayerRule {
  readonly name: string;
  readonly from: readonly string[];
  /** Folders (`lambdas/adapters/`) or package names/prefixes (`@aws-sdk/`, `aws-cdk-lib`). */
  readonly forbidden: readonly string[];
  readonly why: string;
}

export interface Violation {
  readonly rule: string;
  readonly edge: ImportEdge;
}

/** Every `.ts` file under `dirs` (relative to `root`), as a path relative to `root`. */
export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  return dirs.flatMap((dir) =>
    (readdirSync(join(root, dir), { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
      .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
      .map((e) => relative(root, join(e.parentPath, e.name))),
  );
}

/**
 * The imports of each file (static, type-only, `export … from`, dynamic `import('…')`, require),
 * read with TypeScript's own pre-processor, so an import in a comment or a string is not one.
 */
export function importsOf(files: Readonly<Record<string, string>>): ImportEdge[] {
  return Object.entries(files).flatMap(([from, text]) =>
    ts.preProcessFile(text, true, true).importedFiles.map(({ fileName: specifier }) => ({
      from,
      specifier,
      target: specifier.startsWith('.') ? normalize(join(dirname(from), specifier)) : packageName(specifier),
    })),
  );
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

const under = (path: string, prefix: string) =>
  prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix || path.startsWith(`${prefix}/`);

/** The imports that break a rule. */
export function violations(edges: readonly ImportEdge[], rules: readonly LayerRule[]): Violation[] {
  return rules.flatMap((rule) =>
    edges
      .filter((e) => rule.from.some((f) => under(e.from, f)))
      .filter((e) => rule.forbidden.some((f) => under(e.target, f)))
      .map((edge) => ({ rule: rule.name, edge })),
  );
}

/** Groups of files that import each other in a circle (Tarjan's strongly connected components). */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (!e.specifier.startsWith('.')) continue;
    next.set(e.from, [...(next.get(e.from) ?? []), e.target]);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** The repository's files under `dirs`, read. */
export function readSources(root: string, dirs: readonly string[]): Record<string, string> {
  return Object.fromEntries(sourceFiles(root, dirs).map((f) => [f, readFileSync(join(root, f), 'utf8')]));
}
