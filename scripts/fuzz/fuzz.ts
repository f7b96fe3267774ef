import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import pako from 'pako';
import { readMeasurementReports } from '../../src/dicom/sr/readMeasurementReports';
import { writeMeasurementReport } from '../../src/dicom/sr/writeMeasurementReport';
import { engineOutput, writeOptions } from '../../tests/fixtures/srSession';
import { FIXTURE_SESSION, STUDY } from '../../tests/fixtures/reportRead';
import { elementSites, mutate, seededRandom, type ElementSite } from './mutate';
import type { FuzzJob, FuzzOutcome } from './worker';

/**
 * The fuzz campaign: seeded mutants of the corpus (../shared/dicom, the phantom studies, an SR the
 * app writes) through every reader, each input in a worker thread with a time and a memory budget,
 * so that a hang or a bomb is measured rather than fatal.
 *
 *   npm run fuzz -- [--count 10000] [--seed 1] [--timeout-ms 2000] [--memory-mb 1024] [--json] [--readable-sr-only]
 *
 * --readable-sr-only generates the same seeded sequence but runs only the mutants of readable SRs:
 * a quick way to replay the SR-import findings of a long run.
 */

interface Options {
  count: number;
  seed: number;
  timeoutMs: number;
  memoryMb: number;
  json: boolean;
  readableSrOnly: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string, fallback: number) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? Number(argv[index + 1]) : fallback;
  };
  return { count: value('count', 1000), seed: value('seed', 1), timeoutMs: value('timeout-ms', 2000), memoryMb: value('memory-mb', 1024), json: argv.includes('--json'), readableSrOnly: argv.includes('--readable-sr-only') };
}

interface Seed {
  name: string;
  bytes: Uint8Array;
  sites: ElementSite[];
  explicit: boolean;
  cleanSr: string | null;
}

const root = new URL('../../', import.meta.url).pathname;

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  }).sort();
}

/** Every single file of the shared corpus, the first image of each series, and an SR Nadir writes. */
export function corpus(): { name: string; bytes: Uint8Array }[] {
  const shared = join(root, '../shared/dicom');
  const files = filesBelow(shared).filter((path) => !path.endsWith('.md'));
  const firstOfEachFolder = new Map<string, string>();
  for (const path of [...files.filter((path) => path.includes('/series/')), ...filesBelow(join(root, 'sample-data')).filter((path) => path.endsWith('.dcm'))]) {
    const folder = path.slice(0, path.lastIndexOf('/'));
    if (!firstOfEachFolder.has(folder)) firstOfEachFolder.set(folder, path);
  }
  const singles = files.filter((path) => !path.includes('/series/'));
  const seeds = [...singles, ...firstOfEachFolder.values()].map((path) => ({ name: path.replace(root, '').replace(/^\.\.\//, ''), bytes: new Uint8Array(readFileSync(path)) }));
  const appSr = writeMeasurementReport(FIXTURE_SESSION, engineOutput(), STUDY.fu1, writeOptions('fu1'));
  return [...seeds, { name: 'nadir-written SR (fixture FU1)', bytes: new Uint8Array(appSr) }];
}

export function prepare(file: { name: string; bytes: Uint8Array }): Seed {
  const sr = readMeasurementReports([file.bytes.slice().buffer]);
  const readable = sr.problems.length === 0 && sr.studies.length > 0;
  const syntax = new TextDecoder().decode(file.bytes.subarray(0, 1024));
  return { ...file, sites: elementSites(file.bytes), explicit: !syntax.includes('1.2.840.10008.1.2\0'), cleanSr: readable ? JSON.stringify(sr) : null };
}

/** Zeros deflated: about 0.5 MB that inflates to 512 MB. */
export function deflateBomb(): Uint8Array {
  const deflate = new pako.Deflate({ raw: true, level: 9 });
  const zeros = new Uint8Array(1 << 20);
  for (let index = 0; index < 512; index++) deflate.push(zeros, false);
  deflate.push(new Uint8Array(0), true);
  return deflate.result;
}

export interface CampaignReport {
  inputs: number;
  seed: number;
  escapedExceptions: number;
  hangs: number;
  overMemory: number;
  headOpensRefused: number;
  silentSrDiffs: number;
  rawErrorTexts: number;
  slowestMs: number;
  seconds: number;
  examples: string[];
}

type Outcome = FuzzOutcome | 'hang' | 'memory';

const crashed = (id: number, message: string): FuzzOutcome => ({ id, escaped: [{ reader: 'worker', message: message.slice(0, 200) }], headOpensRefused: false, silentSrDiff: false, rawErrorTexts: [], ms: 0 });

/**
 * The worker, bundled once into plain JavaScript: a worker thread does not inherit tsx's loader,
 * and a bundle starts in a fraction of the time, which matters when every hang costs a new worker.
 * (esbuild comes with tsx.)
 */
function bundleWorker(): string {
  const outfile = join(root, '.tmp/fuzz/worker.mjs');
  buildSync({ entryPoints: [new URL('./worker.ts', import.meta.url).pathname], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error',
    // dicom-parser's UMD bundle requires zlib: give the ES module a require.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); console.log = console.warn = console.info = () => {};" } });
  return outfile;
}

class Runner {
  private worker: Promise<Worker> | null = null;
  private readonly script = bundleWorker();
  constructor(private readonly memoryMb: number) {}
  /** A worker that has loaded its modules, so that loading never counts against an input's time. */
  private ready(): Promise<Worker> {
    this.worker ??= new Promise((resolve, reject) => {
      const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: this.memoryMb } });
      worker.once('message', () => resolve(worker));
      worker.once('error', reject);
    });
    return this.worker;
  }
  /** Runs one job; a hang, a budget overrun or a crash terminates the worker and the next job gets a fresh one. */
  async run(job: FuzzJob, timeoutMs: number): Promise<Outcome> {
    const worker = await this.ready();
    // Per input: the worker's heap is in the process's resident size, and grows over a campaign.
    const startRss = process.memoryUsage().rss;
    return new Promise((resolve) => {
      const finish = (outcome: Outcome, replace: boolean) => {
        clearTimeout(timer);
        clearInterval(probe);
        worker.removeAllListeners('message');
        worker.removeAllListeners('error');
        worker.removeAllListeners('exit');
        if (replace) {
          void worker.terminate();
          this.worker = null;
        }
        resolve(outcome);
      };
      const timer = setTimeout(() => finish('hang', true), timeoutMs);
      // ArrayBuffers live outside the V8 heap limit: watch the process, too.
      const probe = setInterval(() => {
        if (process.memoryUsage().rss - startRss > this.memoryMb * 1024 * 1024) finish('memory', true);
      }, 20);
      worker.once('message', (outcome: FuzzOutcome) => finish(outcome, false));
      worker.once('error', (error) => finish(/memory|Allocation/i.test(String(error)) ? 'memory' : crashed(job.id, String(error)), true));
      worker.once('exit', (code) => finish(crashed(job.id, `worker exited with code ${code}`), true));
      worker.postMessage(job);
    });
  }
  async stop() {
    if (this.worker) await (await this.worker).terminate();
  }
}

export async function runCampaign(options: Options, log: (line: string) => void = () => {}): Promise<CampaignReport> {
  const started = performance.now();
  const log0 = console.log;
  console.log = console.warn = () => {}; // dcmjs narrates the clean corpus too
  const seeds = corpus().map(prepare);
  console.log = console.warn = log0;
  const srSeeds = seeds.filter((seed) => seed.cleanSr !== null || /\/sr\//.test(seed.name));
  const bomb = deflateBomb();
  const random = seededRandom(options.seed);
  const runner = new Runner(options.memoryMb);
  const report: CampaignReport = { inputs: 0, seed: options.seed, escapedExceptions: 0, hangs: 0, overMemory: 0, headOpensRefused: 0, silentSrDiffs: 0, rawErrorTexts: 0, slowestMs: 0, seconds: 0, examples: [] };
  const note = (line: string) => {
    if (report.examples.length < 40) report.examples.push(line);
    log(line);
  };
  for (let id = 0; id < options.count; id++) {
    // A third of the inputs come from SRs: they are few in the corpus, and the SR reader is the riskier one.
    const seed = random() < 0.33 && srSeeds.length > 0 ? srSeeds[Math.floor(random() * srSeeds.length)]! : seeds[Math.floor(random() * seeds.length)]!;
    const mutant = mutate(seed.bytes, { random, sites: seed.sites, explicit: seed.explicit, deflateBomb: bomb });
    const label = `#${id} ${seed.name} [${mutant.name}]`;
    if (options.readableSrOnly && seed.cleanSr === null) continue;
    const outcome = await runner.run({ id, bytes: mutant.bytes, cleanSr: seed.cleanSr }, options.timeoutMs);
    report.inputs++;
    if (outcome === 'hang') {
      report.hangs++;
      note(`hang > ${options.timeoutMs} ms: ${label}`);
    } else if (outcome === 'memory') {
      report.overMemory++;
      note(`over ${options.memoryMb} MB: ${label}`);
    } else {
      report.slowestMs = Math.max(report.slowestMs, outcome.ms);
      report.escapedExceptions += outcome.escaped.length;
      outcome.escaped.forEach((escape) => note(`escaped from ${escape.reader}: ${escape.message} ${label}`));
      if (outcome.headOpensRefused) {
        report.headOpensRefused++;
        note(`quick header path opens a file the full read refuses: ${label}`);
      }
      if (outcome.silentSrDiff) {
        report.silentSrDiffs++;
        note(`SR import differs from the clean file with no problem listed: ${label}`);
      }
      report.rawErrorTexts += outcome.rawErrorTexts.length;
      outcome.rawErrorTexts.forEach((text) => note(`raw error text shown: "${text.slice(0, 120)}" ${label}`));
    }
  }
  await runner.stop();
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

const isMain = process.argv[1] && new URL(import.meta.url).pathname === process.argv[1];
if (isMain) {
  const options = parseOptions(process.argv.slice(2));
  const report = await runCampaign(options, options.json ? () => {} : (line) => console.log(line));
  if (options.json) console.log(JSON.stringify(report));
  else {
    const { examples: _examples, ...figures } = report;
    console.log(JSON.stringify(figures, null, 2));
  }
}
