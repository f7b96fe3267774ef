import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { deleteSeries, srSeriesOf as srSeriesIn } from '../pacs/orthanc';
import { readAdjudicationReport } from '../../src/dicom/sr/adjudicationReport';
import type { ReadSession } from '../../workers/read/model';
import { dciodvfy, dsrdump } from '../dicomValidators';
import { disagreeingPhantomRead, phantomRead } from '../fixtures/phantomRead';
import { PHANTOM } from '../pacs/fixtures';
import { openBrowser, type BrowserSession } from './browser';
import { calipers, goToLargestSlice, startPhantomRead, studyTruth, waitForSave } from './phantom';

// Blinded double read and adjudication through the PACS (issue 15 §2, §3), in real Chromium against
// the production build and the test Orthanc: two readers in two browser profiles sign reads of the
// phantom that differ at FU1; each reader is offered only their own read from the PACS; an adjudicator
// sees the disagreement, resolves it with a reason and signs; the adjudication SR is in Orthanc.

const ANN = 'Dr Ann Reader';
const BEN = 'Dr Ben Reader';
const ADA = 'Dr Ada Judge';
const REASON = 'B measured L1 and L2 on FU1 along their true long axes';
const artifacts = new URL('./artifacts/', import.meta.url).pathname;
const READ = phantomRead();
const CT_STUDIES = READ.timepoints.map((timepoint) => timepoint.studyInstanceUid);

const exportFile = (read: ReadSession) => JSON.stringify({ format: 'nadir-read', version: 1, exportedAt: null, input: {}, output: null, read });

/** Opens every study of the phantom from the PACS (SRs included) and waits until all have arrived. */
async function openFromPacs(page: Page, name: string, role: 'reader' | 'adjudicator'): Promise<void> {
  await page.goto(inject('baseUrl'));
  await page.locator('[data-testid="dicomweb-patient-id"]').fill(PHANTOM.patientId);
  await page.locator('[data-testid="dicomweb-search"]').click();
  await page.locator('[data-testid="dicomweb-open-patient"]').click();
  await page.locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 90_000 });
  await page.locator('[data-testid="reader-name"]').fill(name);
  await page.locator(`[data-testid="role-${role}"]`).check();
  await page.locator('[data-testid="reader-start"]').click();
  await page.locator('[data-testid="loading"]').waitFor({ state: 'detached', timeout: 120_000 });
}

/** Imports a read (JSON), signs it as its reader and stores its SRs in the PACS. */
async function readAndSign(page: Page, dir: string, read: ReadSession): Promise<void> {
  const path = join(dir, `${read.readerName.replace(/\W+/g, '-')}.json`);
  writeFileSync(path, exportFile(read));
  const saved = Number(await page.locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));
  await page.locator('[data-testid="import-read"]').setInputFiles(path);
  await page.locator('[data-testid="import-review"][data-state="confirm"]').waitFor();
  await page.locator('[data-testid="import-replace"]').click();
  await waitForSave(page, saved);
  await page.locator('[data-testid="response-panel"][data-state="done"]').waitFor();
  await page.locator('[data-testid="sign-open"]').click();
  await page.locator('[data-testid="sign-name"]').fill(read.readerName);
  await page.locator('[data-testid="sign-meaning"]').check();
  await page.locator('[data-testid="sign-submit"]').click();
  await page.locator('[data-testid="exchange-notice"]', { hasText: 'Signed. Stored 3 DICOM SRs in the PACS' }).waitFor({ timeout: 60_000 });
}

describe('blinded double read and adjudication through the PACS', () => {
  const sessions: BrowserSession[] = [];
  let dir: string;
  const orthanc = () => `http://127.0.0.1:${inject('pacs').orthancPort}`;
  const srSeriesOf = (studyUid: string) => srSeriesIn(inject('pacs').orthancPort, studyUid);
  const before = new Map<string, string[]>();
  const browser = async () => {
    const session = await openBrowser();
    sessions.push(session);
    return session.page;
  };

  beforeAll(async () => {
    if (inject('pacs').orthancPort === 0) throw new Error(`the test PACS did not start: ${inject('pacs').error}`);
    mkdirSync(artifacts, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'nadir-double-'));
    for (const study of CT_STUDIES) before.set(study, await srSeriesOf(study));
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await sessions.at(-1)?.page.screenshot({ path: `${artifacts}double-read-failure.png` });
  });

  afterAll(async () => {
    for (const session of sessions) await session.close();
    rmSync(dir, { recursive: true, force: true });
    // the SR series this test stored go again: other files count the SR series of these studies
    for (const study of CT_STUDIES) {
      for (const series of (await srSeriesOf(study).catch(() => [])).filter((uid) => !before.get(study)?.includes(uid))) await deleteSeries(inject('pacs').orthancPort, series);
    }
  });

  it('reader A reads and signs; her SRs go to the PACS', async () => {
    const page = await browser();
    await startPhantomRead(page, inject('baseUrl'), ANN);
    await readAndSign(page, dir, { ...READ, readerName: ANN });
    for (const study of CT_STUDIES) expect((await srSeriesOf(study)).length, study).toBe(before.get(study)!.length + 1);
  }, 240_000);

  it('reader B, in another profile, opens the patient from the PACS and sees nothing of A’s read; then reads and signs his own', async () => {
    const page = await browser();
    await openFromPacs(page, BEN, 'reader');
    await page.locator('[data-testid="response-panel"]').waitFor();
    // A's SRs arrived with the studies, yet nothing of them is offered or shown: no read, no lesion, no verdict
    await page.waitForTimeout(2_000);
    expect(await page.locator('[data-testid="sr-read"]').count()).toBe(0);
    expect(await page.locator('[data-testid="lesion-row"]').count()).toBe(0);
    expect(await page.locator('[data-testid^="response-RECIST1.1-"]').count()).toBe(0);
    await readAndSign(page, dir, disagreeingPhantomRead(BEN));
  }, 300_000);

  it('each reader, in a fresh profile, is offered only their own read from the PACS though both are there', async () => {
    const page = await browser();
    await openFromPacs(page, ANN, 'reader');
    await page.locator('[data-testid="sr-read"]').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1_000);
    expect(await page.locator('[data-testid="sr-read"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-reader')))).toEqual([ANN]);
    expect(await page.locator('[data-testid="lesion-row"]').count()).toBe(0);
  }, 240_000);

  it('the adjudicator sees where the reads disagree: FU1 by RECIST 1.1 (SD against PR), best response, calipers side by side', async () => {
    const page = await browser();
    await openFromPacs(page, ADA, 'adjudicator');
    await page.locator('[data-testid="adjudication"][data-state="compared"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="adjudication-read-A"]').inputValue()).toBe(ANN);
    expect(await page.locator('[data-testid="adjudication-read-B"]').inputValue()).toBe(BEN);
    expect(Number(await page.locator('[data-testid="adjudication-summary"]').getAttribute('data-disagreements'))).toBeGreaterThan(0);
    const recist = page.locator('[data-testid="adjudication-RECIST1.1"]');
    expect(await recist.getAttribute('data-agrees')).toBe('false');
    const cells = async (row: string) => recist.locator(`[data-row="${row}"] td`).allInnerTexts();
    expect(await cells('overall-FU1')).toEqual(['SD', 'PR', 'DISAGREE']);
    expect(await cells('overall-FU2')).toEqual(['PD', 'PD', 'agree']);
    expect(await cells('best')).toEqual(['SD', 'PR', 'DISAGREE']);
    expect((await cells('first-pd'))[2]).toBe('agree');
    expect(await page.locator('[data-testid="adjudication-targets"]').innerText()).toContain('Only A: none. Only B: none.');
    const l1 = page.locator('[data-testid="adjudication-measurement"][data-lesion="L1"][data-timepoint="FU1"][data-part="whole"] td');
    expect(await l1.allInnerTexts()).toEqual(['FU1', 'whole, long axis', '39 mm', '23.4 mm', '-15.6 mm']);

    // both reads' calipers on the images, FU1 as the follow-up: A's L1 39 mm and B's 23.4 mm, locked, in the reads' colours
    const fu1 = studyTruth('02-fu1-ct');
    await page.locator('[data-testid="timepoint"]', { hasText: fu1.study.date }).filter({ hasText: 'CT' }).locator('[data-testid="choose-follow-up"]').check();
    // lesion ids of a read rebuilt from SR are its tracking UIDs: the keys are counted per read
    const perRead = async () => {
      const keys = (await calipers(page, 'follow-up')).map((caliper) => caliper.key);
      return [keys.filter((key) => key.startsWith('adjudication-A-')).length, keys.filter((key) => key.startsWith('adjudication-B-')).length];
    };
    await expect.poll(perRead, { timeout: 30_000 }).toEqual([5, 5]);
    await goToLargestSlice(page, 'follow-up', fu1, fu1.lesions.find((lesion) => lesion.id === 'L1')!);
    const labels = page.locator('[data-testid="viewport-panel-follow-up"] [data-testid="measurement-label"]');
    await expect.poll(() => labels.filter({ hasText: 'B L1 23.4' }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await labels.filter({ hasText: 'B L1 23.4' }).first().getAttribute('class')).toContain('read-b');
    expect(await labels.filter({ hasText: 'A L1 39.0' }).first().getAttribute('class')).toContain('read-a');
  }, 240_000);

  it('refuses to sign before every disagreement is decided with a reason, then signs and stores the adjudication SR', async () => {
    const page = sessions.at(-1)!.page;
    await page.locator('[data-testid="adjudication-sign-name"]').fill(ADA);
    await page.locator('[data-testid="adjudication-sign-meaning"]').check();
    await page.locator('[data-testid="adjudication-sign-submit"]').click();
    await page.locator('[data-testid="adjudication-problems"]', { hasText: 'RECIST 1.1: Choose a read for every criterion on which the readers disagree.' }).waitFor();
    const disagreeing = await page.locator('[data-testid^="adjudication-"][data-agrees="false"]').evaluateAll((sections) => sections.map((section) => section.getAttribute('data-testid')!.replace('adjudication-', '')));
    for (const criterion of disagreeing) await page.locator(`[data-testid="choose-${criterion}-B"]`).check();
    await page.locator('[data-testid="adjudication-sign-submit"]').click();
    await page.locator('[data-testid="adjudication-problems"]', { hasText: 'RECIST 1.1: Say why you chose that read.' }).waitFor();
    for (const criterion of disagreeing) await page.locator(`[data-testid="reason-${criterion}"]`).fill(REASON);
    await page.locator('[data-testid="adjudication-sign-name"]').fill(ANN);
    await page.locator('[data-testid="adjudication-sign-submit"]').click();
    await page.locator('[data-testid="adjudication-problems"]', { hasText: 'the name typed is not the adjudicator’s' }).waitFor();
    await page.locator('[data-testid="adjudication-sign-name"]').fill(ADA);
    const fu2Study = CT_STUDIES[2]!;
    const seriesBefore = await srSeriesOf(fu2Study);
    await page.locator('[data-testid="adjudication-sign-submit"]').click();
    await page.locator('[data-testid="adjudication-notice"][data-kind="info"]', { hasText: 'Signed. Stored the adjudication SR in the PACS' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="adjudication-status"]').innerText()).toContain(`Adjudication signed by ${ADA}`);

    // the adjudication SR is in Orthanc, in the latest CT study: checked as a file
    const added = (await srSeriesOf(fu2Study)).filter((uid) => !seriesBefore.includes(uid));
    expect(added).toHaveLength(1);
    const [series] = (await (await fetch(`${orthanc()}/tools/lookup`, { method: 'POST', body: added[0] })).json()) as { ID: string }[];
    const [instance] = (await (await fetch(`${orthanc()}/series/${series!.ID}/instances`)).json()) as { ID: string }[];
    const bytes = await (await fetch(`${orthanc()}/instances/${instance!.ID}/file`)).arrayBuffer();
    const path = join(dir, 'adjudication.dcm');
    writeFileSync(path, new Uint8Array(bytes));
    const checked = dciodvfy(path);
    expect(checked.errors, checked.summary).toEqual([]);
    const dumped = dsrdump(path);
    expect(dumped.status, dumped.stderr).toBe(0);
    expect(dumped.stdout).toContain(`Person Observer Name")="${ADA}^"`);
    const read = readAdjudicationReport(readFileSync(path).buffer)!;
    expect(read.adjudicator).toBe(ADA);
    expect([read.readers.A.name, read.readers.B.name]).toEqual([ANN, BEN]);
    expect(read.readers.A.srInstances).toHaveLength(3);
    expect(read.readers.B.srInstances).toHaveLength(3);
    const recist = read.criteria.find((criterion) => criterion.criterion === 'RECIST1.1')!;
    expect(recist.source).toEqual({ kind: 'chosen', read: 'B', reader: BEN, reason: REASON });
    expect(recist.timepoints.map((timepoint) => [timepoint.timepoint, timepoint.overallResponse])).toEqual([
      ['FU1', 'PR'],
      ['FU2', 'PD'],
    ]);
    expect(recist.bestOverallResponse).toBe('PR');
  }, 120_000);

  it('lays out the adjudication view at 1024×768, 1280×800 and 1920×1080', async () => {
    const page = sessions.at(-1)!.page;
    for (const [width, height] of [
      [1024, 768],
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.locator('[data-testid="adjudication"]').evaluate((element) => element.scrollTo(0, 0));
      // nothing wider than the view: no horizontal scrolling of the tables
      const overflow = await page.locator('[data-testid="adjudication"]').evaluate((element) => element.scrollWidth - element.clientWidth);
      expect(overflow, `${width}×${height}`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${artifacts}adjudication-${width}x${height}.png` });
    }
    await page.locator('[data-testid="adjudication-viewports"]').screenshot({ path: `${artifacts}adjudication-viewports-1920x1080.png` });
    await page.locator('[data-testid="adjudication-lesions"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artifacts}adjudication-lesions-1920x1080.png` });
    for (const session of sessions) expect(session.pageErrors).toEqual([]);
  }, 60_000);
});
