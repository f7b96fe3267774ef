import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { meanAbsoluteDifference, openBrowser, pixelStatistics, type BrowserSession } from './browser';

const viewportSelector = '[data-testid="viewport-baseline"]';

describe('viewer on the bundled HCC_048 CT', () => {
  let session: BrowserSession;

  const viewport = () => session.page.locator(viewportSelector);
  /** Waits for the viewer's render signal: the attribute is written only after Cornerstone rendered. */
  const rendered = (attributes: string) => session.page.locator(`${viewportSelector}${attributes}`).waitFor({ timeout: 30_000 });
  const renderCount = async () => Number(await viewport().getAttribute('data-render-count'));
  const afterNextRender = async (count: number) => rendered(`[data-render-count]:not([data-render-count="${count}"])`);

  beforeAll(async () => {
    session = await openBrowser();
    await session.page.goto(inject('baseUrl'));
    await session.page.locator('[data-sample-id="hcc048-baseline-ct"]').click();
    // Opens at the middle slice (index 44 of 89) in the liver window.
    await rendered('[data-slice-index="44"][data-window="90/150"]');
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows anatomy, not a blank or uniform image', async () => {
    const stats = pixelStatistics(await viewport().screenshot());
    expect(stats.standardDeviation).toBeGreaterThan(25);
    expect(stats.distinctLevels).toBeGreaterThan(100);
    expect(stats.midToneFraction).toBeGreaterThan(0.1);
  });

  it('overlays the series description and slice position as text', async () => {
    const overlay = await session.page.locator('[data-testid="overlay-baseline"]').innerText();
    const sliceOverlay = await session.page.locator('[data-testid="overlay-slice-baseline"]').innerText();
    expect(overlay).toContain('HCC_048');
    expect(sliceOverlay).toMatch(/Slice 45 \/ 89/);
    expect(sliceOverlay).toMatch(/Position -?\d+\.\d mm/);
    expect(sliceOverlay).toContain('W 150 L 90');
  });

  it('scrolls with the arrow keys and the mouse wheel, changing the displayed slice', async () => {
    const before = await viewport().screenshot();
    const positionBefore = await session.page.locator('[data-testid="overlay-slice-baseline"]').innerText();
    await session.page.keyboard.press('ArrowDown');
    await rendered('[data-slice-index="45"]');
    const after = await viewport().screenshot();
    expect(meanAbsoluteDifference(before, after)).toBeGreaterThan(0.5);
    expect(await session.page.locator('[data-testid="overlay-slice-baseline"]').innerText()).not.toEqual(positionBefore);

    const box = (await viewport().boundingBox())!;
    await session.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await session.page.mouse.wheel(0, 300);
    await session.page.waitForFunction(
      (selector) => Number(document.querySelector<HTMLElement>(selector)?.dataset.sliceIndex) !== 45,
      viewportSelector,
    );
    await session.page.keyboard.press('Home');
    await rendered('[data-slice-index="0"]');
    await session.page.keyboard.press('End');
    await rendered('[data-slice-index="88"]');
    await session.page.keyboard.press('PageUp');
    await rendered('[data-slice-index="78"]');
  });

  it('changes window/level by dragging, and by the number-key presets', async () => {
    const before = await viewport().screenshot();
    const windowBefore = await viewport().getAttribute('data-window');
    const box = (await viewport().boundingBox())!;
    const count = await renderCount();
    await session.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await session.page.mouse.down();
    await session.page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 80, { steps: 8 });
    await session.page.mouse.up();
    await afterNextRender(count);
    expect(await viewport().getAttribute('data-window')).not.toEqual(windowBefore);
    expect(meanAbsoluteDifference(before, await viewport().screenshot())).toBeGreaterThan(1);

    await session.page.keyboard.press('4');
    await rendered('[data-window="480/2500"]');
    await session.page.keyboard.press('1');
    await rendered('[data-window="90/150"]');
  });

  it('raised no page error', () => {
    expect(session.pageErrors).toEqual([]);
    expect(session.consoleErrors).toEqual([]);
  });
});
