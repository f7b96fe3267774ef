import { basename, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, type BrowserSession } from './browser';
import { corpusDir, filesBelow } from './corpus';

const malformedDir = `${corpusDir}malformed`;
const syntaxesDir = `${corpusDir}syntaxes`;

describe('bad input gets a clear message and loses nothing', () => {
  let session: BrowserSession;
  const page = () => session.page;

  beforeAll(async () => {
    session = await openBrowser();
    await page().goto(inject('baseUrl'));
  });

  afterAll(async () => {
    await session?.close();
  });

  it('names every bad file of a dropped folder and still opens the good ones', async () => {
    await page().locator('[data-testid="open-folder"]').setInputFiles(malformedDir);
    // the baseline shown and its series tried to the last slice (it may hold no slice that decodes: then it shows none)
    await page().locator('[data-testid="viewport-baseline"][data-slices-decoded]').waitFor({ timeout: 60_000 });
    await page().locator('[data-testid="viewport-panel-baseline"] progress.series-progress').waitFor({ state: 'detached', timeout: 60_000 });
    const entries = await page().locator('[data-testid="load-report-entry"]').allInnerTexts();
    const messageFor = (name: string) => entries.find((entry) => entry.startsWith(`malformed/derived_from_HCC048/${name}:`) || entry.startsWith(`malformed/${name}:`));
    expect(messageFor('zero_bytes.dcm')).toMatch(/the file is empty/);
    expect(messageFor('not_dicom_plain_text.dcm')).toMatch(/not a DICOM file/);
    expect(messageFor('trunc_half_of_pixel_data.dcm')).toMatch(/truncated at byte 264,772/);
    expect(messageFor('MR_truncated.dcm')).toMatch(/truncated at byte/);
    expect(messageFor('meta_missing_tsyntax.dcm')).toMatch(/no transfer syntax/);
    // Every file is accounted for: opened into a study, or named in the report.
    const timepoints = await page().locator('[data-testid="timepoint"]').count();
    expect(timepoints).toBeGreaterThan(0);
    expect(entries.length).toBeLessThan(filesBelow(malformedDir).length);
    expect(session.pageErrors).toEqual([]);
  });

  it.each(filesBelow(syntaxesDir).map((path) => [relative(syntaxesDir, path), path]))(
    'syntaxes/%s renders or is reported by name',
    async (_name, path) => {
      const errorsBefore = session.pageErrors.length;
      if (await page().locator('[data-testid="close-all"]').count()) await page().locator('[data-testid="close-all"]').click();
      await page().locator('[data-testid="open-files"]').setInputFiles(path);
      const rendered = page().locator('[data-testid="viewport-baseline"][data-render-count]');
      const reported = page().locator('[data-testid="load-report-entry"][data-kind="not-opened"]', { hasText: `${basename(path)}:` });
      await rendered.or(reported).first().waitFor({ timeout: 30_000 });
      if (await reported.count()) {
        expect(await reported.first().innerText()).toMatch(/unsupported (transfer syntax|pixel data layout): .+|could not be decoded: .+|not a DICOM file/);
      }
      expect(session.pageErrors.slice(errorsBefore)).toEqual([]);
    },
  );

  // Colour images go the image loader's way, in its own worker, which is started only when such an
  // image comes (cornerstoneRuntime.ts): RLE, JPEG 2000 and JPEG ones must be drawn, not merely named.
  it.each(['color/SC_rgb_rle.dcm', 'color/US1_J2KR_YBR_RCT.dcm', 'color/SC_rgb_jpeg-baseline_RGB.dcm'])(
    "syntaxes/%s is drawn by the image loader's worker",
    async (name) => {
      if (await page().locator('[data-testid="close-all"]').count()) await page().locator('[data-testid="close-all"]').click();
      await page().locator('[data-testid="open-files"]').setInputFiles(`${syntaxesDir}/${name}`);
      await page().locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 30_000 });
      expect(await page().locator('[data-testid="load-report-entry"][data-kind="not-opened"]').count()).toBe(0);
    },
  );
});
