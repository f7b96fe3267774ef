import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readDicomFile } from '../../src/dicom/readDicomFile';
import { sortSlices } from '../../src/dicom/sortSlices';
import { dicomFilesBelow } from '../pacs/fixtures';
import { openBrowser, pixelStatistics, type BrowserSession } from './browser';

// Issue 13 §2: a local folder opens as a PACS study does, headers first. The viewport shows its slice
// once that one file is read and decoded, the rest decode behind it, and a file whose pixel data
// turns out bad when it is decoded is named while the others show.

const BASELINE_DIR = new URL('../../sample-data/hcc048-baseline-ct/', import.meta.url).pathname;
const SLICES = 89;
const viewport = '[data-testid="viewport-baseline"]';

interface Trace {
  /** how many slices of the series had been tried at each render of the viewport */
  renders: { slice: number; decoded: number }[];
}

/** The baseline's files in reading order. */
function sortedFiles(): string[] {
  const read = dicomFilesBelow(BASELINE_DIR).map((path) => {
    const bytes = readFileSync(path);
    const result = readDicomFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
    if (result.kind !== 'image') throw new Error(`${path} is not an image`);
    return { metadata: result.metadata, path };
  });
  return sortSlices(read).map((slice) => slice.path);
}

describe('a local folder opens headers first', () => {
  let session: BrowserSession;
  let folder: string;
  const files = sortedFiles();
  // the first slice, the farthest from the middle one the viewport opens on: decoded last
  const damaged = basename(files[0]!);

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'nadir-local-'));
    for (const path of files) copyFileSync(path, join(folder, basename(path)));
    // its compressed (RLE) pixel data cut in half: its header still reads, its pixel data cannot
    const whole = readFileSync(files[0]!);
    writeFileSync(join(folder, damaged), whole.subarray(0, Math.floor(whole.length / 2)));
    session = await openBrowser();
    await session.page.addInitScript(() => {
      const trace: Trace = { renders: [] };
      (window as unknown as { __trace: Trace }).__trace = trace;
      new MutationObserver((mutations) => {
        const element = document.querySelector<HTMLElement>('[data-testid="viewport-baseline"]');
        if (element && mutations.some((mutation) => mutation.target === element && mutation.attributeName === 'data-render-count')) {
          trace.renders.push({ slice: Number(element.dataset.sliceIndex), decoded: Number(element.dataset.slicesDecoded) });
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-render-count'] });
    });
    await session.page.goto(inject('baseUrl'));
  });

  afterAll(async () => {
    await session?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('shows the middle slice before the last file is decoded, and names the damaged file while the rest show', async () => {
    await session.page.locator('[data-testid="open-folder"]').setInputFiles(folder);
    await session.page.locator(`${viewport}[data-slice-index="44"][data-window="90/150"]`).waitFor({ timeout: 60_000 });
    await session.page.locator(`${viewport}[data-slices-decoded="${SLICES}"]`).waitFor({ timeout: 120_000 });
    const trace = await session.page.evaluate(() => (window as unknown as { __trace: Trace }).__trace);
    expect(trace.renders[0]).toMatchObject({ slice: 44 });
    expect(trace.renders[0]!.decoded).toBeLessThan(SLICES);
    const marks = await session.page.evaluate(() => ['viewer:first-image', 'viewer:series-loaded'].map((name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? null));
    expect(marks[0]).not.toBe(null);
    expect(marks[1]).toBeGreaterThan(marks[0]!);

    // the damaged file stays a slice of the series (its header placed it) and is named when decoded
    expect(await session.page.locator('[data-testid="overlay-slice-baseline"]').innerText()).toMatch(/\/ 89/);
    const entries = await session.page.locator('[data-testid="load-report-entry"]').allInnerTexts();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(new RegExp(`${damaged}: .*truncated`));
    expect(pixelStatistics(await session.page.locator(viewport).screenshot()).standardDeviation).toBeGreaterThan(25);
    expect(session.pageErrors).toEqual([]);
  });
});
