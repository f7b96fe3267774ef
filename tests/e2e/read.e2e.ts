import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, type BrowserSession } from './browser';
import { drawCaliper, expectedResponses, goToLargestSlice, studyTruth, waitForSave, type LesionTruth, type StudyTruth } from './phantom';

const baseline = studyTruth('01-baseline-ct');
const followUp1 = studyTruth('02-fu1-ct');
const followUp2 = studyTruth('03-fu2-ct');
const halfPixelMm = 0.78125 / 2;

/** Reads the phantom patient from baseline to follow-up 2 with mouse and keyboard, as a radiologist would. */
describe('reading the phantom patient', () => {
  let session: BrowserSession;
  const page = () => session.page;
  const row = (label: string) => page().locator(`[data-testid="lesion-row"][data-label="${label}"]`);
  const cell = (label: string, study: StudyTruth) => row(label).locator(`[data-testid="observation"][data-study="${study.study.studyInstanceUID}"]`);
  const savedRevision = async () => Number(await page().locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));

  async function openPhantom(): Promise<void> {
    await page().locator('[data-sample-group="phantom-net-01"]').click();
    await page().locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 60_000 });
  }

  async function showFollowUp(study: StudyTruth): Promise<void> {
    const item = page().locator('[data-testid="timepoint"]', { hasText: study.study.date });
    await item.locator('[data-testid="choose-follow-up"]').check();
    await page().locator('[data-testid="viewport-panel-follow-up"]', { hasText: study.study.date }).waitFor();
    await page().locator('[data-testid="viewport-follow-up"][data-render-count]').waitFor();
  }

  async function addLesion(truth: LesionTruth): Promise<void> {
    const button = truth.role === 'target' ? 'add-target' : truth.role === 'nontarget' ? 'add-nontarget' : 'add-new';
    const revision = await savedRevision();
    await page().locator(`[data-testid="${button}"]`).click();
    await waitForSave(page(), revision);
    const added = page().locator('[data-testid="lesion-row"]').last();
    const label = (await added.getAttribute('data-label'))!;
    await added.locator('input[aria-label="Lesion label"]').fill(truth.id);
    await row(truth.id).locator('select[aria-label="Site"]').selectOption(truth.isLymphNode ? 'retroperitoneal (para-aortic) lymph node' : truth.organ);
    await page().keyboard.press('Escape');
    expect(label).toMatch(/^N?L\d+$/);
  }

  async function measure(role: 'baseline' | 'follow-up', study: StudyTruth, truth: LesionTruth): Promise<void> {
    await row(truth.id).locator('[data-testid="observation"] .measure-whole').first().click();
    await page().keyboard.press('Escape');
    await goToLargestSlice(page(), role, study, truth);
    await drawCaliper(page(), role, 'whole', truth.longAxisEndpointsMm, truth.shortAxisEndpointsMm);
    const enhancing = truth.enhancingLongAxisEndpointsMm;
    const wholeEnhances = enhancing && JSON.stringify(enhancing) === JSON.stringify(truth.longAxisEndpointsMm);
    if (wholeEnhances) {
      const revision = await savedRevision();
      await cell(truth.id, study).locator('[data-testid="viable-equals-whole"]').click();
      await waitForSave(page(), revision);
    } else if (enhancing && truth.enhancingShortAxisEndpointsMm) {
      await drawCaliper(page(), role, 'enhancing', enhancing, truth.enhancingShortAxisEndpointsMm);
    }
    const revision = await savedRevision();
    await cell(truth.id, study).locator('input.hu-input').fill(String(truth.meanHU));
    await waitForSave(page(), revision);
  }

  async function assessPresent(study: StudyTruth, truth: LesionTruth): Promise<void> {
    const revision = await savedRevision();
    await cell(truth.id, study).locator('select[aria-label="Status"]').selectOption('present');
    await waitForSave(page(), revision);
  }

  beforeAll(async () => {
    mkdirSync(new URL('./artifacts/', import.meta.url).pathname, { recursive: true });
    session = await openBrowser();
    await page().goto(inject('baseUrl'));
    await openPhantom();
    await page().locator('[data-testid="reader-name"]').fill('Dr Phantom');
    await page().locator('[data-testid="reader-start"]').click();
    await page().locator('[data-testid="save-state"]').waitFor();
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    // Leave a picture and the read's table behind for whoever reads the failure.
    const dir = new URL('./artifacts/', import.meta.url).pathname;
    mkdirSync(dir, { recursive: true });
    await page().screenshot({ path: `${dir}read-failure.png` });
    console.log(await page().locator('[data-testid="lesion-table"]').innerText().catch(() => 'no lesion table'));
  });

  afterAll(async () => {
    await session?.close();
  });

  it('measures every baseline lesion within half a pixel of the truth', async () => {
    await showFollowUp(followUp1);
    for (const truth of baseline.lesions) {
      await addLesion(truth);
      if (truth.role === 'target') await measure('baseline', baseline, truth);
      else await assessPresent(baseline, truth);
    }
    for (const truth of baseline.lesions.filter((lesion) => lesion.role === 'target')) {
      const text = await cell(truth.id, baseline).locator('.measure-whole').innerText();
      const [longMm, shortMm] = text.split(' × ').map(Number);
      expect(Math.abs(longMm! - truth.longAxisMm), `${truth.id} long axis ${text}`).toBeLessThanOrEqual(halfPixelMm + 0.05);
      expect(Math.abs(shortMm! - truth.shortAxisMm), `${truth.id} short axis ${text}`).toBeLessThanOrEqual(halfPixelMm + 0.05);
    }
  });

  it('restores everything after a reload mid-read', async () => {
    const before = await page().locator('[data-testid="lesion-table"]').innerText();
    const revision = await savedRevision();
    await page().reload();
    await openPhantom();
    await page().locator(`[data-testid="save-state"][data-saved-revision="${revision}"]`).waitFor();
    await showFollowUp(followUp1);
    expect(await page().locator('[data-testid="lesion-table"]').innerText()).toEqual(before);
  });

  it('follows every lesion to follow-up 1 and follow-up 2, with a new lesion at FU2', async () => {
    for (const study of [followUp1, followUp2]) {
      await showFollowUp(study);
      for (const truth of study.lesions) {
        if (truth.role === 'new') await addLesion(truth);
        if (truth.role === 'nontarget') await assessPresent(study, truth);
        else await measure('follow-up', study, truth);
      }
    }
  });

  it('gives exactly the hand-worked response under every criterion', async () => {
    const expected = expectedResponses();
    await page().locator('[data-testid="response-panel"][data-state="done"]').waitFor();
    for (const [criterion, result] of Object.entries(expected.criteria)) {
      for (const timepoint of result.timepoints) {
        const shown = page().locator(`[data-testid="response-${criterion}-${timepoint.id}"]`);
        expect(await shown.getAttribute('data-overall'), `${criterion} ${timepoint.id}`).toBe(timepoint.overallResponse);
      }
      expect(await page().locator(`[data-testid="criterion-${criterion}"]`).getAttribute('data-best'), `${criterion} best`).toBe(result.bestOverallResponse);
    }
    expect(session.pageErrors).toEqual([]);
    expect(session.consoleErrors).toEqual([]);
    await page().screenshot({ path: new URL('./artifacts/read-complete.png', import.meta.url).pathname });
  });
});
