import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, type BrowserSession } from './browser';
import { corpusDir } from './corpus';

const baselineDir = `${corpusDir}series/hcc-tace-seg_HCC_048_baseline_ct_rle`;
// Same pixels as baseline instances 11-50, its own frame of reference, positions +5 mm.
const followUpDir = `${corpusDir}series/hcc-tace-seg_HCC_048_SYNTHETIC-followup_ct_jpegls`;

const positionMm = (overlayText: string) => Number(/Position (-?\d+\.\d) mm/.exec(overlayText)?.[1]);

describe('baseline and follow-up from local folders', () => {
  let session: BrowserSession;
  const page = () => session.page;
  const overlayPosition = async (role: string) => positionMm(await page().locator(`[data-testid="overlay-slice-${role}"]`).innerText());
  const rendered = (role: string, attributes = '') => page().locator(`[data-testid="viewport-${role}"][data-render-count]${attributes}`).waitFor({ timeout: 30_000 });

  beforeAll(async () => {
    session = await openBrowser();
    await page().goto(inject('baseUrl'));
    await page().locator('[data-testid="open-folder"]').setInputFiles(baselineDir);
    await rendered('baseline');
    await page().locator('[data-testid="toggle-open"]').click();
    await page().locator('[data-testid="open-folder"]').setInputFiles(followUpDir);
    await rendered('baseline');
    await rendered('follow-up');
  });

  afterAll(async () => {
    await session?.close();
  });

  it('lists both studies as timepoints, oldest as baseline', async () => {
    const timepoints = await page().locator('[data-testid="timepoint"]').allInnerTexts();
    expect(timepoints).toHaveLength(2);
    expect(timepoints[0]).toContain('2001-08-12');
    expect(timepoints[1]).toContain('2001-11-11');
    expect(await page().locator('[data-testid="viewport-panel-baseline"]').innerText()).toContain('2001-08-12');
    expect(await page().locator('[data-testid="viewport-panel-follow-up"]').innerText()).toContain('2001-11-11');
    expect(await page().locator('[data-testid="mixed-patients"]').count()).toBe(0);
  });

  it('scrolls the follow-up with the baseline, at the baseline position plus the offset', async () => {
    await page().locator('[data-testid="sync-offset"]').fill('5');
    await page().locator('[data-testid="viewport-panel-baseline"]').dispatchEvent('pointerdown');
    await page().locator('[data-testid="viewport-baseline"]').click({ position: { x: 5, y: 5 } });
    // Slice 21 of 89 (from the top) lies in the part of the baseline the 40-slice follow-up also covers.
    for (const key of ['Home', 'PageDown', 'PageDown']) await page().keyboard.press(key);
    await rendered('baseline', '[data-slice-index="20"]');
    const baselineMm = await overlayPosition('baseline');
    await page().waitForFunction(
      ([expected]) => document.querySelector('[data-testid="overlay-slice-follow-up"]')?.textContent?.includes(`Position ${expected} mm`),
      [(baselineMm + 5).toFixed(1)],
    );
    expect(await overlayPosition('follow-up')).toBeCloseTo(baselineMm + 5, 1);
  });

  it('refuses at the field an offset that puts the baseline beyond the follow-up, and keeps the one in use', async () => {
    const offset = page().locator('[data-testid="sync-offset"]');
    await offset.fill('5000');
    const problem = page().locator('[data-testid="sync-offset-problem"]');
    await problem.waitFor();
    expect(await problem.innerText()).toMatch(/^an offset of 5000 mm puts the baseline beyond the follow-up's slices: it can be from -?\d+\.\d to -?\d+\.\d mm$/);
    expect(await offset.getAttribute('aria-invalid')).toBe('true');
    // leaving the field shows the offset in use again, and scrolling still follows at +5 mm
    await page().locator('[data-testid="viewport-panel-baseline"]').dispatchEvent('pointerdown');
    await page().locator('[data-testid="viewport-baseline"]').click({ position: { x: 5, y: 5 } });
    expect(await offset.inputValue()).toBe('5');
    await problem.waitFor({ state: 'detached' }); // the field shows the offset in use again, and no refusal with it
    await page().keyboard.press('ArrowDown');
    await rendered('baseline', '[data-slice-index="21"]');
    const baselineMm = await overlayPosition('baseline');
    await page().waitForFunction(
      ([expected]) => document.querySelector('[data-testid="overlay-slice-follow-up"]')?.textContent?.includes(`Position ${expected} mm`),
      [(baselineMm + 5).toFixed(1)],
    );
    await offset.fill('5000');
    await problem.waitFor();
    await offset.fill('6'); // corrected while typing: the refusal goes at once
    await problem.waitFor({ state: 'detached' });
    await offset.fill('5');
    await page().locator('[data-testid="viewport-baseline"]').click({ position: { x: 5, y: 5 } }); // leave the field
    await page().keyboard.press('ArrowUp'); // back to slice 21 of 89, where the next test starts
    await rendered('baseline', '[data-slice-index="20"]');
  });

  it('stops following when scrolling is unlinked', async () => {
    await page().locator('[data-testid="link-scroll"]').uncheck();
    const followUpBefore = await page().locator('[data-testid="viewport-follow-up"]').getAttribute('data-slice-index');
    await page().locator('[data-testid="viewport-panel-baseline"]').dispatchEvent('pointerdown');
    await page().keyboard.press('ArrowDown');
    await rendered('baseline', '[data-slice-index="21"]');
    expect(await page().locator('[data-testid="viewport-follow-up"]').getAttribute('data-slice-index')).toBe(followUpBefore);
  });

  it('raised no page error', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
