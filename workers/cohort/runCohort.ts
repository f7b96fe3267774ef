import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { assessInThreads } from './assessInThreads';
import { cohortHtml } from './html';
import { readCohortFile, type CohortFile } from './inputFile';
import { spiderPoints, spiderSpec, spiderTable, waterfallBars, waterfallSpec, waterfallTable } from './plots';
import { renderSvg } from './render';
import { csvOf, sdtmTables, type AssessedPatient } from './sdtm';
import type { Skipped } from './assemble';

/**
 * The cohort command (README "Cohort exports"): every `*.json` file of a folder is one patient; the
 * engine runs over them in worker threads; SDTM TU/TR/RS, waterfall and spider data and plots, and one
 * HTML page are written to the output folder.
 */

/** Exit codes (README): what the caller can rely on. */
export const EXIT = {
  /** every file was assessed under every criterion it asks for */
  complete: 0,
  /** the outputs were written, but some files were skipped or some criteria of a patient left out (listed on stderr) */
  partial: 1,
  /** nothing written: usage error, unreadable folder, or no file that could be assessed */
  failed: 2,
} as const;

export interface CohortOptions {
  readonly inputDir: string;
  readonly outputDir: string;
  readonly studyId: string;
  readonly threads: number;
}

export interface CohortOutcome {
  readonly code: (typeof EXIT)[keyof typeof EXIT];
  readonly stdout: string;
  readonly stderr: string;
}

export const OUTPUT_FILES = ['tu.csv', 'tr.csv', 'rs.csv', 'waterfall.csv', 'waterfall.svg', 'spider.csv', 'spider.svg', 'cohort.html'] as const;

export type { Skipped } from './assemble';

async function readFolder(inputDir: string): Promise<CohortFile[]> {
  const names = (await readdir(inputDir, { withFileTypes: true })).filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.json')).map((entry) => entry.name);
  names.sort();
  return Promise.all(names.map(async (name) => readCohortFile(name, await readFile(join(inputDir, name), 'utf8'))));
}

/** A second file for the same patient would give two subjects one USUBJID: the first file (by name) wins. */
function withoutDuplicates(files: readonly CohortFile[]): CohortFile[] {
  const firstFile = new Map<string, string>();
  return files.map((entry) => {
    if (!entry.ok) return entry;
    const earlier = firstFile.get(entry.input.patientId);
    if (earlier === undefined) {
      firstFile.set(entry.input.patientId, entry.file);
      return entry;
    }
    return { ok: false, file: entry.file, problems: [{ path: '$.patientId', message: `patient ${entry.input.patientId} is already in ${earlier}` }] };
  });
}

export const defaultThreads = (): number => Math.max(1, Math.min(4, availableParallelism()));

export async function runCohort(options: CohortOptions): Promise<CohortOutcome> {
  let files: CohortFile[];
  try {
    files = withoutDuplicates(await readFolder(options.inputDir));
  } catch (error) {
    return { code: EXIT.failed, stdout: '', stderr: `cohort: cannot read ${options.inputDir}: ${error instanceof Error ? error.message : String(error)}\n` };
  }
  const skipped: Skipped[] = files.flatMap((entry) => (entry.ok ? [] : entry.problems.map((problem) => ({ file: entry.file, ...problem }))));
  const valid = files.flatMap((entry) => (entry.ok ? [entry] : []));
  const replies = await assessInThreads(valid, options.threads);
  const leftOut: Skipped[] = [];
  const patients: AssessedPatient[] = [];
  valid.forEach((entry, index) => {
    const reply = replies[index]!;
    const problems = reply.problems.map((problem) => ({ file: entry.file, ...problem }));
    if (reply.ok) {
      patients.push({ input: entry.input, output: reply.output });
      leftOut.push(...problems);
    } else {
      skipped.push(...problems);
    }
  });
  const report = [...skipped.map((item) => `cohort: skipped ${item.file}: ${item.path}: ${item.message}`), ...leftOut.map((item) => `cohort: ${item.file}: a criterion was left out: ${item.path}: ${item.message}`)];
  const stderr = report.length === 0 ? '' : `${report.join('\n')}\n`;
  if (patients.length === 0) return { code: EXIT.failed, stdout: '', stderr: `${stderr}cohort: no patient could be assessed in ${options.inputDir}; nothing written\n` };
  await writeOutputs(options, patients, [...skipped, ...leftOut]);
  const skippedFiles = new Set(skipped.map((item) => item.file)).size;
  const summary = `cohort: ${patients.length} patient${patients.length === 1 ? '' : 's'} assessed, ${skippedFiles} file${skippedFiles === 1 ? '' : 's'} skipped; wrote ${OUTPUT_FILES.join(', ')} to ${options.outputDir}\n`;
  return { code: report.length === 0 ? EXIT.complete : EXIT.partial, stdout: summary, stderr };
}

export async function writeOutputs(options: Pick<CohortOptions, 'outputDir' | 'studyId'>, patients: readonly AssessedPatient[], problems: readonly Skipped[]): Promise<void> {
  const sdtm = sdtmTables(options.studyId, patients);
  const bars = waterfallBars(patients);
  const points = spiderPoints(patients);
  const [waterfallSvg, spiderSvg] = await Promise.all([renderSvg(waterfallSpec(bars)), renderSvg(spiderSpec(points))]);
  const html = cohortHtml({
    studyId: options.studyId,
    patientCount: patients.length,
    skipped: problems,
    waterfallSvg,
    spiderSvg,
    tables: [
      { caption: 'RS: disease response', table: sdtm.rs },
      { caption: 'TR: tumor results', table: sdtm.tr },
      { caption: 'TU: tumor identification', table: sdtm.tu },
    ],
  });
  const contents: Record<(typeof OUTPUT_FILES)[number], string> = {
    'tu.csv': csvOf(sdtm.tu),
    'tr.csv': csvOf(sdtm.tr),
    'rs.csv': csvOf(sdtm.rs),
    'waterfall.csv': csvOf(waterfallTable(bars)),
    'waterfall.svg': waterfallSvg,
    'spider.csv': csvOf(spiderTable(points)),
    'spider.svg': spiderSvg,
    'cohort.html': html,
  };
  await mkdir(options.outputDir, { recursive: true });
  await Promise.all(OUTPUT_FILES.map((name) => writeFile(join(options.outputDir, name), contents[name], 'utf8')));
}
