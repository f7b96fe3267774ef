#!/usr/bin/env bash
# The whole test suite, as `npm test` runs it: system packages, type check, lint, unit tests,
# then the browser end-to-end tests against the production build.
set -euo pipefail
cd "$(dirname "$0")/.."

results=.tmp/test-results
rm -rf "$results" && mkdir -p "$results"

bash scripts/install-system-deps.sh

echo "== sample studies" && npm run --silent sample-data
echo "== type check" && npx tsc --noEmit -p tsconfig.json
echo "== lint" && npx eslint .

status=0
echo "== unit and integration tests"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/unit.json" || status=1
echo "== browser end-to-end tests (Chromium)"
npx vitest run --config tests/e2e/vitest.config.ts --reporter=default --reporter=json --outputFile.json="$results/e2e.json" || status=1

node scripts/summarize-tests.mjs "$results"/*.json
exit $status
