import { defineConfig } from 'vitest/config';
import { useRunTempFolder } from './test/support/run-temp-folder.ts';

// Three projects (README "Tests"): unit tests mock AWS SDK clients; integration tests share one
// DynamoDB Local per run (started by global setup) with a table per test file; infra tests
// synthesize the CDK app and assert its templates and cdk-nag findings.
// The AWS SDK warns once per process that it will need Node 22 from 2027; the Lambdas run on 24.
const quiet = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
// Each test removes what it puts in the system temp folder; this run-scoped TMPDIR catches and
// names what one forgets.
useRunTempFolder();

export default defineConfig({
  test: {
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]]
      : ['default'],
    coverage: {
      provider: 'v8',
      include: ['lambdas/**/*.ts', 'lib/**/*.ts'],
      reporter: ['text-summary'],
      thresholds: { lines: 90, functions: 90, branches: 75, statements: 88 },
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/support/unit-setup.ts'],
          env: {
            ...quiet,
            TABLE_NAME: 'unit-test-table',
            AWS_REGION: 'ap-northeast-1',
            POWERTOOLS_DEV: 'false',
          },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/dynamodb-local-setup.ts'],
          env: quiet,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          env: quiet,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
