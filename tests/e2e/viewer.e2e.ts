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

  it('draws with the CPU renderer where WebGL is emulated in software (headless Chromium without a GPU)', async () => {
    const renderer = await session.page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      return info ? String(gl!.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    });
    expect(renderer).toMatch(/swiftshader|llvmpipe|software/i);
    expect(await viewport().getAttribute('data-renderer')).toBe('cpu');
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

describe('streaming: the displayed slice first, a slice scrolled to next', () => {
  interface Trace {
    /** slices of the baseline series in the order their decoding finished */
    decoded: number[];
    /** the slice of each render, with how many slices of the series were decoded then */
    renders: { slice: number; decoded: number }[];
  }
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser();
    // Recorded in the page, since the decoding runs on without waiting for the test. Several changes
    // of the attribute can come in one batch: each record's old value is the value before it.
    await session.page.addInitScript(() => {
      const trace: Trace = { decoded: [], renders: [] };
      (window as unknown as { __trace: Trace }).__trace = trace;
      new MutationObserver((mutations) => {
        const viewport = document.querySelector<HTMLElement>('[data-testid="viewport-baseline"]');
        if (!viewport) return;
        const changes = mutations.filter((mutation) => mutation.target === viewport && mutation.attributeName === 'data-last-decoded-slice');
        changes.forEach((change, index) => {
          const value = index + 1 < changes.length ? changes[index + 1]!.oldValue : viewport.dataset.lastDecodedSlice;
          if (value != null) trace.decoded.push(Number(value));
        });
        if (mutations.some((mutation) => mutation.target === viewport && mutation.attributeName === 'data-render-count')) {
          trace.renders.push({ slice: Number(viewport.dataset.sliceIndex), decoded: Number(viewport.dataset.slicesDecoded) });
        }
      }).observe(document, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-last-decoded-slice', 'data-render-count'] });
    });
    await session.page.goto(inject('baseUrl'));
  });

  afterAll(async () => {
    await session?.close();
  });

  it('decodes the slice shown first and draws it before the rest; the last slice, scrolled to at once, comes next with its neighbours', async () => {
    const viewport = '[data-testid="viewport-baseline"]';
    await session.page.locator('[data-sample-id="hcc048-baseline-ct"]').click();
    // The liver window is set once the viewer is shown and its keys are bound.
    await session.page.locator(`${viewport}[data-slice-index="44"][data-window="90/150"]`).waitFor({ timeout: 30_000 });
    await session.page.keyboard.press('End');
    await session.page.locator(`${viewport}[data-slice-index="88"]`).waitFor({ timeout: 30_000 });
    await session.page.locator(`${viewport}[data-slices-decoded="89"]`).waitFor({ timeout: 60_000 });
    const trace = await session.page.evaluate(() => (window as unknown as { __trace: Trace }).__trace);
    expect(new Set(trace.decoded).size).toBe(89);
    const at = (slice: number) => trace.decoded.indexOf(slice);
    // Opened on the middle slice (44), drawn before the series is complete. Four slices decode at
    // once, so they may finish in any order; decoded from the top down, 43 and 45 would come after 10.
    expect(trace.renders[0]).toMatchObject({ slice: 44 });
    expect(trace.renders[0]!.decoded).toBeLessThan(89);
    expect(trace.decoded.slice(0, 4)).toContain(44);
    for (const slice of [43, 45]) expect(at(slice)).toBeLessThan(at(10));
    // From the middle outward, slices 88 and 87 would be the last of all, after slice 10; asked for, they come before it.
    for (const slice of [88, 87]) expect(at(slice)).toBeLessThan(at(10));
    expect(trace.renders.find((render) => render.slice === 88)!.decoded).toBeLessThan(89);
  });
});
