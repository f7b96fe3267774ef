import { defineConfig } from 'vitest/config';

// Unit and integration tests (Node). Browser end-to-end tests have their own config in tests/e2e.
export default defineConfig({
  test: {
    include: ['workers/**/*.test.ts', 'src/**/*.test.ts', 'src/**/*.test.tsx', 'tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
