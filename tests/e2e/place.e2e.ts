import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, type BrowserSession } from './browser';
import { phantomDir, studyTruth, zoomOnto } from './phantom';

const baseline = studyTruth('01-baseline-ct');
const followUp1 = studyTruth('02-fu1-ct');
type SeriesTruth = (typeof followUp1.series)[number] & { seriesNumber: number; seriesInstanceUID: string };
const portal = followUp1.series[1] as SeriesTruth;
const lesion = followUp1.lesions.find((candidate) => candidate.id === 'L1')!;

type Role = 'baseline' | 'follow-up';

/** A reload returns to the reader's place: the studies, the follow-up, the series, slice and zoom. */
describe('the place after a reload', () => {
  let session: BrowserSession;
  const page = () => session.page;
  const viewport = (role: Role) => page().locator(`[data-testid="viewport-${role}"]`);
  const rendered = (role: Role) => page().locator(`[data-testid="viewport-${role}"][data-render-count]`).waitFor({ timeout: 60_000 });
  const placeOf = async (role: Role) => ({
    seriesUid: await viewport(role).getAttribute('data-series-uid'),
    sliceIndex: await viewport(role).getAttribute('data-slice-index'),
    zoom: await viewport(role).getAttribute('data-zoom'),
    pan: await viewport(role).getAttribute('data-pan'),
  });

  beforeAll(async () => {
    session = await openBrowser();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('reopens the phantom on the follow-up, series, slice and zoom shown before, without a click', async () => {
    await page().goto(inject('baseUrl'));
    await page().locator('[data-sample-group="phantom-net-01"]').click();
    await rendered('baseline');
    // Not the default (the newest study): the choice itself must come back.
    await page().locator('[data-testid="timepoint"]', { hasText: followUp1.study.date }).locator('[data-testid="choose-follow-up"]').check();
    await page().locator('[data-testid="viewport-panel-follow-up"]', { hasText: followUp1.study.date }).waitFor();
    await rendered('follow-up');
    await page().locator('[data-testid="series-picker-follow-up"]').selectOption({ label: `${portal.seriesNumber}: ${portal.description} (${portal.sliceCount})` });
    await page().locator(`[data-testid="viewport-follow-up"][data-series-uid="${portal.seriesInstanceUID}"]`).waitFor();
    await page().locator('[data-testid="viewport-panel-follow-up"]').dispatchEvent('pointerdown');
    await page().keyboard.press('Home');
    for (let step = 0; step < 7; step++) await page().keyboard.press('ArrowDown');
    await page().locator('[data-testid="viewport-follow-up"][data-slice-index="7"]').waitFor();
    await zoomOnto(page(), 'follow-up', lesion.centreMm, lesion.longAxisMm);
    const before = { baseline: await placeOf('baseline'), followUp: await placeOf('follow-up') };
    expect(Number(before.followUp.zoom)).toBeGreaterThan(1.5);

    await page().reload();
    await page().locator('[data-testid="viewport-panel-follow-up"]', { hasText: followUp1.study.date }).waitFor({ timeout: 60_000 });
    await page().locator(`[data-testid="viewport-follow-up"][data-series-uid="${portal.seriesInstanceUID}"][data-render-count]`).waitFor({ timeout: 60_000 });
    await rendered('baseline');
    expect(await page().locator('[data-testid="timepoint"]').count()).toBe(5);
    expect(await page().locator('[data-testid="viewport-panel-baseline"]').innerText()).toContain(baseline.study.date);
    expect({ baseline: await placeOf('baseline'), followUp: await placeOf('follow-up') }).toEqual(before);
    expect(session.pageErrors).toEqual([]);
  });

  it('asks for local files to be chosen or dropped again, and opens them', async () => {
    await page().locator('[data-testid="close-all"]').click();
    await page().locator('[data-testid="open-folder"]').setInputFiles(new URL('02-fu1-ct/series-002-ct-arterial', phantomDir).pathname);
    await rendered('baseline');
    await page().reload();
    const notice = page().locator('[data-testid="reopen-local"]');
    await notice.waitFor();
    expect(await notice.innerText()).toContain(`The ${followUp1.series[0]!.sliceCount} local files open before the reload must be chosen or dropped again`);
    await page().locator('[data-testid="open-folder"]').setInputFiles(new URL('02-fu1-ct/series-002-ct-arterial', phantomDir).pathname);
    await rendered('baseline');
    expect(await notice.count()).toBe(0);
  });
});
