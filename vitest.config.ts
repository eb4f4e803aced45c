import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      '{contract,generator,functions,local,cli,infra,bench,dbt}/test/**/*.test.ts',
      'tools/*/test/**/*.test.ts',
    ],
    globalSetup: ['cli/test/build.global-setup.mjs'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: process.env['CI'] ? ['default'] : ['default'],
  },
});
