import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { downloadsOf, openBrowser, type BrowserSession } from './browser';
import { readBaselineByClicks } from './clickReadSteps';
import { studyTruth } from './phantom';
import { PHANTOM, HCC_048, phantomReferenceSrFiles } from '../pacs/fixtures';
import { uploadFiles } from '../pacs/orthanc';
import { phantomReference } from '../fixtures/phantomReference';

const artifacts = new URL('./artifacts/reference-sr/', import.meta.url).pathname;
const SIZES = [[1024, 768], [1280, 800], [1920, 1080]] as const;
const LEARNER = 'Learner Pacs';
const baseline = studyTruth('01-baseline-ct');
const reference = phantomReference();

type CaliperElement = HTMLElement & { nadirCalipers?: () => { key: string }[] };
/** The keys of the calipers drawn in both viewports (reference calipers have keys starting "reference|"). */
const caliperKeys = (session: BrowserSession) =>
  session.page.evaluate(() =>
    ['viewport-baseline', 'viewport-follow-up'].flatMap((id) => (document.querySelector(`[data-testid="${id}"]`) as CaliperElement | null)?.nadirCalipers?.().map((caliper) => caliper.key) ?? []),
  );

/** Searches the test PACS for a patient ID and waits for the answer. */
async function searchPacs(session: BrowserSession, patientId: string): Promise<void> {
  const page = session.page;
  const panel = page.locator('[data-testid="dicomweb-panel"]');
  const before = Number(await panel.getAttribute('data-search-count'));
  await page.locator('[data-testid="dicomweb-patient-id"]').fill(patientId);
  await page.locator('[data-testid="dicomweb-search"]').click();
  await page.locator(`[data-testid="dicomweb-panel"][data-search-count="${before + 1}"]`).waitFor({ timeout: 15_000 });
}

/**
 * A case's reference read in the PACS (issue 16): the phantom's reference SRs are stored in the test
 * Orthanc (through Orthanc's REST API, as a teacher's PACS upload would); the start screen offers
 * the PACS patient as a quiz and to a teacher; the learner reads with the answers hidden, submits,
 * gets feedback against the reference retrieved from the PACS, and the submitted read is stored there
 * as a quiz read; the teacher's view lists it from the PACS. The reference is never offered as an
 * ordinary read.
 */
describe('a reference read stored as SR in the PACS', () => {
  let session: BrowserSession;
  const page = () => session.page;
  const orthanc = () => `http://127.0.0.1:${inject('pacs').orthancPort}`;
  let resultFile = '';

  beforeAll(async () => {
    if (inject('pacs').orthancPort === 0) throw new Error(`the test PACS did not start: ${inject('pacs').error}`);
    mkdirSync(artifacts, { recursive: true });
    const upload = await uploadFiles(inject('pacs').orthancPort, phantomReferenceSrFiles());
    expect(upload.failures).toEqual([]);
    session = await openBrowser();
    await page().goto(inject('baseUrl'));
  }, 120_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await page().screenshot({ path: `${artifacts}failure.png` });
  });

  afterAll(async () => {
    await session?.close();
    // the reference and quiz-read series go again: the other files find the phantom's studies as the global setup left them
    const series = (await (await fetch(`${orthanc()}/series?expand`)).json()) as { ID: string; MainDicomTags: { SeriesNumber?: string; Modality?: string } }[];
    for (const one of series.filter((entry) => entry.MainDicomTags.Modality === 'SR' && ['9201', '9202'].includes(entry.MainDicomTags.SeriesNumber ?? ''))) {
      await fetch(`${orthanc()}/series/${one.ID}`, { method: 'DELETE' });
    }
  });

  it('offers the PACS patient with a reference as a quiz and to a teacher, and no other', async () => {
    await searchPacs(session, PHANTOM.patientId);
    const quiz = page().locator('[data-testid="dicomweb-quiz"]');
    await quiz.waitFor({ timeout: 15_000 });
    expect(await quiz.innerText()).toBe('Quiz: read NADIR^PHANTOM-NET-01 with the answers hidden');
    expect(await page().locator('[data-testid="dicomweb-teacher"]').count()).toBe(1);
    for (const [width, height] of SIZES) {
      await page().setViewportSize({ width, height });
      await quiz.scrollIntoViewIfNeeded();
      await page().screenshot({ path: `${artifacts}pacs-offer-${width}x${height}.png` });
      // whole, inside the window, on one line
      const box = (await quiz.boundingBox())!;
      expect(box.x + box.width, `${width}×${height}`).toBeLessThanOrEqual(width);
      expect(await quiz.evaluate((button) => button.scrollWidth <= button.clientWidth)).toBe(true);
    }
    // HCC_048 has an SR (another tool's), but no reference: no quiz
    await searchPacs(session, HCC_048.patientId);
    await page().locator('[data-testid="dicomweb-study"]').first().waitFor();
    await page().waitForTimeout(1000);
    expect(await page().locator('[data-testid="dicomweb-quiz"]').count()).toBe(0);
  });

  it('never offers the reference as a read of its own, even to a reader of the same name', async () => {
    await page().setViewportSize({ width: 1280, height: 800 });
    await searchPacs(session, PHANTOM.patientId);
    await page().locator('[data-testid="dicomweb-open-patient"]').click();
    await page().locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 60_000 });
    await page().locator('[data-testid="reader-name"]').fill(reference.readerName);
    await page().locator('[data-testid="reader-start"]').click();
    await page().locator('[data-testid="save-state"]').waitFor();
    // the SRs are read once every study is in: the exchange then shows what it found
    await page().locator('.read-exchange[data-sr-reads="found"]').waitFor({ timeout: 60_000 });
    expect(await page().locator('[data-testid="sr-read"]').count()).toBe(0);
    expect(await page().locator('[data-testid="quiz-banner"]').count()).toBe(0);
    expect((await caliperKeys(session)).filter((key) => key.startsWith('reference|'))).toEqual([]);
    // the name is remembered for the tab: the learner gives their own next
    await page().locator('[data-testid="change-reader"]').click();
    await page().locator('[data-testid="reader-name"]').waitFor();
    await page().locator('[data-testid="close-all"]').click();
  });

  it('opens the PACS case as a quiz: no responses, no reference calipers before submitting', async () => {
    await searchPacs(session, PHANTOM.patientId);
    await page().locator('[data-testid="dicomweb-quiz"]').click();
    await page().locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 60_000 });
    await page().locator('[data-testid="reader-name"]').fill(LEARNER);
    await page().locator('[data-testid="reader-start"]').click();
    await page().locator('[data-testid="quiz-banner"]').waitFor();
    // metadata first: a click proposes calipers from the slices around it, so the shown series must be in
    for (const role of ['baseline', 'follow-up']) await page().locator(`[data-testid="viewport-${role}"][data-slices-decoded="34"]`).waitFor({ timeout: 120_000 });
    await readBaselineByClicks(page(), baseline);
    expect(await page().locator('[data-testid="response-panel"]').count()).toBe(0);
    expect(await page().locator('[data-testid="open-report"]').count()).toBe(0);
    expect(await page().locator('.read-panel').innerText()).not.toMatch(/\b(PR|SD|PD)\b|Import/);
    expect((await caliperKeys(session)).filter((key) => key.startsWith('reference|'))).toEqual([]);
    for (const [width, height] of SIZES) {
      await page().setViewportSize({ width, height });
      await page().screenshot({ path: `${artifacts}quiz-before-submit-${width}x${height}.png` });
    }
  }, 300_000);

  it('gives feedback against the reference from the PACS once submitted', async () => {
    await page().setViewportSize({ width: 1280, height: 800 });
    await page().locator('[data-testid="quiz-submit"]').click();
    await page().locator('[data-testid="quiz-feedback"]').waitFor({ timeout: 30_000 });
    // the submitted read goes to the PACS the quiz came from, as a quiz read, and the learner is told
    const stored = page().locator('[data-testid="quiz-stored"][data-kind="stored"]');
    await stored.waitFor({ timeout: 30_000 });
    expect(await stored.innerText()).toMatch(/^Your read is stored in the PACS \(.*\) as a quiz read for your teacher: BL, FU1, FU2\.$/);
    const quizSeries = (await (await fetch(`${orthanc()}/series?expand`)).json()) as { MainDicomTags: { SeriesNumber?: string; SeriesDescription?: string } }[];
    expect(quizSeries.filter((entry) => entry.MainDicomTags.SeriesNumber === '9202').map((entry) => entry.MainDicomTags.SeriesDescription).sort()).toEqual([
      'Nadir quiz read BL',
      'Nadir quiz read FU1',
      'Nadir quiz read FU2',
    ]);
    const findings = await page().locator('[data-testid="quiz-findings"] li').allInnerTexts();
    // the learner read the baseline only: every follow-up measurement of the reference is named as missing
    expect(findings.join('\n')).toContain("the reference's NL1");
    expect(await page().locator('[data-testid="quiz-targets"]').innerText()).toContain('L1, L2, N1');
    // the baseline calipers were placed where the design put the lesions: within the limits of agreement
    expect(await page().locator('[data-testid="quiz-calipers-within"]').innerText()).toMatch(/^\d+ of \d+$/);
    for (const [width, height] of SIZES) {
      await page().setViewportSize({ width, height });
      await page().screenshot({ path: `${artifacts}quiz-feedback-${width}x${height}.png` });
    }
    resultFile = (await downloadsOf(page(), 1, artifacts, () => page().locator('[data-testid="quiz-export"]').click()))[0] ?? '';
    await page().locator('[data-testid="quiz-back"]').click();
    await page().waitForFunction(
      () => (document.querySelector('[data-testid="viewport-baseline"]') as CaliperElement | null)?.nadirCalipers?.().some((caliper) => caliper.key.startsWith('reference|')) ?? false,
    );
  });

  it("shows the learner's result in the teacher's view of the PACS case", async () => {
    await page().setViewportSize({ width: 1280, height: 800 });
    await page().locator('[data-testid="close-all"]').click();
    await searchPacs(session, PHANTOM.patientId);
    await page().locator('[data-testid="dicomweb-teacher"]').click();
    await page().locator('[data-testid="teacher-view"]').waitFor({ timeout: 30_000 });
    expect(await page().locator('[data-testid="teacher-reference"]').innerText()).toContain('L1, L2, N1');
    // the learner's quiz read, from the PACS, without any file
    await page().locator('[data-testid="teacher-pacs"][data-state="loaded"]').waitFor({ timeout: 30_000 });
    const row = page().locator('[data-testid="teacher-row"]');
    expect(await row.count()).toBe(1);
    expect(await row.first().innerText()).toMatch(new RegExp(`^${LEARNER}\\nPACS, quiz read of \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC`));
    expect(await page().locator('[data-testid="teacher-refused"]').count()).toBe(0);
    // and the same read as an exported file beside it: the same comparison
    await page().locator('[data-testid="teacher-files"]').setInputFiles(resultFile);
    await row.nth(1).waitFor({ timeout: 30_000 });
    const cells = async (index: number) => (await row.nth(index).locator('td').allInnerTexts()).slice(1);
    expect(await cells(1)).toEqual(await cells(0));
    for (const [width, height] of SIZES) {
      await page().setViewportSize({ width, height });
      await page().screenshot({ path: `${artifacts}teacher-${width}x${height}.png` });
    }
  });
});
