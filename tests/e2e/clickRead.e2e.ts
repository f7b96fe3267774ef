import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { countActions, type ActionCounter } from './actions';
import { openBrowser, type BrowserSession } from './browser';
import { editLesion, editorAt, lesionCell, lesionRows } from './lesionTable';
import { expectHandWorkedResponses, goToLargestSlice, startPhantomRead, largestSliceIndex, scrollToSlice, studyTruth, toClient, waitForSave, type LesionTruth, type StudyTruth } from './phantom';

const baseline = studyTruth('01-baseline-ct');
const followUp1 = studyTruth('02-fu1-ct');
const followUp2 = studyTruth('03-fu2-ct');
const artifacts = new URL('./artifacts/click-read/', import.meta.url).pathname;
type Role = 'baseline' | 'follow-up';

/**
 * The phantom read again, every lesion measured by a click (issue 14): a click proposes the lesion's
 * calipers and its viable part, Enter accepts. Prints the action count, as the drawn read does.
 */
describe('reading the phantom patient by clicks', () => {
  let session: BrowserSession;
  let actions: ActionCounter;
  const page = () => session.page;
  const savedRevision = async () => Number(await page().locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));

  async function showFollowUp(study: StudyTruth): Promise<void> {
    const item = page().locator('[data-testid="timepoint"]', { hasText: study.study.date });
    await item.locator('[data-testid="choose-follow-up"]').check();
    await page().locator('[data-testid="viewport-panel-follow-up"]', { hasText: study.study.date }).waitFor();
    await page().locator('[data-testid="viewport-follow-up"][data-render-count]').waitFor();
  }

  /** A click on the lesion's centre and Enter on the proposal; `answer` the choice when the app asks which lesion. */
  async function clickMeasure(role: Role, study: StudyTruth, truth: LesionTruth, answer?: 'Enter' | 'newLesion'): Promise<void> {
    const revision = await savedRevision();
    await page().locator(`[data-testid="viewport-${role}"][data-slice-index="${await largestSliceIndex(page(), role, truth)}"]`).waitFor({ timeout: 5_000 }).catch(async () => scrollToSlice(page(), role, await largestSliceIndex(page(), role, truth)));
    const [x, y] = await toClient(page(), role, truth.centreMm);
    await page().mouse.click(x, y);
    const proposal = page().locator('[data-testid="proposal-prompt"]');
    await proposal.waitFor();
    const [longMm] = (await proposal.locator('[data-testid="proposal-whole"] strong').innerText()).replace(' mm', '').split(' × ').map(Number);
    expect(Math.abs(longMm! - truth.longAxisMm), `${truth.id} at ${study.study.timepoint}: proposed long axis ${longMm}`).toBeLessThanOrEqual(1);
    await page().keyboard.press('Enter');
    if (answer) {
      const which = page().locator('[data-testid="caliper-prompt"]');
      await which.waitFor();
      if (answer === 'Enter') await page().keyboard.press('Enter');
      else await which.locator(`[data-testid="caliper-choice"][data-choice="${answer}"]`).click();
    }
    await waitForSave(page(), revision);
  }

  async function setSite(truth: LesionTruth): Promise<void> {
    const site = truth.isLymphNode ? 'retroperitoneal (para-aortic) lymph node' : truth.organ;
    const picker = page().locator('[data-testid="lesion-editor"] select[aria-label="Site"]');
    if ((await picker.inputValue()) === site) return;
    const revision = await savedRevision();
    await picker.selectOption(site);
    await waitForSave(page(), revision);
  }

  async function typeHu(study: StudyTruth, truth: LesionTruth): Promise<void> {
    const revision = await savedRevision();
    await editLesion(page(), truth.id);
    await editorAt(page(), study.study.studyInstanceUID).locator('input.hu-input').fill(String(truth.meanHU));
    await page().keyboard.press('Enter');
    await waitForSave(page(), revision);
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    session = await openBrowser();
    actions = countActions(page());
    await startPhantomRead(page(), inject('baseUrl'), 'Dr Click');
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    await page().screenshot({ path: `${artifacts}failure.png` });
    console.log(await page().locator('[data-testid="lesion-table"]').innerText().catch(() => 'no lesion table'));
  });

  afterAll(async () => {
    await session?.close();
  });

  it('measures the baseline by clicks: targets proposed and accepted, non-targets added', async () => {
    await showFollowUp(followUp1);
    await page().keyboard.press('m');
    for (const truth of baseline.lesions) {
      if (truth.role === 'target') {
        await scrollToSlice(page(), 'baseline', await largestSliceIndex(page(), 'baseline', truth));
        await clickMeasure('baseline', baseline, truth, 'Enter');
        await setSite(truth);
        await typeHu(baseline, truth);
      } else {
        const revision = await savedRevision();
        await page().locator('[data-testid="add-nontarget"]').click();
        await waitForSave(page(), revision);
        await setSite(truth);
      }
    }
    expect(await lesionRows(page()).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-label')))).toEqual(baseline.lesions.map((lesion) => lesion.id));
  });

  it('follows every lesion to FU1 and FU2 with U and a click, with the new lesion at FU2', async () => {
    for (const study of [followUp1, followUp2]) {
      await showFollowUp(study);
      const revision = await savedRevision();
      await page().locator('[data-testid="carry-forward"]').click();
      await waitForSave(page(), revision);
      for (const truth of study.lesions) {
        if (truth.role === 'target') {
          await page().keyboard.press('u');
          await page().locator(`[data-testid="lesion-row"].selected[data-label="${truth.id}"]`).waitFor();
          await clickMeasure('follow-up', study, truth);
          await typeHu(study, truth);
        }
        if (truth.role === 'new') {
          // not where U left the viewport (on N1): scrolled to and brought into view
          await goToLargestSlice(page(), 'follow-up', study, truth);
          await clickMeasure('follow-up', study, truth, 'newLesion');
          await setSite(truth);
          const revision = await savedRevision();
          await (await editLesion(page(), truth.id)).locator('select[aria-label="Vascular pattern"]').selectOption(truth.hccTypicalPattern === false ? 'atypical' : 'typical');
          await waitForSave(page(), revision);
          await typeHu(study, truth);
        }
      }
    }
    expect(await lesionCell(page(), 'L1', followUp2.study.studyInstanceUID).innerText()).toMatch(/×/);
    console.log(`phantom read by clicks: ${actions.count} user actions (and ${actions.wheelNotches} wheel notches scrolling through slices)`);
  }, 360_000);

  it('gives the hand-worked response under every criterion', async () => {
    await expectHandWorkedResponses(page());
    expect(session.pageErrors).toEqual([]);
    await page().screenshot({ path: `${artifacts}read-complete.png` });
  });
});
