import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dciodvfy } from '../dicomValidators';
import { downloadsOf, openBrowser, type BrowserSession } from './browser';
import { openPhantom, studyTruth } from './phantom';

const artifacts = new URL('./artifacts/case-export/', import.meta.url).pathname;
const phantomStudies = ['01-baseline-ct', '02-fu1-ct', '03-fu2-ct', '04-baseline-mr', '05-fu1-mr'].map(studyTruth);

const filesBelow = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesBelow(join(dir, name)) : [join(dir, name)]));
const dcmdump = (path: string) => spawnSync('dcmdump', ['+L', '+M', path], { encoding: 'latin1', maxBuffer: 64 << 20 }).stdout;

/** "De-identified case" (issue 16 §3) in the app: the open studies as a ZIP a teacher can share. */
describe('exporting the open studies as a de-identified teaching case', () => {
  let session: BrowserSession;
  const page = () => session.page;

  beforeAll(async () => {
    rmSync(artifacts, { recursive: true, force: true });
    mkdirSync(artifacts, { recursive: true });
    session = await openBrowser();
    await openPhantom(page(), inject('baseUrl'));
  });

  afterAll(async () => {
    await session?.close();
  });

  it('writes every file of the five phantom studies without a name, ID or UID of the original, dates shifted alike', async () => {
    const [zip] = await downloadsOf(page(), 1, artifacts, () => page().locator('[data-testid="export-case"]').click(), 120_000);
    const status = page().locator('[data-testid="export-case-status"][data-state="done"]');
    await status.waitFor({ timeout: 120_000 });
    expect(Number(await status.getAttribute('data-written'))).toBe(272);
    expect(Number(await status.getAttribute('data-skipped'))).toBe(0);
    for (const [width, height] of [[1024, 768], [1280, 800], [1920, 1080]] as const) {
      await page().setViewportSize({ width, height });
      // the header keeps every button on one line, inside the window
      const header = (await page().locator('.app-header').boundingBox())!;
      const button = (await page().locator('[data-testid="close-all"]').boundingBox())!;
      expect(button.x + button.width, `at ${width}×${height}`).toBeLessThanOrEqual(width);
      expect(button.y + button.height).toBeLessThanOrEqual(header.y + header.height);
      await page().screenshot({ path: `${artifacts}status-${width}x${height}.png` });
    }
    const unpacked = `${artifacts}unpacked`;
    const unzip = spawnSync('python3', ['-c', 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; z.extractall(sys.argv[2])', zip!, unpacked], { encoding: 'utf8' });
    expect(unzip.status, unzip.stderr).toBe(0);
    const dicomFiles = filesBelow(unpacked).filter((path) => path.endsWith('.dcm'));
    expect(dicomFiles).toHaveLength(272);
    expect(readFileSync(join(unpacked, 'README.txt'), 'utf8')).toMatch(/PS3\.15 Annex E, Basic Application Level Confidentiality Profile/);
    // An independent header scan of a sample of files, one per study at least: nothing of the original remains.
    const originals = ['NADIR^PHANTOM-NET-01', 'PHANTOM-NET-01', 'PHNET01CT1', 'NET01-CT-BL', ...phantomStudies.map((truth) => truth.study.studyInstanceUID)];
    const sample = dicomFiles.filter((_, index) => index % 17 === 0);
    const studyDates = new Set<string>();
    for (const path of sample) {
      const dump = dcmdump(path);
      for (const original of originals) expect(dump, `${original} in ${path}`).not.toContain(original);
      expect(dump).toMatch(/\(0012,0062\) CS \[YES\]/);
      expect(dump).toMatch(/113100/);
      studyDates.add(/\(0008,0020\) DA \[(\d{8})\]/.exec(dump)?.[1] ?? 'none');
    }
    // The five visits keep their intervals: 2024-01-10, -01-12, -04-10, -04-12, -07-10 shifted by one offset.
    const days = [...studyDates].sort().map((date) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6))) / 86_400_000);
    expect(days.map((day) => day - days[0]!)).toEqual([0, 2, 91, 93, 182]);
    // Still valid DICOM: dciodvfy finds no error in a de-identified CT and MR slice.
    for (const path of [sample[0]!, sample.at(-1)!]) expect(dciodvfy(path).errors).toEqual([]);
  }, 240_000);
});
