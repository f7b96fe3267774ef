/**
 * Cohort command: `npm run cohort -- <input folder> <output folder> [--study-id ID] [--threads N]`, or
 * `npm run cohort -- --dicomweb URL [--auth bearer|basic] <output folder> [...]` for every Nadir SR on a DICOMweb
 * server; its credentials come from the environment (cliCredentials.ts), never from the command line.
 * README "Cohort exports" documents the inputs, the outputs and the exit codes (workers/cohort/runCohort.ts EXIT).
 * It lives in src/ because the DICOMweb input needs the DICOMweb client and the SR reader; the folder
 * input is workers/cohort's alone.
 */
import { parseArgs } from 'node:util';
import { defaultThreads, EXIT, runCohort, type CohortOutcome } from '../../workers/cohort/runCohort';
import { credentialsFromEnv } from './cliCredentials';
import { runDicomWebCohort } from './dicomWebCohort';

const USAGE = 'usage: npm run cohort -- (<input folder> | --dicomweb URL [--auth none|bearer|basic]) <output folder> [--study-id ID] [--threads N]';

async function main(args: readonly string[]): Promise<CohortOutcome> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { 'study-id': { type: 'string', default: 'NADIR' }, threads: { type: 'string' }, dicomweb: { type: 'string' }, auth: { type: 'string', default: 'none' } } });
  } catch (error) {
    return { code: EXIT.failed, stdout: '', stderr: `cohort: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n` };
  }
  const studyId = parsed.values['study-id'].trim();
  const threads = parsed.values.threads === undefined ? defaultThreads() : Number(parsed.values.threads);
  const server = parsed.values.dicomweb;
  const wanted = server === undefined ? 2 : 1;
  if (parsed.positionals.length !== wanted || studyId === '' || !Number.isInteger(threads) || threads < 1) return { code: EXIT.failed, stdout: '', stderr: `${USAGE}\n` };
  if (server !== undefined) {
    if (!/^https?:\/\/\S+$/.test(server)) return { code: EXIT.failed, stdout: '', stderr: `cohort: --dicomweb needs an http(s) URL, not ${JSON.stringify(server)}\n${USAGE}\n` };
    const credentials = credentialsFromEnv(parsed.values.auth, process.env);
    if (credentials.kind === 'problem') return { code: EXIT.failed, stdout: '', stderr: `cohort: ${credentials.message}\n${USAGE}\n` };
    return runDicomWebCohort({ baseUrl: server, outputDir: parsed.positionals[0]!, studyId, threads, credentials: credentials.credentials });
  }
  if (parsed.values.auth !== 'none') return { code: EXIT.failed, stdout: '', stderr: `cohort: --auth goes with --dicomweb\n${USAGE}\n` };
  const [inputDir, outputDir] = parsed.positionals as [string, string];
  return runCohort({ inputDir, outputDir, studyId, threads });
}

const outcome = await main(process.argv.slice(2));
process.stdout.write(outcome.stdout);
process.stderr.write(outcome.stderr);
process.exitCode = outcome.code;
