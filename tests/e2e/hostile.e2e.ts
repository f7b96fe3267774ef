import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, type BrowserSession } from './browser';
import { corpusDir } from './corpus';
import { deflateBomb } from './craftDicom';

/** Hostile files, crafted here with DCMTK's dcmodify from a small real CT of the corpus. */
const dir = mkdtempSync(join(tmpdir(), 'nadir-hostile-'));
function crafted(name: string, ...modifications: string[]): string {
  const path = join(dir, name);
  copyFileSync(`${corpusDir}syntaxes/misc/CT_small_signed16_rescale.dcm`, path);
  execFileSync('dcmodify', ['-nb', '-i', `(0008,0018)=1.2.826.0.1.3680043.8.498.17${name.length}${name.charCodeAt(0)}`, ...modifications.flatMap((value) => ['-i', value]), path]);
  return path;
}

describe('hostile files: refused by name, the page stays responsive', () => {
  let session: BrowserSession;
  const page = () => session.page;

  beforeAll(async () => {
    session = await openBrowser();
    await page().goto(inject('baseUrl'));
  });

  afterAll(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (path: string) => {
    if (await page().locator('[data-testid="close-all"]').count()) await page().locator('[data-testid="close-all"]').click();
    await page().locator('[data-testid="open-files"]').setInputFiles(path);
  };

  it('a file that claims 1,000 frames but holds one: one message, no uncaught error', async () => {
    const errorsBefore = session.pageErrors.length;
    await open(crafted('frames.dcm', '(0028,0008)=1000'));
    const entry = page().locator('[data-testid="load-report-entry"]', { hasText: 'frames.dcm:' });
    await entry.waitFor({ timeout: 30_000 });
    expect(await page().locator('[data-testid="load-report-entry"]').count()).toBe(1);
    expect(await entry.innerText()).toMatch(/announces 1,000 frames of 128 × 128 pixels \(32,768,000 bytes\), but the pixel data holds 32,768 bytes/);
    expect(session.pageErrors.slice(errorsBefore)).toEqual([]);
  });

  it('pixel spacing 1e308 and a rescale of slope 0, intercept 1e12: named refusals, the image viewable uncalibrated', async () => {
    const errorsBefore = session.pageErrors.length;
    await open(crafted('values.dcm', '(0028,0030)=1e308\\1e308', '(0028,1053)=0', '(0028,1052)=1e12'));
    await page().locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 30_000 });
    const refused = await page().locator('[data-testid="load-report-entry"][data-kind="value-refused"]').allInnerTexts();
    expect(refused).toEqual([
      expect.stringMatching(/^values\.dcm: pixel spacing "1e308\\1e308" is not a length between 0\.01 and 10 mm/),
      expect.stringMatching(/^values\.dcm: rescale slope 0 and intercept 1000000000000 do not give Hounsfield units/),
    ]);
    const onImage = await page().locator('[data-testid="overlay-baseline"]').innerText();
    expect(onImage).toMatch(/Uncalibrated: no pixel spacing/);
    expect(onImage).toMatch(/Refused: pixel spacing/);
    expect(session.pageErrors.slice(errorsBefore)).toEqual([]);
  });

  it('a 65,000-character PatientName is shown capped, and the main thread is never blocked for a second', async () => {
    // a requestAnimationFrame/timer probe: the longest gap between two ticks while the file opens
    await page().evaluate(() => {
      const probe = { last: performance.now(), longest: 0 };
      (window as unknown as { __probe: typeof probe }).__probe = probe;
      const tick = () => {
        const now = performance.now();
        probe.longest = Math.max(probe.longest, now - probe.last);
        probe.last = now;
        setTimeout(tick, 16);
      };
      tick();
    });
    await open(crafted('name.dcm', `(0010,0010)=${'W'.repeat(65_000)}`));
    await page().locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 30_000 });
    const overlayName = page().locator('[data-testid="overlay-baseline"] [data-testid="capped-text"]');
    expect((await overlayName.innerText()).length).toBeLessThan(120);
    const longestGapMs = await page().evaluate(() => (window as unknown as { __probe: { longest: number } }).__probe.longest);
    console.log(`hostile: longest main-thread gap while opening a 65,000-character name: ${longestGapMs.toFixed(0)} ms`);
    expect(longestGapMs).toBeLessThan(1000);
  });
  it('a deflate bomb (256 KB inflating to 256 MB): refused by name, no renderer process near 1 GB', async () => {
    const path = join(dir, 'bomb.dcm');
    writeFileSync(path, deflateBomb(256 * 1024 * 1024));
    const errorsBefore = session.pageErrors.length;
    // the largest resident size of any Chromium process while the file is read (the decode worker lives in the renderer)
    let largestKb = 0;
    const sample = () => {
      const sizes = execFileSync('ps', ['-C', 'chromium', '-o', 'rss=']).toString().trim().split(/\s+/).map(Number);
      largestKb = Math.max(largestKb, ...sizes);
    };
    const sampler = setInterval(sample, 50);
    try {
      await open(path);
      const entry = page().locator('[data-testid="load-report-entry"]', { hasText: 'bomb.dcm:' });
      await entry.waitFor({ timeout: 30_000 });
      expect(await entry.innerText()).toMatch(/inflates to more than .* bytes, more than the file declares/);
    } finally {
      clearInterval(sampler);
    }
    sample();
    console.log(`hostile: largest Chromium process while refusing the deflate bomb: ${(largestKb / 1024).toFixed(0)} MB`);
    expect(largestKb / 1024).toBeLessThan(1024);
    expect(session.pageErrors.slice(errorsBefore)).toEqual([]);
  });
});
