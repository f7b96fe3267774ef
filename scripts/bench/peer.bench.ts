/**
 * Peer benchmark: `npm run bench:peer [-- --runs N] [--skip-build]` (issue 13's targets against OHIF).
 *
 * OHIF 3.13.2 and Nadir, each served by the peer harness's own server (../shared/tools/peer-ohif/serve.py,
 * which also proxies /dicom-web) from one private Orthanc, timed by the harness's `ttfi.mjs` on two
 * studies: the real HCC_048 baseline (89 RLE slices) and the 300-slice JPEG-LS baseline that
 * bench:viewer generates. Runs are interleaved (OHIF, Nadir, then Nadir, OHIF, ...), one ttfi run per
 * call, cold and warm, so that the machine's load falls on both alike. Medians and Nadir / OHIF ratios
 * against the issue's targets; no assertions. JSON in .tmp/bench/peer.json.
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

function parseOptions(argv: readonly string[]): { runs: number; skipBuild: boolean } {
  const options = { runs: 5, skipBuild: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') options.runs = Number(argv[++i]);
    else if (argv[i] === '--skip-build') options.skipBuild = true;
    else throw new Error(`unknown option ${argv[i]} (--runs N, --skip-build)`);
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

function ttfi(base: string, viewer: Viewer, study: string, mode: Mode): TtfiRun {
  const args = [join(peerTools, 'ttfi.mjs'), '--harness', harness, '--base', base, '--path', PATHS[viewer], '--study', study, '--runs', '1', '--mode', mode, '--screenshot', 'none', '--timeout', '180'];
  const result = spawnSync('node', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) return { ok: false, error: (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ') };
  const report = JSON.parse(result.stdout) as { runs: (TtfiRun & { mode: string })[] };
  return report.runs.find((entry) => entry.mode === mode) ?? { ok: false, error: 'no run in the report' };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function measure(studies: { name: string; uid: string }[], bases: Record<Viewer, string>, runs: number): Promise<Results> {
  const results: Results = {};
  for (const study of studies) {
    results[study.name] = { cold: { ohif: [], nadir: [] }, warm: { ohif: [], nadir: [] } };
    for (const mode of ['cold', 'warm'] as const) {
      for (let round = 0; round < runs; round++) {
        const order: Viewer[] = round % 2 === 0 ? ['ohif', 'nadir'] : ['nadir', 'ohif'];
        for (const viewer of order) {
          const sample = ttfi(bases[viewer], viewer, study.uid, mode);
          results[study.name]![mode][viewer].push(sample);
          console.log(`${study.name}, ${mode}, ${viewer}: first image ${sample.firstImageMs ?? '–'} ms, all fetched ${sample.allFramesFetchedMs ?? '–'} ms, loaded ${sample.viewerLoadedMs ?? '–'} ms, PSS ${sample.pssMB ?? '–'} MB${sample.error ? ` (${sample.error})` : ''}`);
        }
      }
    }
  }
  return results;
}

function printTable(results: Results): void {
  console.log(`\n${'study'.padEnd(26)}${'mode'.padEnd(6)}${'measure'.padEnd(20)}${'OHIF'.padStart(10)}${'Nadir'.padStart(10)}${'ratio'.padStart(8)}  target`);
  for (const [study, modes] of Object.entries(results)) {
    for (const mode of ['cold', 'warm'] as const) {
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
    const studies = [
      { name: 'HCC_048, 89 RLE slices', uid: await upload(orthanc, HCC_048) },
      { name: '300-slice JPEG-LS CT', uid: await upload(orthanc, join(data.variants.jpegls.dir, 'baseline')) },
    ];
    const bases: Record<Viewer, string> = { ohif: await serve(join(harness, 'ohif', 'dist'), orthanc, children), nadir: await serve(appDist, orthanc, children) };
    console.log(`load average ${loadavg()[0]!.toFixed(2)} before; ${options.runs} interleaved runs per viewer, study and mode`);
    const results = await measure(studies, bases, options.runs);
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
