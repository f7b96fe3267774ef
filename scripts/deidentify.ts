/**
 * `npm run --silent deidentify -- <input folder> <output folder> [--secret TEXT] [--date-offset-days N]`
 *
 * Writes a de-identified copy of every DICOM file under the input folder at the same relative path
 * under the output folder (src/dicom/deidentify: PS3.15 Basic Profile, Retain Longitudinal Temporal
 * Information with Modified Dates Option). The input folder is only read.
 *
 * Exit codes: 0 every DICOM file was written; 1 at least one DICOM file could not be read and was
 * skipped (each is named on stderr and in the summary); 2 usage error or an unusable folder (one that
 * cannot be read or written stops the run; what was written before stays).
 * Files that are not DICOM at all (no DICM marker: JSON, text) are named in the summary and not
 * copied; they do not change the exit code. Burned-in annotation is flagged in the summary.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describeProblem } from '../src/dicom/fileProblems';
import { createDeidentifier, type DeidentifyOptions } from '../src/dicom/deidentify/deidentify';
import { randomSecret } from '../src/dicom/deidentify/keys';

const USAGE = 'usage: npm run --silent deidentify -- <input folder> <output folder> [--secret TEXT] [--date-offset-days N]';

export type DeidentifyExit = 0 | 1 | 2;

export interface RunResult {
  code: DeidentifyExit;
  stdout: string;
  stderr: string;
}

interface Arguments {
  input: string;
  output: string;
  options: DeidentifyOptions;
}

function parseArguments(args: readonly string[]): Arguments | string {
  const positional: string[] = [];
  let secret: string | undefined;
  let dateOffsetDays: number | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--secret' || arg === '--date-offset-days') {
      const value = args[i + 1];
      if (value === undefined) return `${arg} needs a value`;
      i += 1;
      if (arg === '--secret') secret = value;
      else {
        dateOffsetDays = Number(value);
        if (!Number.isInteger(dateOffsetDays) || dateOffsetDays === 0) return '--date-offset-days takes a whole, non-zero number of days (negative moves dates back)';
      }
    } else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else positional.push(arg);
  }
  if (positional.length !== 2) return 'an input and an output folder are needed';
  return { input: resolve(positional[0]!), output: resolve(positional[1]!), options: { secret: secret ?? randomSecret(), dateOffsetDays } };
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + sep);

export async function run(args: readonly string[]): Promise<RunResult> {
  const parsed = parseArguments(args);
  if (typeof parsed === 'string') return { code: 2, stdout: '', stderr: `deidentify: ${parsed}\n${USAGE}\n` };
  const { input, output, options } = parsed;
  if (!(await stat(input).catch(() => null))?.isDirectory()) return { code: 2, stdout: '', stderr: `deidentify: ${input} is not a folder\n` };
  if (inside(output, input) || inside(input, output)) return { code: 2, stdout: '', stderr: 'deidentify: the output folder must lie outside the input folder (and not contain it)\n' };
  const existing = await readdir(output).catch(() => null);
  if (existing && existing.length > 0) return { code: 2, stdout: '', stderr: `deidentify: ${output} is not empty; choose a new or empty folder\n` };

  const deidentifier = createDeidentifier(options);
  const written: string[] = [];
  const skipped: string[] = [];
  const notDicom: string[] = [];
  const burnedIn: string[] = [];
  const srContent: string[] = [];
  const patients = new Map<string, number>();
  let stderr = '';
  for (const path of await filesUnder(input)) {
    const name = relative(input, path);
    const outcome = deidentifier.file(new Uint8Array(await readFile(path)));
    if (outcome.kind === 'skipped') {
      if (outcome.problem.code === 'not-dicom' || outcome.problem.code === 'empty') notDicom.push(name);
      else {
        skipped.push(`${name}: ${describeProblem(outcome.problem)}`);
        stderr += `deidentify: skipped ${name}: ${describeProblem(outcome.problem)}\n`;
      }
      continue;
    }
    const target = join(output, name);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, outcome.bytes);
    written.push(name);
    patients.set(outcome.patientId, outcome.dateOffsetDays);
    if (outcome.burnedInAnnotation) burnedIn.push(name);
    if (outcome.structuredContentKept) srContent.push(name);
  }
  const list = (title: string, names: readonly string[]) => (names.length ? `${title} (${names.length}):\n${names.map((name) => `  ${name}`).join('\n')}\n` : '');
  const stdout = [
    `deidentify: ${written.length} DICOM file${written.length === 1 ? '' : 's'} written to ${output}\n`,
    ...[...patients].map(([id, days]) => `  patient ${id}: dates moved by ${days} days\n`),
    list('SKIPPED, could not be read (not copied)', skipped),
    list('FLAGGED, Burned In Annotation is YES: the pixels may show identifiers (not removed)', burnedIn),
    list('SR content kept: its free-text items were not reviewed', srContent),
    list('not DICOM, not copied', notDicom),
  ].join('');
  return { code: skipped.length > 0 ? 1 : 0, stdout, stderr };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? '')) {
  // a folder that cannot be read or written (permissions, a full disk) ends the run with exit 2
  const result = await run(process.argv.slice(2)).catch((error: unknown): RunResult => ({
    code: 2,
    stdout: '',
    stderr: `deidentify: stopped: ${error instanceof Error ? error.message : String(error)}\n`,
  }));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
