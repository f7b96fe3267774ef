import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NadirReadExport } from '../../workers/report';
import { downloadsOf, openBrowser, type BrowserSession } from './browser';
import { editLesion, editorAt, lesionCell, lesionRow, lesionRows } from './lesionTable';
import { drawCaliper, goToLargestSlice, openPhantom, studyTruth, toClient, waitForSave, type LesionTruth, type StudyTruth } from './phantom';
import type { Point3 } from '../../scripts/sample-data/groundTruth';

const baseline = studyTruth('01-baseline-ct');
const followUp2 = studyTruth('03-fu2-ct');
const l1 = baseline.lesions.find((lesion) => lesion.id === 'L1')!;
const nl1 = followUp2.lesions.find((lesion) => lesion.role === 'new')!;
const artifacts = new URL('./artifacts/slips/', import.meta.url).pathname;

const shifted = (points: [Point3, Point3], by: Point3): [Point3, Point3] => points.map((p) => [p[0] + by[0], p[1] + by[1], p[2] + by[2]]) as [Point3, Point3];

/**
 * The slips a new reader made without any warning (issue 11), each of which must now ask or refuse:
 * a caliper with no lesion selected, a caliper over a measured lesion, a deleted lesion, an
 * impossible HU, a new liver lesion's vascular pattern, a blank reader name.
 */
describe('slips that ask or refuse', () => {
  let session: BrowserSession;
  const page = () => session.page;
  const rows = () => lesionRows(page());
  const row = (label: string) => lesionRow(page(), label);
  const wholeAt = (label: string, study: StudyTruth) => lesionCell(page(), label, study.study.studyInstanceUID).locator('.measure-whole');
  const savedRevision = async () => Number(await page().locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));
  const prompt = () => page().locator('[data-testid="caliper-prompt"]');

  async function dragCaliper(role: 'baseline' | 'follow-up', longAxis: [Point3, Point3]): Promise<void> {
    await page().keyboard.press('b');
    const [from, to] = [await toClient(page(), role, longAxis[0]), await toClient(page(), role, longAxis[1])];
    await page().mouse.move(from[0], from[1]);
    await page().mouse.down();
    await page().mouse.move(to[0], to[1], { steps: 8 });
    await page().mouse.up();
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    session = await openBrowser();
    await openPhantom(page(), inject('baseUrl'));
  });

  afterAll(async () => {
    await session?.close();
  });

  it('refuses a blank reader name at the field', async () => {
    await page().locator('[data-testid="reader-name"]').fill('   ');
    await page().locator('[data-testid="reader-start"]').click();
    expect(await page().locator('[data-testid="reader-name-problem"]').innerText()).toContain('Give your name');
    expect(await page().locator('[data-testid="reader-name"]').getAttribute('aria-invalid')).toBe('true');
    await page().locator('[data-testid="reader-name"]').fill('Dr Slip');
    await page().locator('[data-testid="reader-start"]').click();
    await page().locator('[data-testid="save-state"]').waitFor();
  });

  it('asks what a caliper drawn with no lesion selected is; Esc discards it and nothing is recorded', async () => {
    await goToLargestSlice(page(), 'baseline', baseline, l1);
    const revision = await savedRevision();
    await dragCaliper('baseline', l1.longAxisEndpointsMm);
    await prompt().waitFor();
    expect(await prompt().locator('[data-testid="caliper-choice"]').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-choice')))).toEqual(['newTarget', 'newNonTarget', 'discard']);
    await page().screenshot({ path: `${artifacts}caliper-prompt.png` });
    await page().keyboard.press('Escape');
    await prompt().waitFor({ state: 'detached' });
    expect(await rows().count()).toBe(0);
    expect(await savedRevision()).toBe(revision);
    expect(await page().locator('[data-testid="read-message"]').innerText()).toBe('Caliper discarded: nothing recorded.');
  });

  it('Enter takes the first choice (a new target, L1), and one undo takes back the lesion with its caliper', async () => {
    await drawCaliper(page(), 'baseline', 'whole', l1.longAxisEndpointsMm, l1.shortAxisEndpointsMm, 'Enter');
    expect(await rows().evaluateAll((found) => found.map((element) => element.getAttribute('data-label')))).toEqual(['L1']);
    const before = await wholeAt('L1', baseline).innerText();
    let revision = await savedRevision();
    // the short-axis handles are edits of their own; undo them first, then the lesion's creation is one step
    while ((await rows().count()) > 0) {
      await page().keyboard.press('Control+z');
      await waitForSave(page(), revision);
      revision = await savedRevision();
    }
    expect(await page().locator('button', { hasText: 'Undo' }).isDisabled(), 'undo stops at the read as it was opened').toBe(true);
    while (!(await page().locator('button', { hasText: 'Redo' }).isDisabled())) {
      await page().keyboard.press('Control+Shift+z');
      await waitForSave(page(), revision);
      revision = await savedRevision();
    }
    expect(await wholeAt('L1', baseline).innerText()).toBe(before);
  });

  it('re-measuring shows old → new and how far apart; Keep changes nothing, Replace replaces, one undo restores', async () => {
    const old = await wholeAt('L1', baseline).innerText();
    const nearby = shifted(l1.longAxisEndpointsMm, [4, 0, 0]);
    await row('L1').locator('th').click();
    await dragCaliper('baseline', nearby);
    const replace = page().locator('[data-testid="replace-prompt"]');
    await replace.waitFor();
    expect(await replace.innerText()).toMatch(new RegExp(`Replace L1\\? ${old.replace('.', '\\.').split(' × ')[0]}`));
    expect(await replace.locator('[data-testid="replace-distance"]').innerText()).toMatch(/^The centres are [345]\.\d mm apart\.$/);
    await page().screenshot({ path: `${artifacts}replace-prompt.png` });
    await replace.locator('[data-testid="replace-keep"]').click();
    expect(await wholeAt('L1', baseline).innerText()).toBe(old);

    const revision = await savedRevision();
    await dragCaliper('baseline', nearby);
    await replace.waitFor();
    await page().keyboard.press('Enter'); // near its old place, Replace is the default
    await waitForSave(page(), revision);
    expect(await wholeAt('L1', baseline).innerText()).not.toBe(old);
    await page().keyboard.press('Control+z');
    await waitForSave(page(), revision + 1);
    expect(await wholeAt('L1', baseline).innerText()).toBe(old);
  });

  it('a caliper far from the selected lesion is never taken as its re-measurement: it asks which lesion', async () => {
    const [a, b] = l1.longAxisEndpointsMm;
    // a 10 mm caliper 45 mm from L1's centre (L1 is 40 mm long), still on the zoomed image
    const centre: Point3 = [(a[0] + b[0]) / 2 + ((a[0] + b[0]) / 2 > 0 ? -45 : 45), (a[1] + b[1]) / 2, a[2]];
    await row('L1').locator('th').click();
    const revision = await savedRevision();
    await dragCaliper('baseline', [shifted([centre, centre], [-5, 0, 0])[0], shifted([centre, centre], [5, 0, 0])[0]]);
    await prompt().waitFor();
    expect(await prompt().locator('[data-testid="caliper-choice"]').first().getAttribute('data-choice')).toBe('newTarget');
    expect(await prompt().locator('[data-testid="caliper-choice"][data-choice="L1"]').innerText()).toMatch(/^L1 \(\d+ mm, far\)$/);
    await page().keyboard.press('Escape');
    expect(await savedRevision()).toBe(revision);
  });

  it('refuses an impossible HU at the field, and keeps every response showing', async () => {
    await editLesion(page(), 'L1');
    const hu = editorAt(page(), baseline.study.studyInstanceUID).locator('input.hu-input');
    const revision = await savedRevision();
    await hu.fill('5000');
    await hu.press('Enter');
    const problem = editorAt(page(), baseline.study.studyInstanceUID).locator('[data-testid="field-problem"]');
    expect(await problem.innerText()).toBe('HU must lie within -1024..3071; 5000 is not recorded');
    expect(await hu.getAttribute('aria-invalid')).toBe('true');
    expect(await savedRevision()).toBe(revision);
    await hu.press('Escape');
    expect(await hu.inputValue()).toBe('');
  });

  it('asks before removing a lesion, and undo brings it back', async () => {
    const l1 = await editLesion(page(), 'L1');
    await l1.locator('[data-testid="remove-lesion"]').click();
    await l1.locator('[data-testid="remove-no"]').click();
    expect(await rows().count()).toBe(1);
    const revision = await savedRevision();
    await l1.locator('[data-testid="remove-lesion"]').click();
    await l1.locator('[data-testid="remove-yes"]').click();
    await waitForSave(page(), revision);
    expect(await rows().count()).toBe(0);
    await page().locator('button', { hasText: 'Undo' }).click();
    await waitForSave(page(), revision + 1);
    expect(await rows().count()).toBe(1);
  });

  it("mRECIST records a new liver lesion's vascular pattern: not assessed is said, never taken as typical", async () => {
    const item = page().locator('[data-testid="timepoint"]', { hasText: followUp2.study.date });
    await item.locator('[data-testid="choose-follow-up"]').check();
    await page().locator('[data-testid="viewport-follow-up"][data-render-count]').waitFor();
    await goToLargestSlice(page(), 'follow-up', followUp2, nl1 as LesionTruth);
    await drawCaliper(page(), 'follow-up', 'whole', nl1.longAxisEndpointsMm, nl1.shortAxisEndpointsMm, 'newLesion');
    const pattern = (await editLesion(page(), 'NL1')).locator('select[aria-label="Vascular pattern"]');
    expect(await pattern.inputValue()).toBe('notAssessed');
    const why = async () => {
      await page().locator('[data-testid="response-panel"][data-state="done"]').waitFor();
      const verdict = page().locator('[data-testid="response-mRECIST-FU2"] [data-testid="why"]');
      if ((await verdict.getAttribute('aria-expanded')) !== 'true') await verdict.click();
      return page().locator('[data-testid="criterion-mRECIST"] [data-testid="explanation"]');
    };
    const unassessed = await why();
    expect(await unassessed.innerText()).toContain('its vascular pattern was not assessed');
    expect(await unassessed.innerText()).not.toContain('typical HCC vascular pattern');
    // readable: the drawer is as wide as the panel, not a column one word wide
    expect((await unassessed.boundingBox())!.width).toBeGreaterThan(250);
    for (const [width, height] of [[1024, 768], [1280, 800], [1920, 1080]] as const) {
      await page().setViewportSize({ width, height });
      await unassessed.scrollIntoViewIfNeeded();
      expect((await unassessed.boundingBox())!.width, `${width}×${height}`).toBeGreaterThan(200);
      await page().screenshot({ path: `${artifacts}explanation-${width}.png` });
    }
    await page().setViewportSize({ width: 1280, height: 900 });

    const revision = await savedRevision();
    await pattern.selectOption('typical');
    await waitForSave(page(), revision);
    await page().locator('[data-testid="response-panel"][data-state="done"]').waitFor();
    expect(await (await why()).innerText()).toContain('with the typical HCC vascular pattern');
  });

  it('a criterion with impossible input (an imported HU of 20000) is flagged alone: the others keep their verdicts', async () => {
    const [path] = await downloadsOf(page(), 1, artifacts, () => page().locator('[data-testid="export-read"]').click());
    const exported = JSON.parse(readFileSync(path!, 'utf8')) as NadirReadExport;
    const l1Id = exported.read.lesions.find((lesion) => lesion.label === 'L1')!.id;
    const observation = exported.read.observations[baseline.study.studyInstanceUID]![l1Id]!;
    if (observation.status === 'present') observation.meanHU = 20_000;
    const broken = `${artifacts}broken-hu.json`;
    writeFileSync(broken, JSON.stringify(exported));
    const revision = await savedRevision();
    await page().locator('[data-testid="import-read"]').setInputFiles(broken);
    // every import is reviewed before it replaces the read (issue 17): the HU change is listed, then confirmed
    await page().locator('[data-testid="import-review"][data-state="confirm"]').waitFor();
    expect(await page().locator('[data-testid="import-diff"]').innerText()).toContain('20000.0 HU');
    await page().locator('[data-testid="import-replace"]').click();
    await waitForSave(page(), revision);
    await page().locator('[data-testid="criterion-Choi"][data-blocked="true"]').waitFor();
    expect(await page().locator('[data-testid="criterion-Choi"]').innerText()).toContain('meanHU');
    for (const criterion of ['RECIST1.1', 'WHO', 'EASL', 'mRECIST', 'iRECIST']) {
      expect(await page().locator(`[data-testid="criterion-${criterion}"]`).getAttribute('data-blocked'), criterion).toBeNull();
      expect(await page().locator(`[data-testid="response-${criterion}-FU2"]`).getAttribute('data-overall'), criterion).toMatch(/^(CR|PR|SD|PD|NE|iUPD|iCPD|iSD|iPR|iCR|NonCR\/NonPD)$/);
    }
    expect(session.pageErrors).toEqual([]);
  });
});
