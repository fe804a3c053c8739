import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importsOf, type LayerRule, readSources, violations } from '../support/import-graph.ts';

const ROOT = join(import.meta.dirname, '../..');

/** What the offline libraries (the flow language, the event-pattern engine) never load. */
const CLOUD = ['aws-cdk-lib', 'constructs', '@aws-sdk/', 'lib/stacks/', 'lib/constructs/', 'lib/local/'];

/** Which way imports may go (ARCHITECTURE.md, "The three layers"); a rule per forbidden direction. */
const RULES: readonly LayerRule[] = [
  {
    name: 'domain is pure',
    from: ['lambdas/domain/'],
    forbidden: [
      '@aws-sdk/',
      '@aws-lambda-powertools/',
      'lambdas/adapters/',
      'lambdas/handlers/',
      'lambdas/commons/',
      'lambdas/composition/',
    ],
    why: 'business rules never import the AWS SDK, an adapter or a handler: ports are interfaces in the domain',
  },
  {
    name: 'adapters serve the domain',
    from: ['lambdas/adapters/'],
    forbidden: ['lambdas/handlers/', 'lambdas/composition/'],
    why: 'an adapter implements a port; wiring adapters to handlers is the composition folder',
  },
  {
    name: 'commons are shared by handlers',
    from: ['lambdas/commons/'],
    forbidden: ['@aws-sdk/', 'lambdas/adapters/', 'lambdas/handlers/', 'lambdas/composition/'],
    why: 'the envelope, logging and HTTP helpers know no service and no handler',
  },
  {
    name: 'composition wires, handlers use it',
    from: ['lambdas/composition/'],
    forbidden: ['lambdas/handlers/'],
    why: 'a handler picks its adapters; the composition never depends on a handler',
  },
  {
    name: 'runtime code stands alone',
    from: ['lambdas/'],
    forbidden: ['lib/', 'bin/', 'bench/', 'test/', 'aws-cdk-lib', 'constructs', 'cdk-nag'],
    why: 'what Lambda runs never imports the CDK app, the twin (lib/local) or the tools',
  },
  {
    name: 'the flow language is offline',
    from: ['lib/flow-language/'],
    forbidden: [...CLOUD, 'lib/connect/', 'lambdas/'],
    why: 'builder, validator, simulator and renderer run without CDK or AWS (the CLI and the tests)',
  },
  {
    name: 'flows do not know the stacks',
    from: ['lib/connect/'],
    forbidden: ['aws-cdk-lib', 'constructs', 'lib/stacks/', 'lib/constructs/', 'lib/local/'],
    why: 'the stacks deploy the flows; the flows (and `tsunagu flow …`) never load the CDK',
  },
  {
    name: 'event patterns are offline',
    from: ['lib/event-patterns/'],
    forbidden: [...CLOUD, 'lib/connect/', 'lambdas/'],
    why: 'the pattern engine is a library of its own: the twin and the tests use it',
  },
  {
    name: 'what is deployed does not depend on the twin',
    from: ['lib/stacks/', 'lib/constructs/', 'lib/config/', 'lib/connect/', 'bin/app.ts'],
    forbidden: ['lib/local/', 'lib/cli/'],
    why: 'the twin runs the synthesized app; the app never imports the twin',
  },
  {
    name: 'code never imports tests',
    from: ['lambdas/', 'lib/', 'bin/', 'bench/', 'scripts/'],
    forbidden: ['test/', 'vitest'],
    why: 'tests depend on code, not the other way',
  },
];

/** The packages domain code may use besides its own modules. */
const DOMAIN_PACKAGES = new Set(['zod', 'libphonenumber-js']);

const sources = readSources(ROOT, ['lambdas', 'lib', 'bin', 'bench', 'scripts']);
const edges = importsOf(sources);

describe('the layers (an import that crosses one the wrong way fails here)', () => {
  it.each(RULES.map((r) => [r.name, r] as const))('%s', (_, rule) => {
    const found = violations(edges, [rule]).map((v) => `${v.edge.from} imports ${v.edge.specifier}`);

    expect(found, rule.why).toEqual([]);
  });

  it('domain code uses no package but zod, libphonenumber-js and Node built-ins', () => {
    const packages = edges
      .filter((e) => e.from.startsWith('lambdas/domain/') && !e.specifier.startsWith('.'))
      .filter((e) => !e.specifier.startsWith('node:') && !DOMAIN_PACKAGES.has(e.target))
      .map((e) => `${e.from} imports ${e.specifier}`);

    expect(packages).toEqual([]);
  });

  it('has no import cycle between modules', () => {
    expect(importCycles(edges)).toEqual([]);
  });

  it('starts every handler through the envelope (Lambda context, keys reset, one error table)', () => {
    const handlers = Object.keys(sources).filter((f) => f.startsWith('lambdas/handlers/'));
    const bare = handlers.filter(
      (f) =>
        !edges.some(
          (e) =>
            e.from === f &&
            (e.target === 'lambdas/commons/envelope.ts' || e.target === 'lambdas/commons/sqs-batch.ts'),
        ),
    );

    expect(handlers.length).toBeGreaterThan(8);
    expect(bare).toEqual([]);
  });
});

describe('the layer check itself', () => {
  it('fails on a deliberately bad import of each kind, and on a cycle', () => {
    // Prepare: a tree with one wrong import per rule
    const bad = importsOf({
      'lambdas/domain/customer/bad.ts': "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      'lambdas/domain/messaging/bad.ts': "import type { X } from '../../adapters/sns/sns-sms-sender.ts';",
      'lambdas/handlers/bad.ts': "import { startTwin } from '../../lib/local/twin.ts';",
      'lib/flow-language/bad.ts': "export { App } from 'aws-cdk-lib';",
      'lib/connect/flows/bad.ts': "const stack = await import('../../stacks/connect-stack.ts');",
      'lambdas/adapters/sqs/bad.ts': "import { handler } from '../../handlers/contact-events.ts';",
      'lambdas/commons/bad.ts': "import { SQSClient } from '@aws-sdk/client-sqs';",
      'lambdas/composition/bad.ts': "import { makeHandler } from '../handlers/ivr-activity.ts';",
      'lib/event-patterns/bad.ts': "import { LocalEventRouter } from '../local/event-router.ts';",
      'lib/config/bad.ts': "import { startTwin } from '../local/twin.ts';",
      'bench/bad.ts': "import { fixturePath } from '../test/support/fixtures.ts';",
      'lib/stacks/a.ts': "import { b } from './b.ts';",
      'lib/stacks/b.ts': "import { a } from './a.ts';",
    });

    // Act
    const found = violations(bad, RULES).map((v) => `${v.rule}: ${v.edge.from}`);

    // Assess
    expect(found).toEqual(
      expect.arrayContaining([
        'domain is pure: lambdas/domain/customer/bad.ts',
        'domain is pure: lambdas/domain/messaging/bad.ts',
        'runtime code stands alone: lambdas/handlers/bad.ts',
        'the flow language is offline: lib/flow-language/bad.ts',
        'flows do not know the stacks: lib/connect/flows/bad.ts',
      ]),
    );
    expect(new Set(violations(bad, RULES).map((v) => v.rule))).toEqual(new Set(RULES.map((r) => r.name)));
    expect(importCycles(bad)).toEqual([['lib/stacks/a.ts', 'lib/stacks/b.ts']]);
  });

  it('reads imports as TypeScript does: not those in comments or strings', () => {
    const edges = importsOf({
      'lambdas/domain/ok.ts': [
        "// import { x } from '@aws-sdk/client-sqs';",
        'const text = "import { y } from \'../adapters/z.ts\'";',
        "import { isE164 } from './customer/phone.ts';",
      ].join('\n'),
    });

    expect(edges.map((e) => e.target)).toEqual(['lambdas/domain/customer/phone.ts']);
  });
});
