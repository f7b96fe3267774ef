import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { deleteSeries, srSeriesOf as srSeriesIn } from '../pacs/orthanc';
import { phantomRead } from '../fixtures/phantomRead';
import { downloadsOf, openBrowser, type BrowserSession } from './browser';
import { sideColumnProblems } from './layout';
import { startPhantomRead, waitForSave } from './phantom';

// Sign-off, lock, amendment with a reason, and the audit trail with its CSV (issue 15 §1), in real
// Chromium against the production build; signing stores the SRs in the test Orthanc (STOW-RS).

const READER = 'Dr Sign Reader';
const REASON = 'NT1 seen again on the thinner series, recorded as a second non-target';
const MEANING = 'I read this patient per protocol';
const artifacts = new URL('./artifacts/', import.meta.url).pathname;
const CT_STUDIES = phantomRead().timepoints.map((timepoint) => timepoint.studyInstanceUid);

/** RFC 4180 CSV (quoted cells, CRLF, a BOM first) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index]!;
    if (quoted && char === '"' && body[index + 1] === '"') {
      cell += '"';
      index += 1;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && char === '\r' && body[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index += 1;
    } else {
      cell += char;
    }
  }
  return rows;
}

describe('signing a read, its lock, an amendment and the audit trail', () => {
  let session: BrowserSession;
  let dir: string;
  const page = () => session.page;
  const orthanc = () => `http://127.0.0.1:${inject('pacs').orthancPort}`;
  const srSeriesOf = (studyUid: string) => srSeriesIn(inject('pacs').orthancPort, studyUid);
  const before = new Map<string, string[]>();
  const revision = async () => Number(await page().locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));
  const status = () => page().locator('[data-testid="sign-off"]');

  beforeAll(async () => {
    if (inject('pacs').orthancPort === 0) throw new Error(`the test PACS did not start: ${inject('pacs').error}`);
    mkdirSync(artifacts, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'nadir-sign-'));
    writeFileSync(join(dir, 'read.json'), JSON.stringify({ format: 'nadir-read', version: 1, exportedAt: null, input: {}, output: null, read: { ...phantomRead(), readerName: READER } }));
    for (const study of CT_STUDIES) before.set(study, await srSeriesOf(study));
    session = await openBrowser();
    await startPhantomRead(page(), inject('baseUrl'), READER);
    const saved = await revision();
    await page().locator('[data-testid="import-read"]').setInputFiles(join(dir, 'read.json'));
    await page().locator('[data-testid="import-review"][data-state="confirm"]').waitFor();
    await page().locator('[data-testid="import-replace"]').click();
    await waitForSave(page(), saved);
    await page().locator('[data-testid="response-panel"][data-state="done"]').waitFor();
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await page().screenshot({ path: `${artifacts}sign-off-failure.png` });
  });

  afterAll(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
    // the SR series this test stored go again: other files count the SR series of these studies
    for (const study of CT_STUDIES) {
      for (const series of (await srSeriesOf(study).catch(() => [])).filter((uid) => !before.get(study)?.includes(uid))) await deleteSeries(inject('pacs').orthancPort, series);
    }
  });

  it('refuses a signature without the reader’s own name or its meaning, and signs with both: time recorded, SRs stored in the PACS', async () => {
    expect(await status().getAttribute('data-status')).toBe('inProgress');
    await page().locator('[data-testid="sign-open"]').click();
    await page().locator('[data-testid="sign-name"]').fill('Dr Somebody Else');
    await page().locator('[data-testid="sign-meaning"]').check();
    await page().locator('[data-testid="sign-submit"]').click();
    await page().locator('[data-testid="sign-problem"]', { hasText: 'Only the reader of this read can sign it' }).waitFor();
    await page().locator('[data-testid="sign-name"]').fill(READER);
    await page().locator('[data-testid="sign-meaning"]').uncheck();
    await page().locator('[data-testid="sign-submit"]').click();
    await page().locator('[data-testid="sign-problem"]', { hasText: 'Choose what your signature means.' }).waitFor();
    expect(await status().getAttribute('data-status')).toBe('inProgress');

    const saved = await revision();
    const startedAt = Date.now();
    await page().locator('[data-testid="sign-meaning"]').check();
    expect(await page().locator('[data-testid="sign-store"]').isChecked()).toBe(true);
    await page().locator('[data-testid="sign-submit"]').click();
    await page().locator('[data-testid="sign-off"][data-status="signed"]').waitFor();
    await page().locator('[data-testid="exchange-notice"]', { hasText: 'Signed. Stored 3 DICOM SRs in the PACS' }).waitFor({ timeout: 30_000 });
    expect(await revision()).toBe(saved + 1);
    const text = await page().locator('[data-testid="sign-status"]').innerText();
    expect(text).toContain(`Status: signed by ${READER}`);
    expect(text).toContain(`“${MEANING}”`);
    const signedAt = Date.parse(`${/(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/.exec(text)![1]!.replace(' ', 'T')}Z`);
    expect(Math.abs(signedAt - startedAt)).toBeLessThan(60_000);
    for (const study of CT_STUDIES) expect((await srSeriesOf(study)).length, study).toBe(before.get(study)!.length + 1);
    // the stored SR says who signed it and when (SR Document General: Verifying Observer)
    const study = CT_STUDIES[0]!;
    const series = (await srSeriesOf(study)).find((uid) => !before.get(study)!.includes(uid))!;
    type Tagged = Record<string, { Value?: unknown[] }>;
    const [metadata] = (await (await fetch(`${orthanc()}/dicom-web/studies/${study}/series/${series}/metadata`)).json()) as Tagged[];
    expect(metadata!['0040A493']?.Value).toEqual(['VERIFIED']);
    const observer = metadata!['0040A073']?.Value?.[0] as Tagged;
    expect(observer['0040A075']?.Value).toEqual([{ Alphabetic: `${READER}^` }]);
    const verifiedAt = String(observer['0040A030']?.Value?.[0]);
    expect(verifiedAt.slice(0, 14)).toBe(`${/(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/.exec(text)![1]!.replace(/[- :]/g, '')}`);
  });

  it('locks the signed read: no tool, no editor, no import; undo and the keys change nothing', async () => {
    await page().locator('[data-testid="read-locked"]').waitFor();
    for (const control of ['add-target', 'add-nontarget', 'mode-whole', 'import-read', 'import-sr', 'carry-forward', 'sign-open']) {
      expect(await page().locator(`[data-testid="${control}"]`).count(), control).toBe(0);
    }
    await page().locator('[data-testid="lesion-row"]').first().click();
    expect(await page().locator('[data-testid="lesion-editor"]').count()).toBe(0);
    const saved = await revision();
    const undo = page().getByRole('button', { name: 'Undo' });
    expect(await undo.isDisabled()).toBe(true);
    await page().keyboard.press('Control+z');
    await page().keyboard.press('b');
    await page().keyboard.press('f');
    expect(await revision()).toBe(saved);
    expect(await page().locator('[data-testid="mode-windowLevel"]').count()).toBe(0);
  });

  it('amends only with a reason, keeps the signed version, takes a change, and is signed again as amendment 1', async () => {
    await page().locator('[data-testid="amend-open"]').click();
    await page().locator('[data-testid="amend-submit"]').click();
    await page().locator('[data-testid="sign-problem"]', { hasText: 'Say why the read is amended.' }).waitFor();
    await page().locator('[data-testid="amend-reason"]').fill(REASON);
    await page().locator('[data-testid="amend-submit"]').click();
    await page().locator('[data-testid="sign-off"][data-status="amending"]').waitFor();
    expect(await page().locator('[data-testid="sign-status"]').innerText()).toContain(`Status: amendment 1 in progress since`);
    expect(await page().locator('[data-testid="read-locked"]').count()).toBe(0);
    await page().locator('[data-testid="versions"] summary').click();
    expect(await page().locator('[data-testid="version"]').first().innerText()).toContain(`before the amendment 1 (${REASON})`);

    const lesionsBefore = await page().locator('[data-testid="lesion-row"]').count();
    const saved = await revision();
    await page().locator('[data-testid="add-nontarget"]').click();
    await waitForSave(page(), saved);
    expect(await page().locator('[data-testid="lesion-row"]').count()).toBe(lesionsBefore + 1);

    await page().locator('[data-testid="sign-open"]').click();
    await page().locator('[data-testid="sign-name"]').fill(READER);
    await page().locator('[data-testid="sign-meaning"]').check();
    await page().locator('[data-testid="sign-submit"]').click();
    await page().locator('[data-testid="sign-off"][data-status="signed"]').waitFor();
    expect(await page().locator('[data-testid="sign-status"]').innerText()).toContain('Status: signed (amendment 1) by');
    await page().locator('[data-testid="exchange-notice"]', { hasText: 'Signed. Stored 3 DICOM SRs' }).waitFor({ timeout: 30_000 });
    await page().locator('[data-testid="read-locked"]').waitFor();
  });

  it('shows the audit trail (who, when, what, old → new, why) and exports it as CSV', async () => {
    await page().locator('[data-testid="audit-trail"] summary').click();
    await page().locator('[data-testid="audit-table"]').waitFor();
    const actions = await page().locator('[data-testid="audit-row"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
    // newest first; a gesture writes a row per field it changed
    const steps = actions.filter((action, index) => action !== actions[index - 1]);
    expect(steps.slice(0, 3)).toEqual(['sign', 'gesture', 'amend']);
    expect(actions.filter((action) => action === 'sign')).toHaveLength(2);
    const amendRow = page().locator('[data-testid="audit-row"][data-action="amend"]');
    expect(await amendRow.innerText()).toContain(REASON);
    expect(await amendRow.innerText()).toContain('"signed" → "amendment 1 in progress"');
    // the lesion the amendment added, field by field (its first fields; the CSV has the whole JSON)
    const added = page().locator('[data-testid="audit-row"][data-action="gesture"]', { hasText: 'label: ' });
    expect(await added.innerText()).toMatch(/label: — → "L\d+"/);
    expect(await amendRow.innerText()).toContain(READER);

    const [path] = await downloadsOf(page(), 1, dir, () => page().locator('[data-testid="export-audit"]').click());
    expect(path).toMatch(/-audit\.csv$/);
    const [header, ...rows] = parseCsv(readFileSync(path!, 'utf8'));
    expect(header).toEqual(['read_id', 'revision', 'at_utc', 'who', 'action', 'field', 'old_value', 'new_value', 'why']);
    const cell = (row: string[], column: string) => row[header!.indexOf(column)]!;
    const statusRows = rows.filter((row) => cell(row, 'field') === 'status');
    expect(statusRows.map((row) => [cell(row, 'action'), cell(row, 'old_value'), cell(row, 'new_value'), cell(row, 'why'), cell(row, 'who')])).toEqual([
      ['signed', '"in progress"', '"signed"', MEANING, READER],
      ['amended', '"signed"', '"amendment 1 in progress"', REASON, READER],
      ['signed', '"amendment 1 in progress"', '"signed (amendment 1)"', MEANING, READER],
    ]);
    // the change made during the amendment carries its reason; those before the first signature none
    const amendedAt = rows.indexOf(statusRows[1]!);
    const during = rows.slice(amendedAt + 1, rows.indexOf(statusRows[2]!));
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((row) => cell(row, 'why') === REASON && cell(row, 'action') !== '')).toBe(true);
    expect(rows.slice(0, rows.indexOf(statusRows[0]!)).every((row) => cell(row, 'why') === '')).toBe(true);
    expect(rows.map((row) => Number(cell(row, 'revision')))).toEqual([...rows.map((row) => Number(cell(row, 'revision')))].sort((a, b) => a - b));
  });

  it('lays out the sign-off and the audit trail without clipping at 1024×768, 1280×800 and 1920×1080', async () => {
    for (const [width, height] of [
      [1024, 768],
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page().setViewportSize({ width, height });
      await page().locator('[data-testid="sign-off"]').scrollIntoViewIfNeeded();
      expect(await sideColumnProblems(page()), `${width}×${height}`).toEqual([]);
      await page().screenshot({ path: `${artifacts}sign-off-${width}x${height}.png` });
      await page().locator('[data-testid="sign-off"]').screenshot({ path: `${artifacts}sign-off-${width}x${height}-panel.png` });
    }
    await page().setViewportSize({ width: 1280, height: 900 });
  });
});
