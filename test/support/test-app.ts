import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { App, type AppProps } from 'aws-cdk-lib';
import { scratchFolder } from './scratch.ts';

// An App with no outdir (and a Stack with no scope, which makes one) creates a cdk.out* folder in
// the system temp folder and leaves it there: each test file's apps synthesize into a folder of
// its own instead, removed when the file ends.
const assemblies = scratchFolder('tsunagu-cdk-');

/** A CDK App that synthesizes into a folder removed after the test file. */
export function testApp(props: AppProps = {}): App {
  return new App({ ...props, outdir: mkdtempSync(join(assemblies, 'cdk.out-')) });
}
