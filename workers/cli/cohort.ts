/**
 * Cohort command: `npm run cohort -- <input folder> <output folder> [--study-id ID] [--threads N]`.
 * README "Cohort exports" documents the inputs, the outputs and the exit codes (workers/cohort/runCohort.ts EXIT).
 */
import { parseArgs } from 'node:util';
import { defaultThreads, EXIT, runCohort, type CohortOutcome } from '../cohort/runCohort';

const USAGE = 'usage: npm run cohort -- <input folder> <output folder> [--study-id ID] [--threads N]';

async function main(args: readonly string[]): Promise<CohortOutcome> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { 'study-id': { type: 'string', default: 'NADIR' }, threads: { type: 'string' } } });
  } catch (error) {
    return { code: EXIT.failed, stdout: '', stderr: `cohort: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n` };
  }
  const [inputDir, outputDir, ...rest] = parsed.positionals;
  const studyId = parsed.values['study-id'].trim();
  const threads = parsed.values.threads === undefined ? defaultThreads() : Number(parsed.values.threads);
  if (inputDir === undefined || outputDir === undefined || rest.length > 0 || studyId === '' || !Number.isInteger(threads) || threads < 1) {
    return { code: EXIT.failed, stdout: '', stderr: `${USAGE}\n` };
  }
  return runCohort({ inputDir, outputDir, studyId, threads });
}

const outcome = await main(process.argv.slice(2));
process.stdout.write(outcome.stdout);
process.stderr.write(outcome.stderr);
process.exitCode = outcome.code;
