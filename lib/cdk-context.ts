import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CDK_JSON = fileURLToPath(new URL('../cdk.json', import.meta.url));

/**
 * The context block of cdk.json, for apps built in-process (tests, the local twin, bench) so they
 * synthesize with exactly the feature flags and stage configs that `cdk synth` uses.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const json = JSON.parse(readFileSync(CDK_JSON, 'utf8')) as { context?: Record<string, unknown> };
  return json.context ?? {};
}
