/**
 * Peer benchmark: `npm run bench:peer [-- --runs N] [--skip-build]` (issue 13's targets against OHIF).
 *
 * OHIF 3.13.2 and Nadir, each served by the peer harness's own server (../shared/tools/peer-ohif/serve.py,
 * which also proxies /dicom-web) from one private Orthanc, timed by the harness's `ttfi.mjs` on two
 * studies: the real HCC_048 baseline (89 RLE slices) and the 300-slice JPEG-LS baseline that
 * bench:viewer generates. Cold runs are interleaved (OHIF, Nadir, then Nadir, OHIF, ...), one ttfi run
 * per call, so that the machine's load falls on both alike. Warm runs are one ttfi call per viewer
 * with all its runs (`--runs N`), the viewers taking turns to go first from one study to the next,
 * as ttfi is meant to be used: one profile primed by two unrecorded visits, then the N recorded ones.
 * A call per warm run primed a new profile for every sample, and OHIF's run in such calls often
 * showed no first image within the timeout. A run without one is left out of the median and printed.
 * Medians and Nadir / OHIF ratios against the issue's targets; no assertions. JSON in
 * .tmp/bench/peer.json. `--study hcc|jpegls` and `--mode cold|warm` measure a part.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { freePort, startOrthanc, uploadFiles, type RunningOrthanc } from '../../tests/pacs/orthanc';
import { ensureBenchData, listFiles } from './benchData';
import { run } from './processes';

const root = new URL('../../', import.meta.url).pathname;
const peerTools = join(root, '..', 'shared', 'tools', 'peer-ohif');
const benchDir = join(root, '.tmp', 'bench');
const harness = join(root, '.tmp', 'peer-harness');
const appDist = join(benchDir, 'app-dist');
const HCC_048 = join(root, '..', 'shared', 'dicom', 'series', 'hcc-tace-seg_HCC_048_baseline_ct_rle');

type Viewer = 'ohif' | 'nadir';
type Mode = 'cold' | 'warm';
const PATHS: Record<Viewer, string> = { ohif: '/viewer?StudyInstanceUIDs={UID}', nadir: '/?study={UID}' };
/** What ttfi.mjs reports per run that this bench compares. */
const MEASURES = ['firstImageMs', 'allFramesFetchedMs', 'viewerLoadedMs', 'pssMB'] as const;
type Measure = (typeof MEASURES)[number];
type TtfiRun = Partial<Record<Measure, number | null>> & { ok?: boolean; error?: string };
type Results = Record<string, Record<Mode, Record<Viewer, TtfiRun[]>>>;
/** Issue 13's targets, as Nadir / OHIF ratios. */
const TARGETS: Partial<Record<Measure, number>> = { firstImageMs: 0.5, viewerLoadedMs: 0.7, pssMB: 0.7 };

const STUDIES = ['hcc', 'jpegls'] as const;
type StudyName = (typeof STUDIES)[number];
const MODES: readonly Mode[] = ['cold', 'warm'];

interface Options {
  runs: number;
  skipBuild: boolean;
  studies: readonly StudyName[];
  modes: readonly Mode[];
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { runs: 5, skipBuild: false, studies: STUDIES, modes: MODES };
  const usage = '--runs N, --skip-build, --study hcc|jpegls, --mode cold|warm';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg === '--skip-build') options.skipBuild = true;
    else if (arg === '--study' && STUDIES.includes(argv[i + 1] as StudyName)) options.studies = [argv[++i] as StudyName];
    else if (arg === '--mode' && MODES.includes(argv[i + 1] as Mode)) options.modes = [argv[++i] as Mode];
    else throw new Error(`unknown option ${arg} ${argv[i + 1] ?? ''} (${usage})`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs needs a whole number of at least 1');
  return options;
}

async function serve(dist: string, orthanc: RunningOrthanc, children: ChildProcess[]): Promise<string> {
  const port = await freePort();
  const child = spawn('python3', [join(peerTools, 'serve.py'), '--dist', dist, '--port', String(port), '--orthanc', orthanc.url], { stdio: 'ignore', detached: true });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 100; tries++) {
    if (await fetch(url).then((response) => response.ok, () => false)) return url;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`serve.py for ${dist} did not answer at ${url}`);
}

async function studyUids(orthanc: RunningOrthanc): Promise<Set<string>> {
  const studies = (await (await fetch(`${orthanc.dicomWebUrl}/studies`)).json()) as { '0020000D': { Value: [string] } }[];
  return new Set(studies.map((study) => study['0020000D'].Value[0]));
}

/** Uploads a folder and answers the Study Instance UID it added. */
async function upload(orthanc: RunningOrthanc, folder: string): Promise<string> {
  const before = await studyUids(orthanc);
  const result = await uploadFiles(orthanc.port, listFiles(folder).filter((file) => !file.endsWith('.json')));
  if (result.failures.length > 0) throw new Error(`Orthanc refused ${result.failures.length} files of ${folder}: ${result.failures[0]!.message}`);
  const added = [...(await studyUids(orthanc))].filter((uid) => !before.has(uid));
  if (added.length !== 1) throw new Error(`${folder} added ${added.length} studies, not 1`);
  return added[0]!;
}

/** `runs` ttfi runs of one viewer in one call (a warm call primes its profile first). */
function ttfi(base: string, viewer: Viewer, study: string, mode: Mode, runs: number): TtfiRun[] {
  const args = [join(peerTools, 'ttfi.mjs'), '--harness', harness, '--base', base, '--path', PATHS[viewer], '--study', study, '--runs', String(runs), '--mode', mode, '--screenshot', 'none', '--timeout', '180'];
  const result = spawnSync('node', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) return [{ ok: false, error: (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ') }];
  const report = JSON.parse(result.stdout) as { runs: (TtfiRun & { mode: string })[] };
  const found = report.runs.filter((entry) => entry.mode === mode);
  return found.length > 0 ? found : [{ ok: false, error: 'no run in the report' }];
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const describe = (sample: TtfiRun) =>
  `first image ${sample.firstImageMs ?? '–'} ms, all fetched ${sample.allFramesFetchedMs ?? '–'} ms, loaded ${sample.viewerLoadedMs ?? '–'} ms, PSS ${sample.pssMB ?? '–'} MB${sample.error ? ` (${sample.error})` : ''}`;

function measure(studies: { name: string; uid: string }[], bases: Record<Viewer, string>, runs: number, modes: readonly Mode[]): Results {
  const results: Results = {};
  const firstOf = (turn: number): Viewer[] => (turn % 2 === 0 ? ['ohif', 'nadir'] : ['nadir', 'ohif']);
  studies.forEach((study, studyIndex) => {
    results[study.name] = { cold: { ohif: [], nadir: [] }, warm: { ohif: [], nadir: [] } };
    for (const mode of modes) {
      // cold: one run per call, interleaved; warm: one primed call per viewer (see the header)
      const calls = mode === 'cold' ? Array.from({ length: runs }, (_, round) => firstOf(round)).flat() : firstOf(studyIndex);
      for (const viewer of calls) {
        for (const sample of ttfi(bases[viewer], viewer, study.uid, mode, mode === 'cold' ? 1 : runs)) {
          results[study.name]![mode][viewer].push(sample);
          console.log(`${study.name}, ${mode}, ${viewer}: ${describe(sample)}`);
        }
      }
    }
  });
  return results;
}

function printTable(results: Results): void {
  console.log(`\n${'study'.padEnd(26)}${'mode'.padEnd(6)}${'measure'.padEnd(20)}${'OHIF'.padStart(10)}${'Nadir'.padStart(10)}${'ratio'.padStart(8)}  target`);
  for (const [study, modes] of Object.entries(results)) {
    for (const mode of MODES) {
      if (modes[mode].ohif.length === 0 && modes[mode].nadir.length === 0) continue;
      for (const name of MEASURES) {
        const [ohif, nadir] = (['ohif', 'nadir'] as const).map((viewer) => median(modes[mode][viewer].flatMap((sample) => (typeof sample[name] === 'number' ? [sample[name]] : []))));
        const ratio = nadir! / ohif!;
        const target = TARGETS[name];
        const verdict = target === undefined || !Number.isFinite(ratio) ? '' : `${ratio <= target ? '✓' : '✗'} ≤ ${target}`;
        console.log(`${study.padEnd(26)}${mode.padEnd(6)}${name.padEnd(20)}${ohif!.toFixed(0).padStart(10)}${nadir!.toFixed(0).padStart(10)}${ratio.toFixed(2).padStart(8)}  ${verdict}`);
      }
    }
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(join(peerTools, 'ttfi.mjs'))) throw new Error(`the peer harness is not at ${peerTools}`);
  run('bash', [join(peerTools, 'setup.sh'), harness], root, 'the peer harness set-up');
  const data = await ensureBenchData(join(benchDir, 'data'), (line) => console.log(line));
  if (!options.skipBuild || !existsSync(join(appDist, 'index.html'))) {
    console.log(`building the app (production) into ${appDist.replace(root, '')} …`);
    run(join(root, 'node_modules', '.bin', 'vite'), ['build', '--outDir', appDist, '--emptyOutDir', '--logLevel', 'error'], root, 'vite build (app)');
  }
  const pacsDir = join(benchDir, 'peer-orthanc');
  rmSync(pacsDir, { recursive: true, force: true });
  mkdirSync(pacsDir, { recursive: true });
  const orthanc = await startOrthanc(pacsDir);
  const children: ChildProcess[] = [];
  try {
    const folders: Record<StudyName, { name: string; folder: string }> = {
      hcc: { name: 'HCC_048, 89 RLE slices', folder: HCC_048 },
      jpegls: { name: '300-slice JPEG-LS CT', folder: join(data.variants.jpegls.dir, 'baseline') },
    };
    const studies: { name: string; uid: string }[] = [];
    for (const study of options.studies) studies.push({ name: folders[study].name, uid: await upload(orthanc, folders[study].folder) });
    const bases: Record<Viewer, string> = { ohif: await serve(join(harness, 'ohif', 'dist'), orthanc, children), nadir: await serve(appDist, orthanc, children) };
    console.log(`load average ${loadavg()[0]!.toFixed(2)} before; ${options.runs} runs per viewer, study and mode`);
    const results = measure(studies, bases, options.runs, options.modes);
    printTable(results);
    writeFileSync(join(benchDir, 'peer.json'), JSON.stringify({ date: new Date().toISOString(), loadAverageAfter: loadavg(), results }, null, 2));
    console.log(`JSON: ${join(benchDir, 'peer.json').replace(root, '')}`);
  } finally {
    for (const child of children) if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await orthanc.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:peer failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
