import { wrap, type Remote } from 'comlink';
import { describeProblem } from '../fileProblems';
import type { NadirRead, SrFile } from './nadirReads';
import type { ImportedReports } from './readMeasurementReports';
import type { CohortSrs } from './cohortReads';
import type { SrReaderApi } from './srReader.worker';
import type { SegSourceSeries } from '../seg/readSegmentation';
import { noneRead, referencesSegmentations, type WithSegmentations } from '../seg/importSegmentations';
import { segProblem } from '../seg/segProblems';

/**
 * The app's door to SR parsing: each call runs in a worker of its own, within a time budget. Each
 * file first passes the structural check (so a 4 GB length or a deflate bomb is named, not parsed);
 * a parse that still overruns the budget is stopped by terminating the worker, and named.
 */

export interface UnreadableSr {
  name: string;
  message: string;
}

export interface SrReads {
  reads: NadirRead[];
  /** files refused before or during parsing, with the reason */
  unreadable: UnreadableSr[];
}

/** per file: a list of SRs gets this budget for each of its files (a slow machine reading a study's many SRs is not hostile) */
export const SR_TIME_BUDGET_MS = 10_000;

const budgetFor = (files: number, perFileMs: number) => perFileMs * Math.max(1, files);

class OverBudget extends Error {}

function withBudget<T>(work: Promise<T>, budgetMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OverBudget()), budgetMs);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/** The caller went away (the cohort view was left): the worker is ended at once. */
export class ReadingCancelled extends Error {
  constructor() {
    super('the reading was cancelled');
  }
}

function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new ReadingCancelled());
  return Promise.race([work, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new ReadingCancelled()), { once: true }))]);
}

async function inWorker<T>(budgetMs: number, work: (remote: Remote<SrReaderApi>) => Promise<T>, signal?: AbortSignal): Promise<T | OverBudget> {
  const worker = new Worker(new URL('./srReader.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await unlessAborted(withBudget(work(wrap<SrReaderApi>(worker)), budgetMs), signal);
  } catch (error) {
    if (error instanceof OverBudget) return error;
    throw error;
  } finally {
    worker.terminate();
  }
}

const tooLong = (budgetMs: number) => describeProblem({ code: 'took-too-long', seconds: budgetMs / 1000 });

/** The structural check of each file in a worker: the sound files, and the others with why. */
async function checkedFiles(files: readonly SrFile[], budgetMs: number, signal?: AbortSignal): Promise<{ sound: SrFile[]; unreadable: UnreadableSr[] }> {
  const unreadable: UnreadableSr[] = [];
  const sound: SrFile[] = [];
  const checks = await inWorker(budgetFor(files.length, budgetMs), (remote) => Promise.all(files.map((file) => remote.check(file))), signal);
  if (checks instanceof OverBudget) return { sound: [], unreadable: files.map((file) => ({ name: file.name, message: tooLong(budgetMs) })) };
  files.forEach((file, index) => (checks[index] === null ? sound.push(file) : unreadable.push({ name: file.name, message: checks[index]! })));
  return { sound, unreadable };
}

/** The Nadir reads among SR files, as nadirReadsIn finds them, and the files that could not be read. */
export async function nadirReadsInWorker(files: readonly SrFile[], budgetMs = SR_TIME_BUDGET_MS): Promise<SrReads> {
  const { sound, unreadable } = await checkedFiles(files, budgetMs);
  if (sound.length === 0) return { reads: [], unreadable };
  const reads = await inWorker(budgetFor(sound.length, budgetMs), (remote) => remote.nadirReads(sound));
  if (reads instanceof OverBudget) return { reads: [], unreadable: [...unreadable, ...sound.map((file) => ({ name: file.name, message: tooLong(budgetMs) }))] };
  return { reads, unreadable };
}

/** readMeasurementReports in a worker; a parse over budget becomes one problem per file. */
export async function readMeasurementReportsInWorker(files: readonly ArrayBuffer[], budgetMs = SR_TIME_BUDGET_MS): Promise<ImportedReports> {
  const result = await inWorker(budgetFor(files.length, budgetMs), (remote) => remote.readReports([...files]));
  if (result instanceof OverBudget) return { lesions: [], studies: [], recorded: [], problems: files.map((_, file) => ({ file, message: tooLong(budgetMs) })) };
  return result;
}

/**
 * SR files chosen with the SEGs their volumes reference: the reports, with the masks that read
 * (../seg/importSegmentations.ts). Over budget, each file is one problem, as for readMeasurementReportsInWorker.
 */
export async function readReportsWithSegmentationsInWorker(files: readonly ArrayBuffer[], sources: readonly SegSourceSeries[], budgetMs = SR_TIME_BUDGET_MS): Promise<WithSegmentations & { srFiles: number[] }> {
  const result = await inWorker(budgetFor(files.length, budgetMs), (remote) => remote.readReportsWithSegmentations([...files], [...sources]));
  if (result instanceof OverBudget) return { reports: { lesions: [], studies: [], recorded: [], problems: files.map((_, file) => ({ file, message: tooLong(budgetMs) })) }, notRead: [], srFiles: files.map((_, index) => index) };
  return result;
}

/** Reports read, with the masks of the segmentations they reference from `segs` (SEG files); over budget, every one is named as not read. */
export async function attachSegmentationsInWorker(reports: ImportedReports, segs: readonly ArrayBuffer[], sources: readonly SegSourceSeries[], budgetMs = SR_TIME_BUDGET_MS): Promise<WithSegmentations> {
  if (!referencesSegmentations(reports)) return { reports, notRead: [] };
  const result = await inWorker(budgetFor(segs.length, budgetMs), (remote) => remote.attachSegmentations(reports, [...segs], [...sources]));
  return result instanceof OverBudget ? noneRead(reports, segProblem('unreadable', tooLong(budgetMs))) : result;
}

/**
 * A PACS's cohort from its SR files (cohortReads.ts) in a worker within the time budget; an aborted
 * `signal` ends the worker and rejects with a ReadingCancelled.
 */
export async function cohortSrsInWorker(files: readonly SrFile[], signal?: AbortSignal, budgetMs = SR_TIME_BUDGET_MS): Promise<CohortSrs> {
  const { sound, unreadable } = await checkedFiles(files, budgetMs, signal);
  if (sound.length === 0) return { reads: [], adjudications: [], unreadable };
  const found = await inWorker(budgetFor(sound.length, budgetMs), (remote) => remote.cohort(sound), signal);
  if (found instanceof OverBudget) return { reads: [], adjudications: [], unreadable: [...unreadable, ...sound.map((file) => ({ name: file.name, message: tooLong(budgetMs) }))] };
  return { ...found, unreadable: [...unreadable, ...found.unreadable] };
}
