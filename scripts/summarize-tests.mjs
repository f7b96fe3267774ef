// Prints one closing line over every Vitest JSON report given: "tests: N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const path of process.argv.slice(2)) {
  if (!existsSync(path)) {
    failed += 1; // a run that wrote no report crashed before reporting: count it as a failure
    continue;
  }
  const report = JSON.parse(readFileSync(path, 'utf8'));
  passed += report.numPassedTests;
  // A test file that failed without any test result (an import error, a crashed setup) counts once.
  const crashedFiles = report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0);
  failed += report.numFailedTests + crashedFiles.length;
  if (!report.success && report.numFailedTests === 0 && crashedFiles.length === 0) failed += 1;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
