import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** test/fixtures: data written outside this project (see the README beside each folder). */
export const FIXTURES = join(import.meta.dirname, '../fixtures');

/** A path under test/fixtures, e.g. `fixturePath('events', 'ses-email-bounced-permanent.json')`. */
export const fixturePath = (...parts: string[]): string => join(FIXTURES, ...parts);

/** A JSON fixture, parsed. */
export const readFixture = <T = unknown>(...parts: string[]): T =>
  JSON.parse(readFileSync(fixturePath(...parts), 'utf8')) as T;
