import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { nadirReadsIn } from '../../src/dicom/sr/nadirReads';
import { referenceReadAmong } from '../../src/dicom/sr/referenceReport';
import { dciodvfy, dsrdump } from '../dicomValidators';
import { phantomRead } from '../fixtures/phantomRead';
import { PHANTOM } from '../pacs/fixtures';
import { downloadsOf, openBrowser, type BrowserSession } from './browser';
import { waitForSave } from './phantom';

// A teacher marks their read of the phantom as the case's reference in the app (issue 16 §1): the
// reference SRs are downloaded (for a case kept as files) and stored in the test Orthanc, checked by
// dsrdump and dciodvfy, the audit trail names the act, and a learner's quiz of the PACS patient is
// then compared with this reference, whose existence the quiz's timepoint list does not reveal.

const TEACHER = 'Dr Tess Teacher';
const LEARNER = 'Lee Learner';
const SIZES = [[1024, 768], [1280, 800], [1920, 1080]] as const;
const artifacts = new URL('./artifacts/mark-reference/', import.meta.url).pathname;
const READ = { ...phantomRead(), readerName: TEACHER };
const bytesOf = (path: string) => {
  const bytes = readFileSync(path);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
};

/** Opens every study of the phantom from the PACS, as a quiz or not, as `name`, and waits until all have arrived. */
async function openFromPacs(page: Page, name: string, as: 'read' | 'quiz'): Promise<void> {
  await page.goto(inject('baseUrl'));
  await page.locator('[data-testid="dicomweb-patient-id"]').fill(PHANTOM.patientId);
  await page.locator('[data-testid="dicomweb-search"]').click();
  await page.locator(`[data-testid="${as === 'quiz' ? 'dicomweb-quiz' : 'dicomweb-open-patient'}"]`).click({ timeout: 30_000 });
  await page.locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 90_000 });
  await page.locator('[data-testid="reader-name"]').fill(name);
  await page.locator('[data-testid="reader-start"]').click();
  await page.locator('[data-testid="loading"]').waitFor({ state: 'detached', timeout: 120_000 });
}

describe('a teacher marks a read as the case reference in the app', () => {
  const sessions: BrowserSession[] = [];
  let dir: string;
  const orthanc = () => `http://127.0.0.1:${inject('pacs').orthancPort}`;
  const referenceSeries = async () =>
    ((await (await fetch(`${orthanc()}/series?expand`)).json()) as { ID: string; MainDicomTags: { SeriesNumber?: string; Modality?: string; SeriesDescription?: string } }[]).filter(
      (entry) => entry.MainDicomTags.Modality === 'SR' && ['9201', '9202'].includes(entry.MainDicomTags.SeriesNumber ?? ''),
    );
  const browser = async () => {
    const session = await openBrowser();
    sessions.push(session);
    return session.page;
  };

  beforeAll(async () => {
    if (inject('pacs').orthancPort === 0) throw new Error(`the test PACS did not start: ${inject('pacs').error}`);
    mkdirSync(artifacts, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'nadir-mark-reference-'));
    // no reference of the phantom yet (another file's, had it stayed, would not be this teacher's)
    expect((await referenceSeries()).map((entry) => entry.MainDicomTags.SeriesDescription)).toEqual([]);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await sessions.at(-1)?.page.screenshot({ path: `${artifacts}failure.png` });
  });

  afterAll(async () => {
    for (const session of sessions) await session.close();
    rmSync(dir, { recursive: true, force: true });
    // the reference and quiz-read series go again: other files find the phantom's studies as the global setup left them
    for (const entry of await referenceSeries().catch(() => [])) await fetch(`${orthanc()}/series/${entry.ID}`, { method: 'DELETE' });
  });

  it('downloads the read as reference SRs that validate and read back as the reference, and audits it', async () => {
    const page = await browser();
    await openFromPacs(page, TEACHER, 'read');
    const path = join(dir, 'teacher.json');
    writeFileSync(path, JSON.stringify({ format: 'nadir-read', version: 1, exportedAt: null, input: {}, output: null, read: READ }));
    const saved = Number(await page.locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));
    await page.locator('[data-testid="import-read"]').setInputFiles(path);
    await page.locator('[data-testid="import-review"][data-state="confirm"]').waitFor();
    await page.locator('[data-testid="import-replace"]').click();
    await waitForSave(page, saved);
    await page.locator('[data-testid="response-panel"][data-state="done"]').waitFor();

    const panel = page.locator('[data-testid="mark-reference"]');
    await panel.locator('summary').click();
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      await panel.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${artifacts}panel-${width}x${height}.png` });
      // both buttons whole, on one line each, inside the panel
      for (const id of ['reference-store', 'reference-download']) {
        const button = page.locator(`[data-testid="${id}"]`);
        expect(await button.evaluate((element) => element.scrollWidth <= element.clientWidth && element.getBoundingClientRect().height < 40)).toBe(true);
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    const files = await downloadsOf(page, 3, dir, () => page.locator('[data-testid="reference-download"]').click());
    const downloaded = page.locator('[data-testid="exchange-notice"]', { hasText: 'Downloaded the reference read' });
    await downloaded.waitFor();
    expect(await downloaded.innerText()).toBe(
      `Downloaded the reference read of ${PHANTOM.patientId} (BL, FU1, FU2): put the files in the case's reference-read/ folder to quiz it from files.`,
    );
    for (const file of files) {
      expect(dciodvfy(file).errors).toEqual([]);
      const dump = dsrdump(file);
      expect(dump.status).toBe(0);
      expect(dump.stdout).toContain('Reference read of a teaching case');
      expect(dump.stdout).toContain(`Person Observer Name")="${TEACHER}`);
    }
    // what a quiz from these files takes: the teacher's read, whole
    const outcome = referenceReadAmong(nadirReadsIn(files.map((file) => ({ name: file, bytes: bytesOf(file) }))), PHANTOM.patientId);
    expect(outcome.ok && { reader: outcome.readerName, lesions: outcome.read.lesions.map((lesion) => lesion.label) }).toEqual({ reader: TEACHER, lesions: READ.lesions.map((lesion) => lesion.label) });

    await page.locator('[data-testid="audit-trail"] summary').click();
    const row = page.locator('[data-testid="audit-row"][data-action="markReference"]');
    await row.waitFor();
    expect(await row.innerText()).toContain('marked as the reference');
    expect(await row.innerText()).toContain('downloaded');
  }, 300_000);

  it('stores it in the PACS as the reference, audited with where it went', async () => {
    const page = sessions[0]!.page;
    await page.locator('[data-testid="reference-store"]').click();
    const notice = page.locator('[data-testid="exchange-notice"]', { hasText: 'Stored as the reference read' });
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.innerText()).toMatch(/^Stored as the reference read of PHANTOM-NET-01 in the PACS at .+ \(BL, FU1, FU2\): quizzes of this patient from the PACS now compare with it\.$/);
    expect((await referenceSeries()).map((entry) => entry.MainDicomTags.SeriesDescription).sort()).toEqual(['Nadir reference read BL', 'Nadir reference read FU1', 'Nadir reference read FU2']);
    const rows = page.locator('[data-testid="audit-row"][data-action="markReference"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-row"][data-action="markReference"]').length === 2);
    expect(await rows.first().innerText()).toContain('PACS at');
  }, 120_000);

  it('a learner’s quiz of the PACS patient is compared with this reference, and its timepoints do not name it', async () => {
    const page = await browser();
    await openFromPacs(page, LEARNER, 'quiz');
    await page.locator('[data-testid="quiz-banner"]').waitFor();
    const timepoints = await page.locator('.timepoint-list').innerText();
    expect(timepoints).toContain('SR: structured report');
    // (the phantom's patient name is NADIR^PHANTOM-NET-01: the series names are what must not show)
    expect(timepoints).not.toMatch(/reference|Nadir (measurement|quiz|adjudication)/i);
    // no marking a learner's read as the reference, before or after submitting
    expect(await page.locator('[data-testid="mark-reference"]').count()).toBe(0);
    await page.locator('[data-testid="quiz-submit"]').click();
    await page.locator('[data-testid="quiz-feedback"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="quiz-feedback"]').innerText()).toContain(TEACHER);
    await page.locator('[data-testid="quiz-back"]').click();
    expect(await page.locator('[data-testid="mark-reference"]').count()).toBe(0);
  }, 300_000);
});
