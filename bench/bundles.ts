import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { LambdaFunction } from './assembly.ts';

export interface BundleSize {
  readonly function: string;
  readonly stack: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** Size of each function's index.mjs as bundled (the .map beside it is not counted). */
export function bundleSizes(functions: readonly LambdaFunction[]): BundleSize[] {
  return functions.map((fn) => {
    const code = readFileSync(join(fn.assetDir, 'index.mjs'));
    return { function: fn.name, stack: fn.stack, bytes: code.length, gzipBytes: gzipSync(code).length };
  });
}
