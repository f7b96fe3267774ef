import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseQuizResult } from '../../workers/quiz/quizResult';
import { downloadsOf, openBrowser, type BrowserSession } from './browser';
import { readBaselineByClicks, readFollowUpTargetsByClicks, showFollowUp } from './clickReadSteps';
import { goToLargestSlice, studyTruth } from './phantom';
import { phantomReference } from '../fixtures/phantomReference';

const baseline = studyTruth('01-baseline-ct');
const followUp1 = studyTruth('02-fu1-ct');
const followUp2 = studyTruth('03-fu2-ct');
const artifacts = new URL('./artifacts/quiz/', import.meta.url).pathname;
const LEARNER = 'Learner One';
const reference = phantomReference();
const nl1Id = reference.lesions.find((lesion) => lesion.label === 'NL1')!.id;

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Quiz mode (issue 16 §2): a learner reads the phantom with the answers hidden, by clicks, and
 * misses the new lesion at FU2 on purpose; the feedback, against the reference read the sample
 * ships with, names the mistake and the verdict it changes, and prints.
 */
describe('a quiz on the phantom', () => {
  let session: BrowserSession;
  const page = () => session.page;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    session = await openBrowser();
    await page().goto(inject('baseUrl'));
    await page().locator('[data-quiz-group="phantom-net-01"]').click();
    await page().locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 60_000 });
    await page().locator('[data-testid="reader-name"]').fill(LEARNER);
    await page().locator('[data-testid="reader-start"]').click();
    await page().locator('[data-testid="save-state"]').waitFor();
  }, 120_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await page().screenshot({ path: `${artifacts}failure.png` });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('hides the answers: no responses, no report, no import of a read', async () => {
    await page().locator('[data-testid="quiz-banner"]').waitFor();
    expect(await page().locator('[data-testid="response-panel"]').count()).toBe(0);
    expect(await page().locator('[data-testid="open-report"]').count()).toBe(0);
    expect(await page().locator('.read-panel').innerText()).not.toMatch(/\b(PR|SD|PD)\b|Import/);
  });

  it('lets the learner read by clicks, the new lesion at FU2 missed', async () => {
    await showFollowUp(page(), followUp1);
    await readBaselineByClicks(page(), baseline);
    await readFollowUpTargetsByClicks(page(), followUp1);
    await readFollowUpTargetsByClicks(page(), followUp2);
    expect(await page().locator('[data-testid="response-panel"]').count()).toBe(0);
  }, 360_000);

  it('keeps the answers hidden after a reload (the quiz reopens as a quiz)', async () => {
    await page().reload();
    await page().locator('[data-testid="quiz-banner"]').waitFor({ timeout: 60_000 });
    await page().locator('[data-testid="lesion-row"][data-label="N1"]').waitFor();
    expect(await page().locator('[data-testid="response-panel"]').count()).toBe(0);
    expect(await page().locator('[data-testid="open-report"]').count()).toBe(0);
  });

  it('gives feedback naming the missed lesion and the verdict it changes', async () => {
    await page().locator('[data-testid="quiz-submit"]').click();
    const feedback = page().locator('[data-testid="quiz-feedback"]');
    await feedback.waitFor();
    const findings = await page().locator('[data-testid="quiz-findings"] li').allInnerTexts();
    expect(findings).toContain("Missed: the reference's NL1, a new lesion in liver segment VIII (from FU2), is not in your read.");
    expect(findings).toContain("Verdict: Choi at FU2 2024-07-10, yours PR, the reference's PD.");
    // every caliper was placed by a click on the lesion: within the inter-reader limits, so no measurement finding
    expect(findings.filter((text) => text.startsWith('Measurement:'))).toEqual([]);
    expect(await page().locator('[data-testid="quiz-targets"]').innerText()).toContain('L1, L2, N1');
    // the summary's grid: one cell per criterion and follow-up
    expect(await page().locator('[data-testid="quiz-grid-Choi-FU2"]').innerText()).toMatch(/^✗ yours PR · ref\. PD\s+yours [–A-Z0-9 -]+ · ref\. [A-Z0-9 -]*R-NEW-1[A-Z0-9 -]*$/);
    expect(await page().locator('[data-testid="quiz-grid-RECIST1.1-FU2"]').getAttribute('data-agrees')).toBe('true');
    expect(await page().locator('[data-testid="quiz-calipers-within"]').innerText()).toMatch(/^(\d+) of \1$/);
    const grid = await page().locator('[data-testid="quiz-caliper-grid"]').innerText();
    expect(grid).toMatch(/L1 long axis\s+[−+]?\d+\.\d\d ✓\s+−8\.84 … \+10\.16/);
    expect(grid).toContain('NL1 (new lesion, missed)');
    // the details, on screen: open them
    await page().locator('[data-testid="quiz-details"] > summary').click();
    const choi = page().locator('[data-testid="quiz-verdict-Choi-FU2"]');
    expect(await choi.getAttribute('data-agrees')).toBe('false');
    expect(await choi.locator('[data-testid="quiz-verdict-reference"]').innerText()).toMatch(/new lesion/i);
    expect(await page().locator('[data-testid="quiz-verdict-RECIST1.1-FU2"]').getAttribute('data-agrees')).toBe('true');
    // each caliper against the reference's, with the limits of agreement
    const lesions = await page().locator('[data-testid="quiz-lesions"]').innerText();
    expect(lesions).toMatch(/L1 = your L1[\s\S]*BL\s+long axis\s+\d+\.\d mm\s+40\.0 mm\s+[−+]?\d+\.\d\d\smm ✓ within −8\.84 to \+10\.16\smm/);
    expect(lesions).not.toContain('✗');
    expect(session.pageErrors).toEqual([]);
  });

  it('prints the feedback on one page, A4 or Letter', async () => {
    for (const format of ['A4', 'Letter'] as const) {
      const path = `${artifacts}quiz-feedback-${format}.pdf`;
      await page().pdf({ path, format });
      const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1]);
      expect(pages, `${format} pages`).toBe(1);
      execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', path, `${artifacts}quiz-feedback-${format}`]);
    }
    const path = `${artifacts}quiz-feedback-A4.pdf`;
    const text = normalize(execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }));
    expect(text).toContain('Quiz feedback');
    expect(text).toContain(LEARNER);
    expect(text).toContain("Missed: the reference's NL1, a new lesion in liver segment VIII (from FU2), is not in your read.");
    expect(text).toContain("Verdict: Choi at FU2 2024-07-10, yours PR, the reference's PD.");
    expect(text, 'no toolbar').not.toContain('Back to reading');
    expect(text, 'no app chrome').not.toContain('Close all studies');
    expect(text, 'not the reading panel').not.toContain('Carry non-targets forward');
    expect(text, 'the summary grids').toMatch(/Choi ✓ \w+ ✗ yours PR · ref\. PD/);
    expect(text, 'the details stay on screen').not.toContain('Details: every finding');
  });

  it("exports the learner's result, which reads back as a result of this case", async () => {
    const [path] = await downloadsOf(page(), 1, artifacts, () => page().locator('[data-testid="quiz-export"]').click());
    expect(path).toMatch(/quiz-result-PHANTOM-NET-01-Learner_One\.json$/);
    const parsed = parseQuizResult(readFileSync(path!, 'utf8'), 'result.json', reference);
    expect(parsed.ok && parsed.learner).toBe(LEARNER);
    expect(parsed.ok && parsed.read.lesions.map((lesion) => lesion.label)).toEqual(['L1', 'L2', 'N1', 'L3', 'L4']);
  });

  it('is laid out at 1024×768, 1280×800 and 1920×1080', async () => {
    for (const [width, height] of [[1024, 768], [1280, 800], [1920, 1080]] as const) {
      await page().setViewportSize({ width, height });
      await page().screenshot({ path: `${artifacts}feedback-${width}x${height}.png` });
      const overflow = await page().locator('[data-testid="quiz-feedback"]').evaluate((element) => element.scrollWidth - element.clientWidth);
      expect(overflow, `${width}×${height}: the sheet is wider than its room`).toBeLessThanOrEqual(1);
    }
  });

  it('goes back to reading, the responses and the reference calipers shown once submitted', async () => {
    await page().setViewportSize({ width: 1280, height: 800 });
    await page().locator('[data-testid="quiz-back"]').click();
    await page().locator('[data-testid="response-panel"]').waitFor();
    expect(await page().locator('[data-testid="quiz-submit"]').innerText()).toBe('Feedback');
    // the missed new lesion: the reference's calipers on the follow-up (FU2), in their own colour
    const nl1 = followUp2.lesions.find((lesion) => lesion.id === 'NL1')!;
    await goToLargestSlice(page(), 'follow-up', followUp2, nl1);
    // the reference's lesion ids are its SR's tracking UIDs: passed into the page
    await page().waitForFunction((id) => {
      const element = document.querySelector('[data-testid="viewport-follow-up"]') as (HTMLElement & { nadirCalipers?: () => { key: string }[] }) | null;
      return (element?.nadirCalipers?.() ?? []).some((caliper) => caliper.key.startsWith(`reference|${id}|`));
    }, nl1Id);
    // its whole-lesion caliper (drawn on the portal series) and its viable one are the same measurement: one label
    const labels = await page().locator('[data-testid="viewport-panel-follow-up"] .measurement-label.reference').allInnerTexts();
    expect(labels.filter((label) => label.startsWith('reference NL1'))).toEqual(['reference NL1 (whole and viable) 14.0 × 12.0 mm']);
    await page().screenshot({ path: `${artifacts}reference-calipers-1280x800.png` });
  });
});
