import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BidirectionalMeasurement, Point3, ReadSession } from '../../workers/read/model';
import { toQuizResult } from '../../workers/quiz/quizResult';
import { openBrowser, type BrowserSession } from './browser';
import { phantomReference } from '../fixtures/phantomReference';

const artifacts = new URL('./artifacts/teacher/', import.meta.url).pathname;
const reference = phantomReference();
const idOf = (label: string) => reference.lesions.find((lesion) => lesion.label === label)!.id;

/** A caliper drawn `factor` times as long (both axes, about its centre): a learner's hand, not the reference's. */
function scaled(measurement: BidirectionalMeasurement, factor: number): BidirectionalMeasurement {
  const stretch = ([a, b]: readonly [Point3, Point3]): [Point3, Point3] => {
    const centre: Point3 = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
    const at = (point: Point3): Point3 => [0, 1, 2].map((index) => centre[index]! + (point[index]! - centre[index]!) * factor) as unknown as Point3;
    return [at(a), at(b)];
  };
  return { ...measurement, longAxisMm: measurement.longAxisMm * factor, shortAxisMm: measurement.shortAxisMm * factor, longAxis: stretch(measurement.longAxis), shortAxis: stretch(measurement.shortAxis) };
}

const asLearner = (name: string): ReadSession => ({ ...structuredClone(reference), readId: `quiz-${name}`, readerName: name });

/** Ann reads as the reference does but draws L1 30 % long at FU2 (39 → 50.7 mm, beyond +9.91 mm). */
function ann(): ReadSession {
  const read = asLearner('Ann Example');
  const fu2 = read.timepoints[2]!.studyInstanceUid;
  const l1 = read.observations[fu2]![idOf('L1')]!;
  if (l1.status !== 'present' || !l1.whole) throw new Error('the reference has L1 at FU2');
  read.observations[fu2]![idOf('L1')] = { ...l1, whole: scaled(l1.whole, 1.3) };
  return read;
}

/** Bob misses the new lesion NL1 at FU2. */
function bob(): ReadSession {
  const read = asLearner('Bob Example');
  read.lesions = read.lesions.filter((lesion) => lesion.id !== idOf('NL1'));
  for (const observations of Object.values(read.observations)) delete observations[idOf('NL1')];
  return read;
}

/**
 * A teacher's view (issue 16 §2): two learners' exported quiz results for the phantom and a bad file
 * loaded at once; the bad one is named and not loaded, the table shows both learners against the reference.
 */
describe("a teacher's view of learners' results", () => {
  let session: BrowserSession;
  const page = () => session.page;
  const files = { ann: `${artifacts}quiz-result-ann.json`, bob: `${artifacts}quiz-result-bob.json`, other: `${artifacts}quiz-result-other-case.json` };

  beforeAll(async () => {
    rmSync(artifacts, { recursive: true, force: true });
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(files.ann, JSON.stringify(toQuizResult(ann(), reference, '2026-01-01T10:00:00Z')));
    writeFileSync(files.bob, JSON.stringify(toQuizResult(bob(), reference, '2026-01-01T11:00:00Z')));
    const other = toQuizResult(asLearner('Carl Example'), reference, '2026-01-01T12:00:00Z');
    writeFileSync(files.other, JSON.stringify({ ...other, case: { ...other.case, patientId: 'HCC_048' } }));
    session = await openBrowser();
    await page().goto(inject('baseUrl'));
    const teacher = page().locator('[data-teacher-group="phantom-net-01"]');
    for (const [width, height] of [[1024, 768], [1280, 800], [1920, 1080]] as const) {
      await page().setViewportSize({ width, height });
      await page().screenshot({ path: `${artifacts}start-${width}x${height}.png` });
      // the teacher's entry beside the quiz's, whole, on one line inside the window
      const box = (await teacher.boundingBox())!;
      expect(box.x + box.width, `${width}×${height}`).toBeLessThanOrEqual(width);
      expect(await teacher.evaluate((button) => button.scrollWidth <= button.clientWidth)).toBe(true);
    }
    await page().setViewportSize({ width: 1280, height: 800 });
    await teacher.click();
    await page().locator('[data-testid="teacher-view"]').waitFor();
  }, 120_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await page().screenshot({ path: `${artifacts}failure.png` });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('loads two learners and names the file of another case', async () => {
    await page().locator('[data-testid="teacher-files"]:not([disabled])').waitFor({ state: 'attached' });
    await page().locator('[data-testid="teacher-files"]').setInputFiles([files.ann, files.other, files.bob]);
    await page().locator('[data-testid="teacher-row"]').nth(1).waitFor();
    expect(await page().locator('[data-testid="teacher-refused"]').innerText()).toBe(
      'quiz-result-other-case.json: a result of another case: patient "HCC_048", this case is "PHANTOM-NET-01". Not loaded.',
    );
    expect(await page().locator('[data-testid="teacher-row"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-learner')))).toEqual(['Ann Example', 'Bob Example']);
    expect(session.pageErrors).toEqual([]);
  });

  it('shows each learner against the reference', async () => {
    const reference = await page().locator('[data-testid="teacher-reference"]').innerText();
    expect(reference).toMatch(/Reference/);
    expect(reference).toContain('L1, L2, N1');
    const row = (learner: string) => page().locator(`[data-testid="teacher-row"][data-learner="${learner}"]`);
    // Ann: every verdict agrees (the 30 % longer L1 at FU2 does not change one), every target, one caliper outside the limits
    expect(await row('Ann Example').locator('[data-testid="teacher-criterion"]').allInnerTexts()).toEqual(['✓ 2 of 2', '✓ 2 of 2', '✓ 2 of 2', '✓ 2 of 2', '✓ 2 of 2', '✓ 2 of 2']);
    expect(await row('Ann Example').locator('[data-testid="teacher-targets"]').innerText()).toBe('3 of 3');
    const annCalipers = await row('Ann Example').locator('[data-testid="teacher-within"]').innerText();
    const [within, compared] = /^✗ (\d+) of (\d+)$/.exec(annCalipers)!.slice(1).map(Number);
    expect(within).toBe(compared! - 1);
    // 11.7 mm over the calipers compared, each other caliper exactly the reference's
    expect(await row('Ann Example').locator('[data-testid="teacher-mean"]').innerText()).toContain((11.7 / compared!).toFixed(2));
    // Bob: the missed new lesion makes Choi's FU2 verdict differ (the phantom's hand-worked responses), calipers all the reference's
    const bobCriteria = await row('Bob Example').locator('[data-testid="teacher-criterion"]').allInnerTexts();
    expect(bobCriteria[4]).toBe('✗ 1 of 2');
    // (less NL1's two calipers, whole and viable, which he has not)
    expect(await row('Bob Example').locator('[data-testid="teacher-within"]').innerText()).toBe(`✓ ${compared! - 2} of ${compared! - 2}`);
    expect(await row('Bob Example').locator('[data-testid="teacher-mean"]').innerText()).toMatch(/^0\.00/);
  });

  it('is laid out at 1024×768, 1280×800 and 1920×1080', async () => {
    for (const [width, height] of [[1024, 768], [1280, 800], [1920, 1080]] as const) {
      await page().setViewportSize({ width, height });
      await page().screenshot({ path: `${artifacts}teacher-${width}x${height}.png` });
      const overflow = await page().locator('[data-testid="teacher-view"]').evaluate((element) => element.scrollWidth - element.clientWidth);
      expect(overflow, `${width}×${height}: the table is wider than its room`).toBeLessThanOrEqual(1);
    }
  });
});
