import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { editLesion } from './lesionTable';
import { largestSliceIndex, scrollToSlice, toClient, waitForSave, type LesionTruth, type StudyTruth } from './phantom';

/** The steps of a phantom read by clicks (issue 14), shared by the click read and the quiz read. */
type Role = 'baseline' | 'follow-up';

export const savedRevision = async (page: Page) => Number(await page.locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));

export async function showFollowUp(page: Page, study: StudyTruth): Promise<void> {
  const item = page.locator('[data-testid="timepoint"]', { hasText: study.study.date });
  await item.locator('[data-testid="choose-follow-up"]').check();
  await page.locator('[data-testid="viewport-panel-follow-up"]', { hasText: study.study.date }).waitFor();
  await page.locator('[data-testid="viewport-follow-up"][data-render-count]').waitFor();
}

/** A click on the lesion's centre and Enter on the proposal; `answer` the choice when the app asks which lesion. */
export async function clickMeasure(page: Page, role: Role, study: StudyTruth, truth: LesionTruth, answer?: 'Enter' | 'newLesion'): Promise<void> {
  const revision = await savedRevision(page);
  await page.locator(`[data-testid="viewport-${role}"][data-slice-index="${await largestSliceIndex(page, role, truth)}"]`).waitFor({ timeout: 5_000 }).catch(async () => scrollToSlice(page, role, await largestSliceIndex(page, role, truth)));
  const [x, y] = await toClient(page, role, truth.centreMm);
  await page.mouse.click(x, y);
  const proposal = page.locator('[data-testid="proposal-prompt"]');
  await proposal.waitFor();
  const [longMm] = (await proposal.locator('[data-testid="proposal-whole"] strong').innerText()).replace(' mm', '').split(' × ').map(Number);
  expect(Math.abs(longMm! - truth.longAxisMm), `${truth.id} at ${study.study.timepoint}: proposed long axis ${longMm}`).toBeLessThanOrEqual(1);
  // clicked on the arterial series (the viable part), the mean HU is read where Choi reads it (M-SEG-6)
  expect(await proposal.locator('[data-testid="proposal-density"]').innerText()).toMatch(/^mean -?[\d.]+ HU for Choi, on PHANTOM CT PORTAL VENOUS/);
  await page.keyboard.press('Enter');
  if (answer) {
    const which = page.locator('[data-testid="caliper-prompt"]');
    await which.waitFor();
    if (answer === 'Enter') await page.keyboard.press('Enter');
    else await which.locator(`[data-testid="caliper-choice"][data-choice="${answer}"]`).click();
  }
  await waitForSave(page, revision);
}

export async function setSite(page: Page, truth: LesionTruth): Promise<void> {
  const site = truth.isLymphNode ? 'retroperitoneal (para-aortic) lymph node' : truth.organ;
  const picker = page.locator('[data-testid="lesion-editor"] select[aria-label="Site"]');
  if ((await picker.inputValue()) === site) return;
  const revision = await savedRevision(page);
  await picker.selectOption(site);
  await waitForSave(page, revision);
}

/** The largest mean-HU error of a click on the phantom (M-SEG-6), printed by the click read. */
export const clickedHuErrors: number[] = [];

/**
 * The mean HU recorded with the click's calipers (M-SEG-6, on the portal venous series): the
 * lesion's, within 5 HU of the phantom's area-weighted design value on that slice (partial volume at
 * the edge takes about 3 HU off a 22 × 14 mm node in fat; the arterial phase would be 70 HU off).
 */
export async function expectClickedHu(page: Page, study: StudyTruth, truth: LesionTruth): Promise<void> {
  const field = (await editLesion(page, truth.id)).locator(`[data-testid="observation-editor"][data-study="${study.study.studyInstanceUID}"] input.hu-input`);
  await expect.poll(() => field.inputValue(), { timeout: 5_000 }).not.toBe('');
  const recordedHU = Number(await field.inputValue());
  const designedHU = truth.meanHU!;
  clickedHuErrors.push(Math.abs(recordedHU - designedHU));
  expect(Math.abs(recordedHU - designedHU), `${truth.id} at ${study.study.timepoint}: mean ${recordedHU} HU recorded, ${designedHU} HU designed`).toBeLessThanOrEqual(5);
}

/** The baseline: targets measured by a click (with site; the HU comes with the click), non-targets added at their site. */
export async function readBaselineByClicks(page: Page, baseline: StudyTruth): Promise<void> {
  await page.keyboard.press('m');
  for (const truth of baseline.lesions) {
    if (truth.role === 'target') {
      await scrollToSlice(page, 'baseline', await largestSliceIndex(page, 'baseline', truth));
      await clickMeasure(page, 'baseline', baseline, truth, 'Enter');
      await setSite(page, truth);
      await expectClickedHu(page, baseline, truth);
    } else {
      const revision = await savedRevision(page);
      await page.locator('[data-testid="add-nontarget"]').click();
      await waitForSave(page, revision);
      await setSite(page, truth);
    }
  }
}

/** A follow-up: non-targets carried forward, each target found with U and measured by a click (its HU with it). */
export async function readFollowUpTargetsByClicks(page: Page, study: StudyTruth): Promise<void> {
  await showFollowUp(page, study);
  const revision = await savedRevision(page);
  await page.locator('[data-testid="carry-forward"]').click();
  await waitForSave(page, revision);
  for (const truth of study.lesions.filter((lesion) => lesion.role === 'target')) {
    await page.keyboard.press('u');
    await page.locator(`[data-testid="lesion-row"].selected[data-label="${truth.id}"]`).waitFor();
    await clickMeasure(page, 'follow-up', study, truth);
    await expectClickedHu(page, study, truth);
  }
}
