/**
 * Viewer benchmark: `npm run bench:viewer [-- --runs N] [--skip-build] [--timeout-s S] [--variant V] [--profile]`.
 *
 * In headless Debian Chromium against the production build, a synthetic CT pair (baseline and
 * follow-up, 2 x 300 slices of 512 x 512 int16), once uncompressed and once JPEG-LS lossless:
 *  - first image in both viewports: from the folder input's change event to both viewports'
 *    first IMAGE_RENDERED (their `data-render-count` attribute appearing), measured in the page;
 *  - all slices decoded: from the same change event to the app's `viewer:series-loaded` mark;
 *  - memory once everything is decoded: the page renderer's RSS from /proc (dedicated workers live
 *    in that process), its peak (VmHWM), and the main thread's JS heap (CDP Performance.getMetrics);
 *  - scrolling once everything is decoded: input to paint of SCROLL_STEPS arrow-key presses, one after
 *    the other, from the keydown's timestamp to the animation frame after a viewport's next render
 *    (so at most one frame late); its 95th percentile over every press of every run;
 *  - the floor, in the same run: a plain page (scripts/bench/floor, its own Vite build) that takes the
 *    same folder through an <input webkitdirectory> and reads and decodes every file with the same
 *    codecs in as many plain workers as the app's image loader starts (min(cores, 4)).
 * Each measurement gets a fresh browser profile (cold caches); the page is loaded and idle before
 * the folder is handed over, as when a reader picks it; the files are in the OS page cache. The app
 * is built into .tmp/bench/app-dist (not dist/, which the e2e tests use). Medians over the runs; no
 * assertions: the targets are printed with ✓/✗. JSON in .tmp/bench/viewer.json. `--profile` adds one
 * unmeasured app run per variant that writes the main thread's CPU profile to .tmp/bench/.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { openBrowser, type BrowserSession } from '../../tests/e2e/browser';
import { ensureBenchData, listFiles, SLICES, VARIANTS, type BenchData, type VariantData, type VariantName } from './benchData';
import type { FloorResult } from './floor/protocol';
import { chromiumMemory, killEverythingStarted, run, startPreview, type ChromiumMemory } from './processes';

const root = new URL('../../', import.meta.url).pathname;
const benchDir = join(root, '.tmp', 'bench');
const appDist = join(benchDir, 'app-dist');
const floorDist = join(benchDir, 'floor-dist');

/** The app asks who is reading once per browser and remembers it here (src/ui/read/ReaderForm.tsx). */
const READER_NAME_KEY = 'nadir.readerName';

/** Issue 13's targets for bench:viewer (an earlier issue's 1 s and 1.5× were still here). */
const TARGETS = { firstImageMs: 800, appOverFloor: 1.5, rssOverVoxels: 2.5, scrollPaintP95Ms: 33 };
/** Arrow-key presses per run: half toward the feet from the middle slice, half back. */
const SCROLL_STEPS = 60;
/** The page settles this long after the last slice before its memory is read. */
const SETTLE_MS = 1000;

interface Options {
  runs: number;
  skipBuild: boolean;
  timeoutMs: number;
  variants: VariantName[];
  /** One extra, unmeasured app run per variant with the main thread's CPU profile written to .tmp/bench. */
  profile: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { runs: 5, skipBuild: false, timeoutMs: 300_000, variants: [...VARIANTS], profile: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--runs') options.runs = Number(value());
    else if (arg.startsWith('--runs=')) options.runs = Number(arg.slice('--runs='.length));
    else if (arg === '--skip-build') options.skipBuild = true;
    else if (arg === '--timeout-s') options.timeoutMs = Number(value()) * 1000;
    else if (arg === '--variant') options.variants = [value() as VariantName];
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('npm run bench:viewer -- [--runs N (5)] [--skip-build] [--timeout-s S (300)] [--variant uncompressed|jpegls] [--profile]');
      process.exit(0);
    } else throw new Error(`unknown option ${arg} (try --help)`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs needs a whole number of at least 1');
  if (!(options.timeoutMs > 0)) throw new Error('--timeout-s needs a positive number');
  if (options.variants.some((name) => !VARIANTS.includes(name))) throw new Error(`--variant is one of ${VARIANTS.join(', ')}`);
  return options;
}

// ---------------------------------------------------------------------------------------------
// In-page probe of the app: installed before any of the page's scripts run.

interface AppProbe {
  changeAt: number | null;
  mountedAt: Record<string, number>;
  firstRenderAt: Record<string, number>;
}

interface AppWindow {
  __bench: AppProbe;
}

interface ScrollWindow {
  /** input to paint of the arrow key about to be pressed (measureScroll) */
  __scrollPaint: Promise<number>;
}

// Functions sent to the page must not bind arrow functions to names: tsx would wrap them in an
// esbuild `__name(...)` helper that does not exist in the page.
function installProbe(): void {
  const probe: AppProbe = { changeAt: null, mountedAt: {}, firstRenderAt: {} };
  (window as unknown as AppWindow).__bench = probe;
  for (const type of ['input', 'change']) {
    window.addEventListener(
      type,
      (event) => {
        if (probe.changeAt === null && event.target instanceof HTMLInputElement && event.target.type === 'file') probe.changeAt = performance.now();
      },
      true,
    );
  }
  const observer = new MutationObserver(() => {
    const now = performance.now();
    for (const role of ['baseline', 'follow-up']) {
      const element = document.querySelector(`[data-testid="viewport-${role}"]`);
      if (!element) continue;
      probe.mountedAt[role] ??= now;
      if (element.hasAttribute('data-render-count')) probe.firstRenderAt[role] ??= now;
    }
    if (Object.keys(probe.firstRenderAt).length === 2) observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-render-count'] });
}

// ---------------------------------------------------------------------------------------------
// Samples

interface Memory extends ChromiumMemory {
  jsHeapUsedBytes: number;
  jsHeapTotalBytes: number;
  /** The renderer's RSS again after a forced garbage collection of the main thread. */
  rendererRssAfterGcBytes: number;
}

interface AppSample {
  /** The app asked for the reader's name inside the timed part (it should not: see READER_NAME_KEY). */
  readerFormShown: boolean;
  /** Node-side: setInputFiles until it returned (File objects made, events dispatched). */
  handOverMs: number;
  /** All in-page, from the change event. */
  viewportsMountedMs: number;
  firstImageFirstViewportMs: number;
  firstImageBothMs: number;
  allDecodedMs: number;
  memory: Memory;
  /** input to paint of each arrow-key press, in order */
  scrollPaintMs: number[];
  consoleErrors: number;
}

interface FloorSample {
  handOverMs: number;
  firstSliceMs: number;
  allDecodedMs: number;
  workers: number;
  stageMs: FloorResult['stageMs'];
  checksum: number;
  memory: Memory;
}

async function readMemory(page: Page): Promise<Memory> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((entry) => entry.name === name)?.value ?? NaN;
    const before = chromiumMemory();
    await cdp.send('HeapProfiler.collectGarbage');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = chromiumMemory();
    return { ...before, jsHeapUsedBytes: metric('JSHeapUsedSize'), jsHeapTotalBytes: metric('JSHeapTotalSize'), rendererRssAfterGcBytes: after.rendererRssBytes };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * The page's idea of "loaded and idle": Cornerstone's chunk fetched and no resource finished for
 * half a second. Not Playwright's networkidle: the app stops the image loader's own decode worker as
 * soon as Cornerstone starts it (cornerstoneRuntime.ts), and the request for that worker's script,
 * cut short, stays pending in Playwright's count for ever.
 */
function viewerChunkFetchedAndQuiet(): boolean {
  const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
  const lastEnd = Math.max(0, ...resources.map((entry) => entry.responseEnd));
  return resources.some((entry) => entry.name.includes('/cornerstoneRuntime-')) && performance.now() - lastEnd > 500;
}

class StepError extends Error {}

/** Waits for a page condition, failing with a message that says what did not happen and what the page showed. */
async function waitInPage<T>(session: BrowserSession, what: string, timeoutMs: number, fn: () => T | false | null | undefined): Promise<T> {
  try {
    const handle = await session.page.waitForFunction(fn, undefined, { timeout: timeoutMs, polling: 50 });
    return (await handle.jsonValue()) as T;
  } catch (error) {
    const status = await session.page
      .evaluate(() => document.querySelector('[data-testid="loading"], [data-testid="load-report"], [data-testid="floor-status"], [role="alert"]')?.textContent ?? '')
      .catch(() => '(page gone)');
    const errors = [...session.pageErrors, ...session.consoleErrors].slice(0, 5).join(' | ');
    throw new StepError(
      `${what} did not happen within ${timeoutMs / 1000} s (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); page: ${status.slice(0, 300) || '(nothing)'}${errors ? `; errors: ${errors}` : ''}`,
    );
  }
}

const openSessions = new Set<BrowserSession>();

async function withBrowser<T>(work: (session: BrowserSession) => Promise<T>): Promise<T> {
  const session = await openBrowser();
  openSessions.add(session);
  try {
    return await work(session);
  } finally {
    openSessions.delete(session);
    await session.close();
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Self time by function (minified names, with file:line:column to find them in the bundle). */
function topSelfTime(profile: CpuProfile, count: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  (profile.samples ?? []).forEach((id, index) => {
    const frame = byId.get(id);
    if (!frame) return;
    const where = frame.url ? ` ${frame.url.split('/').pop()}:${frame.lineNumber + 1}:${frame.columnNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[index] ?? 0) / 1000);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, total]) => `${ms(total).padStart(8)}  ${key}`);
}

async function measureApp(url: string, variant: VariantData, options: Options, profilePath?: string): Promise<AppSample> {
  return withBrowser(async (session) => {
    const { page } = session;
    await page.addInitScript(installProbe);
    // Loaded and idle, as when a reader picks the folder: the Cornerstone chunk has been fetched.
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await waitInPage(session, 'the viewer chunk fetched and the network quiet', 60_000, viewerChunkFetchedAndQuiet);
    // A returning reader: the name is remembered, so no form stands between the folder and the images.
    await page.evaluate(([key]) => localStorage.setItem(key!, 'Benchmark reader'), [READER_NAME_KEY]);
    const profiler = profilePath ? await page.context().newCDPSession(page) : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.start');
    }
    const started = Date.now();
    await page.locator('[data-testid="open-folder"]').setInputFiles(variant.dir, { timeout: options.timeoutMs });
    const handOverMs = Date.now() - started;
    const bothRendered = () => {
      const probe = (window as unknown as AppWindow).__bench;
      if (probe.firstRenderAt['baseline'] !== undefined && probe.firstRenderAt['follow-up'] !== undefined) return probe;
      return document.querySelector('[data-testid="reader-name"]') ? 'reader-form' : null;
    };
    let shown = await waitInPage(session, 'the first image in both viewports', options.timeoutMs, bothRendered);
    let readerFormShown = false;
    if (shown === 'reader-form') {
      // The remembered name was not found (the storage key changed?): answer the form; the time includes it.
      readerFormShown = true;
      console.warn(`warning: the app asked for the reader's name although ${READER_NAME_KEY} was set; the first-image time includes answering it`);
      await page.locator('[data-testid="reader-name"]').fill('Benchmark reader');
      await page.locator('[data-testid="reader-start"]').click();
      shown = await waitInPage(session, 'the first image in both viewports', options.timeoutMs, bothRendered);
    }
    if (typeof shown === 'string') throw new StepError('the reader form did not go away');
    const seriesLoaded = await waitInPage(session, "the app's viewer:series-loaded mark", options.timeoutMs, () => {
      const mark = performance.getEntriesByName('viewer:series-loaded')[0];
      const first = performance.getEntriesByName('viewer:first-image')[0];
      return mark && first && { seriesLoadedAt: mark.startTime, firstImageAt: first.startTime };
    });
    if (profiler && profilePath) {
      const { profile } = await profiler.send('Profiler.stop');
      writeFileSync(profilePath, JSON.stringify(profile));
      console.log(`main-thread CPU profile (${variant.name}, open in DevTools): ${profilePath.replace(root, '')}; most self time:`);
      for (const line of topSelfTime(profile as CpuProfile, 12)) console.log(line);
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const check = await page.evaluate(() => ({
      timepoints: document.querySelectorAll('[data-testid="timepoint"]').length,
      baseline: document.querySelector('[data-testid="viewport-panel-baseline"]')?.textContent ?? '',
      followUp: document.querySelector('[data-testid="viewport-panel-follow-up"]')?.textContent ?? '',
      reportEntries: [...document.querySelectorAll('[data-testid="load-report-entry"]')].map((entry) => entry.textContent ?? ''),
    }));
    const problems = [
      check.timepoints !== 2 && `${check.timepoints} timepoints instead of 2`,
      !(check.baseline.includes('2024-01-15') && check.baseline.includes(`(${SLICES})`)) && 'the baseline viewport does not show the 2024-01-15 series',
      !(check.followUp.includes('2024-04-15') && check.followUp.includes(`(${SLICES})`)) && 'the follow-up viewport does not show the 2024-04-15 series',
      check.reportEntries.length > 0 && `load report: ${check.reportEntries.slice(0, 3).join('; ')}`,
      session.pageErrors.length > 0 && `page errors: ${session.pageErrors.slice(0, 3).join('; ')}`,
    ].filter(Boolean);
    if (problems.length > 0) throw new StepError(`the app did not show the pair as expected: ${problems.join(', ')}`);
    const changeAt = shown.changeAt!;
    const mounted = Math.max(shown.mountedAt['baseline'] ?? NaN, shown.mountedAt['follow-up'] ?? NaN);
    const renders = [shown.firstRenderAt['baseline']!, shown.firstRenderAt['follow-up']!];
    return {
      readerFormShown,
      handOverMs,
      viewportsMountedMs: mounted - changeAt,
      firstImageFirstViewportMs: Math.min(...renders) - changeAt,
      firstImageBothMs: Math.max(...renders) - changeAt,
      allDecodedMs: seriesLoaded.seriesLoadedAt - changeAt,
      memory: await readMemory(page),
      scrollPaintMs: await profiled(profiler, profilePath?.replace(/\.cpuprofile$/, '.scroll.cpuprofile'), `scrolling, ${variant.name}`, () => measureScroll(page)),
      consoleErrors: session.consoleErrors.length,
    };
  });
}

/** `measure` with the main thread's CPU profile written to `path`, when profiling. */
async function profiled<T>(profiler: CDPSession | null, path: string | undefined, what: string, measure: () => Promise<T>): Promise<T> {
  if (!profiler || !path) return measure();
  await profiler.send('Profiler.start');
  const result = await measure();
  const { profile } = await profiler.send('Profiler.stop');
  writeFileSync(path, JSON.stringify(profile));
  console.log(`main-thread CPU profile (${what}): ${path.replace(root, '')}; most self time:`);
  for (const line of topSelfTime(profile as CpuProfile, 12)) console.log(line);
  await profiler.detach();
  return result;
}

/**
 * Input to paint of arrow-key presses through the browser's input pipeline (CDP key events), each
 * after the previous one painted: from the keydown's timestamp to the animation frame after the
 * next render of a viewport.
 */
async function measureScroll(page: Page): Promise<number[]> {
  // the folder input keeps the focus after the files were handed over, and keys typed into a field are not the viewer's
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  const samples: number[] = [];
  for (let step = 0; step < SCROLL_STEPS; step++) {
    // Armed and waited for before the key is sent: key events and evaluations reach the page by different routes.
    await page.evaluate(() => {
      (window as unknown as ScrollWindow).__scrollPaint = new Promise<number>((resolve, reject) => {
        // the keys act on the active viewport (the baseline unless the reader chose the other)
        const elements = [...document.querySelectorAll<HTMLElement>('[data-testid="viewport-baseline"], [data-testid="viewport-follow-up"]')];
        if (elements.length === 0) return reject(new Error('no viewport'));
        const before = elements.map((element) => element.dataset.renderCount);
        let keyAt: number | null = null;
        window.addEventListener('keydown', (event) => void (keyAt = event.timeStamp), { capture: true, once: true });
        const observer = new MutationObserver(() => {
          if (keyAt === null || elements.every((element, index) => element.dataset.renderCount === before[index])) return;
          observer.disconnect();
          const pressedAt = keyAt;
          requestAnimationFrame(() => resolve(performance.now() - pressedAt));
        });
        for (const element of elements) observer.observe(element, { attributes: true, attributeFilter: ['data-render-count'] });
        setTimeout(() => reject(new Error(`no render within 5 s of an arrow key (focus on ${document.activeElement?.tagName ?? 'nothing'})`)), 5_000);
      });
    });
    await page.keyboard.press(step < SCROLL_STEPS / 2 ? 'ArrowDown' : 'ArrowUp');
    samples.push(await page.evaluate(() => (window as unknown as ScrollWindow).__scrollPaint));
  }
  return samples;
}

/** The `fraction` quantile (nearest rank) of the values. */
function quantile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? NaN;
}

async function measureFloor(url: string, variant: VariantData, options: Options, voxelBytes: number): Promise<FloorSample> {
  return withBrowser(async (session) => {
    const { page } = session;
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await waitInPage(session, 'the floor page', 30_000, () => document.querySelector('[data-testid="floor-status"]')?.textContent === 'ready');
    const started = Date.now();
    await page.locator('[data-testid="floor-input"]').setInputFiles(variant.dir, { timeout: options.timeoutMs });
    const handOverMs = Date.now() - started;
    const result = await waitInPage(session, 'the floor decoding every file', options.timeoutMs, () => (window as unknown as { __floor?: FloorResult }).__floor);
    if (result.errors.length > 0) throw new StepError(`the floor could not decode ${result.errors.length} files: ${result.errors.slice(0, 3).join('; ')}`);
    if (result.files !== variant.files || result.decodedBytes !== voxelBytes) {
      throw new StepError(`the floor decoded ${result.files} files, ${result.decodedBytes} bytes; expected ${variant.files} files, ${voxelBytes} bytes`);
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return {
      handOverMs,
      firstSliceMs: result.firstSliceAt - result.changeAt,
      allDecodedMs: result.doneAt - result.changeAt,
      workers: result.workers,
      stageMs: result.stageMs,
      checksum: result.checksum,
      memory: await readMemory(page),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Statistics and output

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

interface Spread {
  median: number;
  min: number;
  max: number;
}

const spread = (values: readonly number[]): Spread => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

interface VariantSummary {
  fileBytes: number;
  firstImageBothMs: Spread;
  firstImageFirstViewportMs: Spread;
  viewportsMountedMs: Spread;
  allDecodedMs: Spread;
  floorAllDecodedMs: Spread;
  floorFirstSliceMs: Spread;
  appOverFloor: number;
  rendererRssBytes: Spread;
  rendererRssAfterGcBytes: Spread;
  rendererPeakRssBytes: Spread;
  rssOverVoxels: number;
  jsHeapUsedBytes: Spread;
  floorRendererRssBytes: Spread;
  floorStageMs: { readMs: number; parseMs: number; decodeMs: number };
  handOverMs: Spread;
  /** over every arrow-key press of every run */
  scrollPaintMs: { p50: number; p95: number; max: number; presses: number };
  meets: { firstImage: boolean; appOverFloor: boolean; memory: boolean; scroll: boolean };
}

function summarize(variant: VariantData, app: readonly AppSample[], floor: readonly FloorSample[], voxelBytes: number): VariantSummary {
  const appDecoded = spread(app.map((sample) => sample.allDecodedMs));
  const floorDecoded = spread(floor.map((sample) => sample.allDecodedMs));
  const rss = spread(app.map((sample) => sample.memory.rendererRssBytes));
  const firstImage = spread(app.map((sample) => sample.firstImageBothMs));
  const appOverFloor = appDecoded.median / floorDecoded.median;
  const rssOverVoxels = rss.median / voxelBytes;
  const presses = app.flatMap((sample) => sample.scrollPaintMs);
  const scrollPaintMs = { p50: quantile(presses, 0.5), p95: quantile(presses, 0.95), max: Math.max(...presses), presses: presses.length };
  return {
    fileBytes: variant.fileBytes,
    firstImageBothMs: firstImage,
    firstImageFirstViewportMs: spread(app.map((sample) => sample.firstImageFirstViewportMs)),
    viewportsMountedMs: spread(app.map((sample) => sample.viewportsMountedMs)),
    allDecodedMs: appDecoded,
    floorAllDecodedMs: floorDecoded,
    floorFirstSliceMs: spread(floor.map((sample) => sample.firstSliceMs)),
    appOverFloor,
    rendererRssBytes: rss,
    rendererRssAfterGcBytes: spread(app.map((sample) => sample.memory.rendererRssAfterGcBytes)),
    rendererPeakRssBytes: spread(app.map((sample) => sample.memory.rendererPeakRssBytes)),
    rssOverVoxels,
    jsHeapUsedBytes: spread(app.map((sample) => sample.memory.jsHeapUsedBytes)),
    floorRendererRssBytes: spread(floor.map((sample) => sample.memory.rendererRssBytes)),
    floorStageMs: {
      readMs: median(floor.map((sample) => sample.stageMs.readMs)),
      parseMs: median(floor.map((sample) => sample.stageMs.parseMs)),
      decodeMs: median(floor.map((sample) => sample.stageMs.decodeMs)),
    },
    handOverMs: spread(app.map((sample) => sample.handOverMs)),
    scrollPaintMs,
    meets: {
      firstImage: firstImage.median <= TARGETS.firstImageMs,
      appOverFloor: appOverFloor <= TARGETS.appOverFloor,
      memory: rssOverVoxels <= TARGETS.rssOverVoxels,
      scroll: scrollPaintMs.p95 <= TARGETS.scrollPaintP95Ms,
    },
  };
}

const ms = (value: number) => `${Math.round(value)} ms`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const mark = (ok: boolean) => (ok ? '✓' : '✗');
const withRange = (value: Spread, format: (n: number) => string) => `${format(value.median)} (${format(value.min).replace(/ \w+$/, '')}–${format(value.max)})`;

function printTable(summaries: Partial<Record<VariantName, VariantSummary>>, runs: number): void {
  const names = VARIANTS.filter((name) => summaries[name]);
  const rows: [string, ...string[]][] = [
    ['', ...names.map((name) => (name === 'jpegls' ? 'JPEG-LS lossless' : 'uncompressed')), 'target'],
    ['files on disk', ...names.map((name) => mb(summaries[name]!.fileBytes)), ''],
    ['first image, both viewports', ...names.map((name) => `${withRange(summaries[name]!.firstImageBothMs, ms)} ${mark(summaries[name]!.meets.firstImage)}`), `≤ ${ms(TARGETS.firstImageMs)}`],
    ['  first viewport', ...names.map((name) => ms(summaries[name]!.firstImageFirstViewportMs.median)), ''],
    ['  headers read, viewports mounted', ...names.map((name) => ms(summaries[name]!.viewportsMountedMs.median)), ''],
    ['all slices decoded (app)', ...names.map((name) => withRange(summaries[name]!.allDecodedMs, ms)), ''],
    ['floor: read + decode in workers', ...names.map((name) => withRange(summaries[name]!.floorAllDecodedMs, ms)), ''],
    ['  floor first slice', ...names.map((name) => ms(summaries[name]!.floorFirstSliceMs.median)), ''],
    ['ratio app / floor', ...names.map((name) => `${summaries[name]!.appOverFloor.toFixed(2)} ${mark(summaries[name]!.meets.appOverFloor)}`), `≤ ${TARGETS.appOverFloor}`],
    ['renderer RSS, all decoded', ...names.map((name) => withRange(summaries[name]!.rendererRssBytes, mb)), ''],
    ['ratio RSS / voxel bytes', ...names.map((name) => `${summaries[name]!.rssOverVoxels.toFixed(2)} ${mark(summaries[name]!.meets.memory)}`), `≤ ${TARGETS.rssOverVoxels}`],
    ['  RSS after GC (main thread)', ...names.map((name) => mb(summaries[name]!.rendererRssAfterGcBytes.median)), ''],
    ['  peak RSS while loading', ...names.map((name) => mb(summaries[name]!.rendererPeakRssBytes.median)), ''],
    ['JS heap used (main thread)', ...names.map((name) => mb(summaries[name]!.jsHeapUsedBytes.median)), ''],
    ['floor renderer RSS', ...names.map((name) => mb(summaries[name]!.floorRendererRssBytes.median)), ''],
    [
      'scroll input to paint, p95',
      ...names.map((name) => `${ms(summaries[name]!.scrollPaintMs.p95)} ${mark(summaries[name]!.meets.scroll)}`),
      `≤ ${ms(TARGETS.scrollPaintP95Ms)}`,
    ],
    ['  p50, max', ...names.map((name) => `${ms(summaries[name]!.scrollPaintMs.p50)}, ${ms(summaries[name]!.scrollPaintMs.max)}`), ''],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length)));
  console.log(`\nmedians over ${runs} run${runs === 1 ? '' : 's'} (min–max); times from the folder input's change event`);
  for (const row of rows) console.log(row.map((cell, column) => cell + ' '.repeat(widths[column]! - [...cell].length)).join('   '));
}

// ---------------------------------------------------------------------------------------------

function warmPageCache(data: BenchData, variants: readonly VariantName[]): void {
  // Both the app and the floor then read from memory, not from the disk, in every run.
  for (const name of variants) for (const file of listFiles(data.variants[name].dir)) readFileSync(file);
}

function build(options: Options): void {
  const vite = join(root, 'node_modules', '.bin', 'vite');
  if (options.skipBuild) {
    for (const dir of [appDist, floorDist]) {
      if (!existsSync(join(dir, 'index.html'))) throw new Error(`--skip-build: no build in ${dir}; run once without --skip-build`);
    }
    return;
  }
  console.log('building the app (production) into .tmp/bench/app-dist …');
  run(vite, ['build', '--outDir', appDist, '--emptyOutDir', '--logLevel', 'error'], root, 'vite build (app)');
  console.log('building the floor page into .tmp/bench/floor-dist …');
  run(vite, ['build', '--config', 'scripts/bench/floor.vite.config.ts', '--logLevel', 'error'], root, 'vite build (floor)');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  mkdirSync(benchDir, { recursive: true });
  const data = await ensureBenchData(join(benchDir, 'data'), (line) => console.log(line));
  build(options);
  const appUrl = await startPreview(root, ['--outDir', appDist]);
  const floorUrl = await startPreview(root, ['--config', 'scripts/bench/floor.vite.config.ts']);
  warmPageCache(data, options.variants);

  const machine = await withBrowser(async ({ page }) => {
    await page.goto(floorUrl);
    const cdp = await page.context().newCDPSession(page);
    const { product } = await cdp.send('Browser.getVersion');
    const { userAgent, hardwareConcurrency } = await page.evaluate(() => ({ userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency }));
    return { product, userAgent, hardwareConcurrency };
  });
  const chromiumVersion = /\/([\d.]+)$/.exec(machine.product)?.[1] ?? machine.product;
  const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const loadAtStart = loadavg();
  console.log(
    `\nmachine: ${availableParallelism()} cores (${cpuModel}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Chromium ${chromiumVersion}, Node ${process.version}, ` +
      `load average ${loadAtStart[0]!.toFixed(2)} (other work on this machine skews the times)`,
  );
  console.log(`data: 2 studies x ${SLICES} slices 512x512 int16 = ${mb(data.voxelBytes)} of voxels; ${options.runs} runs\n`);

  const samples: Partial<Record<VariantName, { app: AppSample[]; floor: FloorSample[] }>> = {};
  for (let runIndex = 1; runIndex <= options.runs; runIndex++) {
    for (const name of options.variants) {
      const variant = data.variants[name];
      const label = `run ${runIndex}/${options.runs}, ${name}`;
      const entry = (samples[name] ??= { app: [], floor: [] });
      const step = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
        try {
          return await work();
        } catch (error) {
          throw new Error(`${label}, ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
      };
      const app = await step('app', () => measureApp(appUrl, variant, options));
      const floor = await step('floor', () => measureFloor(floorUrl, variant, options, data.voxelBytes));
      entry.app.push(app);
      entry.floor.push(floor);
      console.log(
        `${label}: first image ${ms(app.firstImageBothMs)}, all decoded ${ms(app.allDecodedMs)}, floor ${ms(floor.allDecodedMs)} (${floor.workers} workers), ` +
          `scroll p95 ${ms(quantile(app.scrollPaintMs, 0.95))}, ` +
          `renderer RSS ${mb(app.memory.rendererRssBytes)} (floor ${mb(floor.memory.rendererRssBytes)})`,
      );
    }
  }

  if (options.profile) {
    for (const name of options.variants) await measureApp(appUrl, data.variants[name], options, join(benchDir, `app-${name}.cpuprofile`));
  }

  const checksums = new Set(Object.values(samples).flatMap((entry) => entry.floor.map((sample) => sample.checksum)));
  if (checksums.size > 1) throw new Error(`the floor decoded different pixels in different runs or variants: checksums ${[...checksums].join(', ')}`);

  const summaries: Partial<Record<VariantName, VariantSummary>> = {};
  for (const name of options.variants) summaries[name] = summarize(data.variants[name], samples[name]!.app, samples[name]!.floor, data.voxelBytes);
  printTable(summaries, options.runs);

  const output = join(benchDir, 'viewer.json');
  writeFileSync(
    output,
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        machine: { cores: availableParallelism(), cpu: cpuModel, memoryBytes: totalmem(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg(), chromium: chromiumVersion, userAgent: machine.userAgent, hardwareConcurrency: machine.hardwareConcurrency, node: process.version },
        options: { runs: options.runs, settleMs: SETTLE_MS, scrollSteps: SCROLL_STEPS, floorWorkers: samples[options.variants[0]!]?.floor[0]?.workers },
        data: { slicesPerStudy: SLICES, studies: 2, rows: 512, columns: 512, bytesPerVoxel: 2, voxelBytes: data.voxelBytes },
        targets: TARGETS,
        summary: summaries,
        samples,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nJSON: ${output.replace(root, '')}`);
}

const onSignal = (signal: NodeJS.Signals) => {
  console.error(`\n${signal}: stopping the servers and browsers this benchmark started`);
  killEverythingStarted();
  process.exit(signal === 'SIGINT' ? 130 : 143);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
process.once('exit', killEverythingStarted);

main()
  .catch((error: unknown) => {
    console.error(`\nbench:viewer failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await Promise.all([...openSessions].map((session) => session.close().catch(() => undefined)));
    killEverythingStarted();
  });
