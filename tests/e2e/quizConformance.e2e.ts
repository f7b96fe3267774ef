import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Point3 } from '../../scripts/sample-data/groundTruth';
import { openBrowser, type BrowserSession } from './browser';
import { setSite } from './clickReadSteps';
import { drawCaliper, goToLargestSlice, studyTruth } from './phantom';

const baseline = studyTruth('01-baseline-ct');
const artifacts = new URL('./artifacts/quiz-conformance/', import.meta.url).pathname;
const criteriaDoc = readFileSync(new URL('../../docs/criteria.md', import.meta.url), 'utf8');

/** An axis shortened to `lengthMm` about its centre: the learner measures part of the lesion. */
function shortened([a, b]: readonly [Point3, Point3], lengthMm: number): [Point3, Point3] {
  const centre: Point3 = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
  const factor = lengthMm / Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
  const at = (point: Point3): Point3 => [centre[0] + (point[0] - centre[0]) * factor, centre[1] + (point[1] - centre[1]) * factor, centre[2] + (point[2] - centre[2]) * factor];
  return [at(a), at(b)];
}

/**
 * Quiz mode (issue 16 §2): a learner takes a 7 mm lesion as a target, which RECIST 1.1 does not allow
 * (measurable from 10 mm, CONF-3 in docs/criteria.md); the feedback names the mistake with its rule.
 */
describe('a quiz with a 7 mm target', () => {
  let session: BrowserSession;
  const page = () => session.page;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    session = await openBrowser();
    await page().goto(inject('baseUrl'));
    await page().locator('[data-quiz-group="phantom-net-01"]').click();
    await page().locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 60_000 });
    await page().locator('[data-testid="reader-name"]').fill('Learner Two');
    await page().locator('[data-testid="reader-start"]').click();
    await page().locator('[data-testid="save-state"]').waitFor();
  }, 120_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await page().screenshot({ path: `${artifacts}failure.png` });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('cites a rule that says so', () => {
    expect(criteriaDoc).toMatch(/<a id="CONF-3"><\/a>\*\*CONF-3\*\* \(warning; RECIST 1\.1[^)]*\) A non-nodal target below the measurable minimum: 10 mm/);
  });

  it('lets the learner take 7 mm of the 11 mm lesion in segment II as a target', async () => {
    const l4 = baseline.lesions.find((lesion) => lesion.id === 'L4')!;
    await goToLargestSlice(page(), 'baseline', baseline, l4);
    await drawCaliper(page(), 'baseline', 'whole', shortened(l4.longAxisEndpointsMm, 7), shortened(l4.shortAxisEndpointsMm, 5), 'Enter');
    await setSite(page(), l4);
    expect(await page().locator('[data-testid="lesion-row"]').count()).toBe(1);
  }, 120_000);

  it('names the conformance mistake with its rule in the feedback and its one page', async () => {
    await page().locator('[data-testid="quiz-submit"]').click();
    await page().locator('[data-testid="quiz-feedback"]').waitFor();
    // every finding is in the details (opened); the summary shows the conformance notes under target selection
    await page().locator('[data-testid="quiz-details"] > summary').click();
    const findings = await page().locator('[data-testid="quiz-findings-all"] li').allInnerTexts();
    const conformance = findings.filter((text) => text.startsWith('Conformance (CONF-3'));
    expect(conformance, findings.join('\n')).toHaveLength(1);
    // the drawn length is whole screen pixels at ≥ 4 px per mm: 7 mm to within a few tenths
    expect(conformance[0]).toMatch(/^Conformance \(CONF-3, your L\d+; RECIST 1\.1, [^)]*\): non-nodal target measures (6\.[7-9]|7\.[0-3]) mm, below the measurable minimum of 10 mm \(R11 §3\.1\)\.$/);
    // the reference's L4, a non-target, is the lesion the learner took: named as a target-selection mistake too
    expect(findings.some((text) => /^Target selection: your L\d+ is a target; the reference's L4 is a non-target\.$/.test(text))).toBe(true);
    expect(await page().locator('[data-testid="quiz-conformance"]').innerText()).toMatch(/CONF-3 L\d+: non-nodal target measures/);
    await page().setViewportSize({ width: 1280, height: 800 });
    await page().screenshot({ path: `${artifacts}feedback-1280x800.png` });
    const path = `${artifacts}quiz-feedback-A4.pdf`;
    await page().pdf({ path, format: 'A4' });
    expect(Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1])).toBe(1);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', path, `${artifacts}quiz-feedback-A4`]);
    expect(execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')).toContain('below the measurable minimum of 10 mm');
    expect(session.pageErrors).toEqual([]);
  });
});
