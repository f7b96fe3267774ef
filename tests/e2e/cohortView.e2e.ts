import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { randomUid } from '../../src/dicom/sr/uids';
import { writeMeasurementReport, type SrSeriesInfo, type SrStudyContext } from '../../src/dicom/sr/writeMeasurementReport';
import { assessPatient } from '../../workers/engine';
import type { Point3, ReadSession } from '../../workers/read/model';
import { toExchangeInput } from '../../workers/read/toExchangeInput';
import { CT_GRID, PATIENT, STUDIES } from '../../scripts/sample-data/design';
import { CT_IMAGE_STORAGE } from '../../scripts/sample-data/dicom';
import { uidFromName } from '../../scripts/sample-data/uids';
import { disagreeingPhantomRead, phantomRead } from '../fixtures/phantomRead';
import { FIXTURE_SESSION, STUDY } from '../fixtures/reportRead';
import { engineOutput, writeOptions } from '../fixtures/srSession';
import { PHANTOM } from '../pacs/fixtures';
import { uploadFiles } from '../pacs/orthanc';
import { openBrowser, type BrowserSession } from './browser';

// The cohort view (issue 15 §6) in real Chromium against the production build and the test Orthanc:
// two readers' signed SRs of the phantom that disagree at FU1 (written by the project's SR writer and
// stored straight into Orthanc), and one signed read of another patient. A reader is refused the view;
// an adjudicator sees the phantom needing adjudication with the disagreement named, the other patient
// plotted, the plots per criterion, and opens the phantom from the row.

const ANN = 'Dr Ann Cohort';
const BEN = 'Dr Ben Cohort';
const ADA = 'Dr Ada Core';
const artifacts = new URL('./artifacts/', import.meta.url).pathname;
const READ = phantomRead();
const CT = STUDIES.filter((design) => design.modality === 'CT');
const pixelPosition = (_image: unknown, point: Point3) => [(point[0] - CT_GRID.originX) / CT_GRID.pixelSpacingMm + 0.5, (point[1] - CT_GRID.originY) / CT_GRID.pixelSpacingMm + 0.5] as const;

/** A signed read of the phantom as the app stores it on signing: one VERIFIED SR per CT timepoint. */
function signedPhantomSrs(session: ReadSession, signedAt: Date): { sop: string; bytes: ArrayBuffer }[] {
  const reply = assessPatient(toExchangeInput(session));
  if (!reply.ok) throw new Error(JSON.stringify(reply.problems));
  return CT.map((design, index) => {
    const studyInstanceUid = session.timepoints[index]!.studyInstanceUid;
    const frameOfReferenceUid = uidFromName(`frame-of-reference/${design.key}`);
    const series: Record<string, SrSeriesInfo> = Object.fromEntries(design.series.map((one) => [uidFromName(`series/${design.key}/${one.key}`), { sopClassUid: CT_IMAGE_STORAGE, frameOfReferenceUid }]));
    const study: SrStudyContext = {
      patientName: PATIENT.name, patientId: PATIENT.id, patientBirthDate: '', patientSex: PATIENT.sex, studyInstanceUid, studyDate: design.date, studyTime: design.time,
      studyId: design.studyId, accessionNumber: design.accessionNumber, referringPhysicianName: '', studyDescription: design.description,
    };
    const sop = randomUid();
    const bytes = writeMeasurementReport(session, reply.output, studyInstanceUid, {
      now: signedAt, instanceUids: { series: randomUid(), sop }, study, series, pixelPosition, verification: { verifierName: session.readerName, at: signedAt },
    });
    return { sop, bytes };
  });
}

/** One signed read of another patient (NADIR-P042, SRs only): plotted, since it needs no adjudication. */
function otherPatientSrs(): { sop: string; bytes: ArrayBuffer }[] {
  const session = { ...FIXTURE_SESSION, readerName: ANN };
  const output = engineOutput(session);
  return (['bl', 'fu1', 'fu2'] as const).map((key) => {
    const sop = randomUid();
    const bytes = writeMeasurementReport(session, output, STUDY[key], { ...writeOptions(key), instanceUids: { series: randomUid(), sop }, verification: { verifierName: ANN, at: new Date('2026-12-02T10:00:00Z') } });
    return { sop, bytes };
  });
}

/** One more SR of the other patient on the PACS, which the test turns unreadable on its way to the page. */
function spareSr(): { sop: string; bytes: ArrayBuffer } {
  const session = { ...FIXTURE_SESSION, readerName: ANN };
  const sop = randomUid();
  const bytes = writeMeasurementReport(session, engineOutput(session), STUDY.fu2, { ...writeOptions('fu2'), now: new Date('2024-07-01T10:00:00Z'), instanceUids: { series: randomUid(), sop } });
  return { sop, bytes };
}

describe('the cohort view of the PACS', () => {
  const spare = spareSr();
  let session: BrowserSession;
  let dir: string;
  const stored: string[] = [];
  const orthanc = () => `http://127.0.0.1:${inject('pacs').orthancPort}`;

  beforeAll(async () => {
    if (inject('pacs').orthancPort === 0) throw new Error(`the test PACS did not start: ${inject('pacs').error}`);
    dir = mkdtempSync(join(tmpdir(), 'nadir-cohort-view-'));
    const files = [...signedPhantomSrs({ ...READ, readerName: ANN }, new Date('2026-12-03T10:00:00Z')), ...signedPhantomSrs(disagreeingPhantomRead(BEN), new Date('2026-12-03T11:00:00Z')), ...otherPatientSrs(), spare];
    const paths = files.map((file, index) => {
      const path = join(dir, `sr-${index}.dcm`);
      writeFileSync(path, new Uint8Array(file.bytes));
      return path;
    });
    const upload = await uploadFiles(inject('pacs').orthancPort, paths);
    stored.push(...files.map((file) => file.sop));
    expect(upload.failures).toEqual([]);
    session = await openBrowser();
  }, 60_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await session?.page.screenshot({ path: `${artifacts}cohort-view-failure.png` });
  });

  afterAll(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    // what this file stored goes again: other files share the PACS
    for (const sop of stored) {
      const found = (await (await fetch(`${orthanc()}/tools/lookup`, { method: 'POST', body: sop })).json()) as { ID: string; Type: string }[];
      for (const entry of found.filter((candidate) => candidate.Type === 'Instance')) await fetch(`${orthanc()}/instances/${entry.ID}`, { method: 'DELETE' });
    }
  });

  it('refuses a reader: the view shows every reader’s verdicts', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(inject('baseUrl'));
    await page.locator('[data-testid="open-cohort"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artifacts}cohort-entry-1280x800.png` });
    await page.locator('[data-testid="open-cohort"]').click();
    await page.locator('[data-testid="cohort-gate"]').waitFor();
    await page.locator('[data-testid="reader-name"]').fill(ANN);
    await page.locator('[data-testid="role-reader"]').check();
    await page.locator('[data-testid="reader-start"]').click();
    await page.locator('[data-testid="cohort-gate"]', { hasText: 'you are identified as a reader' }).waitFor();
    expect(await page.locator('[data-testid="cohort-table"]').count()).toBe(0);
    await page.screenshot({ path: `${artifacts}cohort-gate-1280x800.png` });
  }, 60_000);

  it('shows the adjudicator the phantom needing adjudication, with what the reads disagree on', async () => {
    const { page } = session;
    await page.locator('[data-testid="reader-name"]').fill(ADA);
    await page.locator('[data-testid="role-adjudicator"]').check();
    // one SR arrives damaged (as from a failing disk): it must be named, not passed over
    await page.route(`**/instances/${spare.sop}`, (route) => route.fulfill({ status: 200, contentType: 'application/dicom', body: 'not a DICOM file' }));
    await page.locator('[data-testid="reader-start"]').click();
    await page.locator('[data-testid="cohort-result"]').waitFor({ timeout: 90_000 });
    await page.unroute(`**/instances/${spare.sop}`);
    const phantom = page.locator(`[data-testid="cohort-row"][data-patient-id="${PHANTOM.patientId}"]`);
    expect(await phantom.getAttribute('data-adjudication')).toBe('needed');
    const reads = await phantom.locator('[data-testid="cohort-read"]').allInnerTexts();
    expect(reads).toEqual([`${ANN}: signed, 2026-12-03`, `${BEN}: signed, 2026-12-03`]);
    const disagreements = await phantom.locator('[data-testid="cohort-disagreements"] li').allInnerTexts();
    expect(disagreements).toContain('RECIST 1.1 FU1 SD vs PR');
    expect(await phantom.locator('[data-testid="cohort-adjudication"]').innerText()).toContain(`Adjudication needed (${ANN} vs ${BEN})`);
    const other = page.locator('[data-testid="cohort-row"][data-patient-id="NADIR-P042"]');
    expect(await other.getAttribute('data-adjudication')).toBe('not-needed');
    const unreadable = await page.locator('[data-testid="cohort-unreadable"] li').allInnerTexts();
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]).toMatch(new RegExp(`^PACS/.*/${spare.sop.replace(/\./g, '\\.')}\\.dcm: \\S`));
  }, 120_000);

  it('draws the waterfall and spider plots of the chosen criterion, titled with it', async () => {
    const { page } = session;
    const titleOf = async (plot: string) => {
      await page.locator(`[data-testid="${plot}"][data-state="drawn"] svg`).waitFor({ timeout: 30_000 });
      return page.locator(`[data-testid="${plot}"] svg .role-title-text`).first().textContent();
    };
    expect(await titleOf('cohort-waterfall')).toContain('RECIST 1.1: best change of the sum of diameters per patient');
    expect(await titleOf('cohort-spider')).toContain('RECIST 1.1: change of the sum of diameters from baseline over time');
    // the axes, the threshold lines' labels and the plotted patient, as SVG text
    const waterfallText = await page.locator('[data-testid="cohort-waterfall"] svg').textContent();
    for (const text of ['Best change from baseline (%)', 'Patient', '-30 %', '+20 %', 'NADIR-P042']) expect(waterfallText).toContain(text);
    expect(waterfallText).not.toContain(PHANTOM.patientId);
    const options = await page.locator('[data-testid="cohort-criterion"] option').evaluateAll((items) => items.map((item) => (item as HTMLOptionElement).value));
    expect(options.length).toBeGreaterThan(1);
    await page.locator('[data-testid="cohort-criterion"]').selectOption('WHO');
    await expect.poll(() => page.locator('[data-testid="cohort-waterfall"] svg .role-title-text').first().textContent(), { timeout: 30_000 }).toContain('WHO: best change of the sum of products');
    expect(await page.locator('[data-testid="cohort-waterfall"] svg').textContent()).toContain('-50 %');
    await page.locator('[data-testid="cohort-criterion"]').selectOption('RECIST1.1');
    await page.locator('[data-testid="cohort-waterfall"][data-state="drawn"]').waitFor();
  }, 60_000);

  it('lays out at 1024×768, 1280×800 and 1920×1080', async () => {
    const { page } = session;
    for (const [width, height] of [
      [1024, 768],
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      // neither the table nor anything else (a long file name) needs horizontal scrolling
      const overflow = await page.locator('[data-testid="cohort-table"]').evaluate((table) => table.scrollWidth - (table.parentElement?.clientWidth ?? 0));
      expect(overflow, `${width}×${height}`).toBeLessThanOrEqual(0);
      const viewOverflow = await page.locator('[data-testid="cohort-view"]').evaluate((view) => view.scrollWidth - view.clientWidth);
      expect(viewOverflow, `${width}×${height}`).toBeLessThanOrEqual(0);
      await page.locator('[data-testid="cohort-view"]').evaluate((element) => element.scrollTo(0, 0));
      await page.screenshot({ path: `${artifacts}cohort-view-${width}x${height}.png` });
      await page.locator('[data-testid="cohort-spider"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${artifacts}cohort-view-plots-${width}x${height}.png` });
    }
  }, 60_000);

  it('stops retrieving the SRs when the view is left', async () => {
    const { page } = session;
    await page.locator('[data-testid="cohort-close"]').click();
    // each SR's retrieval answered after 2 s: the view is left while the first are on the wire
    const asked: string[] = [];
    const instance = /\/instances\/[\d.]+$/;
    page.on('request', (request) => instance.test(request.url()) && asked.push(request.url()));
    await page.route(instance, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await route.continue().catch(() => undefined);
    });
    await page.locator('[data-testid="open-cohort"]').click();
    await page.locator('[data-testid="cohort-progress"]', { hasText: 'Retrieving the SRs' }).waitFor();
    await expect.poll(() => asked.length, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.locator('[data-testid="cohort-close"]').click();
    const whenLeft = asked.length;
    await page.waitForTimeout(4_000);
    // without cancellation the next SRs would be asked for as the first answers arrive (the client asks 6 at a time; the PACS holds more)
    expect(whenLeft).toBeLessThanOrEqual(6);
    expect(asked.length).toBe(whenLeft);
    await page.unroute(instance);
  }, 60_000);

  it('opens the phantom from its row as the start screen opens a PACS patient', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator('[data-testid="open-cohort"]').click();
    await page.locator('[data-testid="cohort-result"]').waitFor({ timeout: 90_000 });
    await page.locator(`[data-testid="cohort-row"][data-patient-id="${PHANTOM.patientId}"] [data-testid="cohort-open"]`).click();
    await page.locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 90_000 });
    expect(await page.locator('[data-testid="cohort-view"]').count()).toBe(0);
    // the adjudicator's screen, with both readers' reads of the patient
    await page.locator('[data-testid="adjudicator-panel"]').waitFor();
    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
