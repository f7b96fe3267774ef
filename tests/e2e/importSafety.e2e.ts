import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { readPart10, sequence, text, writePart10, type Dataset } from '../../src/dicom/sr/dcmjsFacade';
import { readMeasurementReports } from '../../src/dicom/sr/readMeasurementReports';
import type { ImportRule } from '../../workers/read/importChecks';
import type { Point3 } from '../../workers/read/model';
import { downloadsOf, openBrowser, type BrowserSession } from './browser';
import { corpusDir } from './corpus';
import { srWithHugeUnLength } from './craftDicom';
import { editRow, lesionLabels } from './lesionTable';

/**
 * Imports that cannot lie, text that survives, edits that cannot be lost: a real CT study, a read
 * with non-ASCII text imported from JSON, exported as SR, tampered with dcmjs here, imported again;
 * typing cut off by closing the tab or navigating; two tabs on one read.
 */
const studyDir = `${corpusDir}series/dcmqi_ct-3slice_abdomen`;
const READER = 'Dr Jürgen Müller';
const LABEL = 'Läsion-é1';
const ORGAN = 'foie – segment VIII (dôme)';

const studyFiles = readdirSync(studyDir).filter((name) => name.endsWith('.dcm')).map((name) => join(studyDir, name));
const header = (() => {
  const bytes = readFileSync(studyFiles[0]!);
  const dataset = readPart10(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const numbersOf = (keyword: string) => (dataset[keyword] as (number | string)[]).map(Number);
  return {
    patientId: text(dataset, 'PatientID') ?? '',
    patientName: text(dataset, 'PatientName') ?? '',
    studyUid: text(dataset, 'StudyInstanceUID') ?? '',
    seriesUid: text(dataset, 'SeriesInstanceUID') ?? '',
    sopUid: text(dataset, 'SOPInstanceUID') ?? '',
    date: (text(dataset, 'StudyDate') ?? '').replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3'),
    position: numbersOf('ImagePositionPatient') as unknown as Point3,
    orientation: numbersOf('ImageOrientationPatient'),
    spacing: numbersOf('PixelSpacing'),
  };
})();

/** A point of the image at (column, row), in patient coordinates (PS3.3 C.7.6.2.1.1). */
function onImage(column: number, row: number): Point3 {
  const [r0, r1, r2, c0, c1, c2] = header.orientation as [number, number, number, number, number, number];
  const [rowSpacing, columnSpacing] = header.spacing as [number, number];
  const [x, y, z] = header.position;
  return [x + column * columnSpacing * r0 + row * rowSpacing * c0, y + column * columnSpacing * r1 + row * rowSpacing * c1, z + column * columnSpacing * r2 + row * rowSpacing * c2];
}
const length = (a: Point3, b: Point3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

function readJson(patient: { patientId: string; patientName: string }): string {
  const longAxis = [onImage(200, 200), onImage(240, 230)] as const;
  const shortAxis = [onImage(226, 203), onImage(214, 219)] as const;
  const whole = {
    longAxisMm: length(...longAxis),
    shortAxisMm: length(...shortAxis),
    longAxis,
    shortAxis,
    image: { studyInstanceUid: header.studyUid, seriesInstanceUid: header.seriesUid, sopInstanceUid: header.sopUid, frameNumber: null },
  };
  const read = {
    schemaVersion: 1,
    readId: 'from-json',
    ...patient,
    readerName: READER,
    createdAt: '2026-12-01T10:00:00Z',
    timepoints: [{ studyInstanceUid: header.studyUid, date: header.date, modality: 'CT', sliceThicknessMm: null }],
    lesions: [
      { id: 'lesion-a', label: LABEL, role: 'target', organ: ORGAN, isLymphNode: false, firstStudyUid: header.studyUid, splitFrom: null },
      { id: 'lesion-b', label: 'NT-ü', role: 'nontarget', organ: 'Leber – Segment IVa', isLymphNode: false, firstStudyUid: header.studyUid, splitFrom: null },
    ],
    observations: { [header.studyUid]: { 'lesion-a': { status: 'present', whole, enhancing: { kind: 'notMeasured' }, meanHU: null }, 'lesion-b': { status: 'present', whole: null, enhancing: { kind: 'notMeasured' }, meanHU: null } } },
    criteria: ['RECIST1.1'],
  };
  return JSON.stringify({ format: 'nadir-read', version: 1, exportedAt: '2026-12-01T10:00:00Z', input: null, output: null, read });
}

const savedRevision = async (page: Page) => Number(await page.locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));
async function waitSaved(page: Page, after: number): Promise<void> {
  await page.waitForFunction((revision) => {
    const element = document.querySelector('[data-testid="save-state"]');
    return Number(element?.getAttribute('data-saved-revision')) > revision && element?.getAttribute('data-pending') === '0';
  }, after);
}
const labels = lesionLabels;
/** The label field of the first lesion, in the editor (the row is selected first). */
const firstLabelField = async (page: Page) => (await editRow(page, 0)).locator('input[aria-label="Lesion label"]');

async function openRead(page: Page): Promise<void> {
  await page.goto(inject('baseUrl'));
  await page.locator('[data-testid="open-folder"]').setInputFiles(studyDir);
  await page.locator('[data-testid="save-state"]').or(page.locator('[data-testid="reader-name"]')).waitFor({ timeout: 30_000 });
}

// ---- tampering an SR the app wrote ---------------------------------------------------------------

const concept = (item: Dataset) => String(sequence(item, 'ConceptNameCodeSequence')[0]?.CodeValue ?? '');
const kids = (item: Dataset) => sequence(item, 'ContentSequence');
const groupsOf = (dataset: Dataset) => kids(kids(dataset).find((item) => concept(item) === '126010')!);
const longAxisValue = (dataset: Dataset) => sequence(kids(groupsOf(dataset)[0]!).find((item) => concept(item) === '103339001')!, 'MeasuredValueSequence')[0]!;

function tamper(path: string, out: string, edit: (dataset: Dataset) => void): string {
  const bytes = readFileSync(path);
  const { _fileMeta: _meta, ...dataset } = readPart10(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  edit(dataset);
  writeFileSync(out, Buffer.from(writePart10(dataset, { implementationClassUid: '2.25.1', implementationVersionName: 'TAMPER' })));
  return out;
}

describe('imports that cannot lie, text that survives, edits that cannot be lost', () => {
  let session: BrowserSession;
  let dir: string;
  let srPath: string;
  const page = () => session.page;
  const review = () => page().locator('[data-testid="import-review"]');

  async function expectRefused(paths: string | string[], rules: ImportRule[]): Promise<void> {
    const before = { revision: await savedRevision(page()), labels: await labels(page()) };
    await page().locator('[data-testid="import-sr"]').setInputFiles(paths);
    await page().locator('[data-testid="import-review"][data-state="refused"]').waitFor();
    const found = await page().locator('[data-testid="import-problems"] li').evaluateAll((items) => items.map((item) => item.getAttribute('data-rule')));
    for (const rule of rules) expect(found, rule).toContain(rule);
    await page().locator('[data-testid="import-cancel"]').click();
    expect({ revision: await savedRevision(page()), labels: await labels(page()) }).toEqual(before);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nadir-import-safety-'));
    session = await openBrowser();
    await openRead(page());
    // a name that cannot be a DICOM person name is refused where it is typed
    await page().locator('[data-testid="reader-name"]').fill('Müller^Jürgen');
    await page().locator('[data-testid="reader-name-problem"]').waitFor();
    expect(await page().locator('[data-testid="reader-name-problem"]').innerText()).toContain('cannot contain');
    await page().locator('[data-testid="reader-name"]').fill(READER);
    await page().locator('[data-testid="reader-start"]').click();
    await page().locator('[data-testid="save-state"]').waitFor();
  }, 120_000);

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail' || page().isClosed()) return;
    // what the tab said about its read when the test failed (saved, read-only, not saved)
    const state = await page().locator('[data-testid="save-state"]').innerText().catch(() => 'no save state');
    console.log(`importSafety failure: save state "${state}", page errors ${JSON.stringify(session.pageErrors)}`);
    await page().screenshot({ path: new URL('./artifacts/import-safety-failure.png', import.meta.url).pathname }).catch(() => undefined);
  });

  afterAll(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses another patient\'s JSON read until the reader overrides, then shows the changes before replacing', async () => {
    writeFileSync(join(dir, 'other.json'), readJson({ patientId: 'SOMEONE-ELSE', patientName: 'ROE^RICHARD' }));
    await page().locator('[data-testid="import-read"]').setInputFiles(join(dir, 'other.json'));
    await page().locator('[data-testid="import-review"][data-state="patient"]').waitFor();
    const rules = await page().locator('[data-testid="import-problems"] li').evaluateAll((items) => items.map((item) => item.getAttribute('data-rule')));
    expect(rules.sort()).toEqual(['otherPatientId', 'otherPatientName']);
    await page().locator('[data-testid="import-override"]').click();
    await page().locator('[data-testid="import-review"][data-state="confirm"]').waitFor();
    await page().locator('[data-testid="import-cancel"]').click();
    expect(await labels(page())).toEqual([]);
  });

  it('imports a read with non-ASCII text from JSON after showing what it adds', async () => {
    writeFileSync(join(dir, 'read.json'), readJson({ patientId: header.patientId, patientName: header.patientName }));
    const revision = await savedRevision(page());
    await page().locator('[data-testid="import-read"]').setInputFiles(join(dir, 'read.json'));
    await page().locator('[data-testid="import-review"][data-state="confirm"]').waitFor();
    expect(await page().locator('[data-testid="import-diff"]').innerText()).toContain(`${LABEL}: added (target, ${ORGAN})`);
    await page().locator('[data-testid="import-replace"]').click();
    await waitSaved(page(), revision);
    expect(await labels(page())).toEqual([LABEL, 'NT-ü']);
  });

  it('round-trips the non-ASCII read exactly through SR export and import', async () => {
    await page().locator('[data-testid="response-panel"][data-state="done"]').waitFor();
    srPath = (await downloadsOf(page(), 1, dir, () => page().locator('[data-testid="export-sr"]').click()))[0]!;
    const bytes = readFileSync(srPath);
    const imported = readMeasurementReports([bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)]);
    expect(imported.studies[0]!.readerName).toBe(READER);
    expect(imported.lesions.map((lesion) => [lesion.label, lesion.organ])).toEqual([
      [LABEL, ORGAN],
      ['NT-ü', 'Leber – Segment IVa'],
    ]);
    // imported back into the same read: nothing differs, to the last character and bit
    await page().locator('[data-testid="import-sr"]').setInputFiles(srPath);
    await review().waitFor();
    expect(await review().innerText()).toContain('holds the same read as yours');
    await page().locator('[data-testid="import-cancel"]').click();
  });

  it.each<[string, ImportRule, (dataset: Dataset) => void]>([
    ['text and binary values disagree', 'valueMismatch', (d) => (longAxisValue(d).NumericValue = '99')],
    ['the binary value is removed', 'valueMissing', (d) => delete longAxisValue(d).FloatingPointValue],
    ['cm where mm belongs', 'wrongUnit', (d) => (sequence(longAxisValue(d), 'MeasurementUnitsCodeSequence')[0]!.CodeValue = 'cm')],
    ['−10 mm', 'lengthOutOfRange', (d) => Object.assign(longAxisValue(d), { NumericValue: '-10', FloatingPointValue: -10 })],
    ['1e300 mm', 'lengthOutOfRange', (d) => Object.assign(longAxisValue(d), { NumericValue: '1e300', FloatingPointValue: 1e300 })],
    ['an axis longer than its end points', 'axisLengthMismatch', (d) => Object.assign(longAxisValue(d), { NumericValue: '60', FloatingPointValue: 60 })],
    ['another patient name with the same ID', 'otherPatientName', (d) => (d.PatientName = [{ Alphabetic: 'ROE^RICHARD' }])],
    ['a duplicated measurement group', 'duplicateGroup', (d) => (kids(d).find((item) => concept(item) === '126010')!.ContentSequence as Dataset[]).push(JSON.parse(JSON.stringify(groupsOf(d)[0])) as Dataset)],
  ])('refuses or holds a tampered SR (%s), naming the rule; the read is unchanged', async (name, rule, edit) => {
    const path = tamper(srPath, join(dir, `tampered-${rule}.dcm`), edit);
    if (rule === 'otherPatientName') {
      await page().locator('[data-testid="import-sr"]').setInputFiles(path);
      await page().locator('[data-testid="import-review"][data-state="patient"]').waitFor();
      expect(await page().locator('[data-testid="import-problems"] li').getAttribute('data-rule')).toBe(rule);
      await page().locator('[data-testid="import-cancel"]').click();
    } else await expectRefused(path, [rule]);
  });

  it('names another patient\'s SR among several files instead of skipping it', async () => {
    const other = tamper(srPath, join(dir, 'other-patient.dcm'), (d) => (d.PatientID = 'SOMEONE-ELSE'));
    await page().locator('[data-testid="import-sr"]').setInputFiles([srPath, other]);
    await review().waitFor();
    const problems = await page().locator('[data-testid="import-problems"] li').evaluateAll((items) => items.map((item) => [item.getAttribute('data-rule'), item.getAttribute('data-file')]));
    expect(problems).toContainEqual(['otherPatientId', 'other-patient.dcm']);
    await page().locator('[data-testid="import-cancel"]').click();
  });

  it('refuses a 260-byte SR whose Content Sequence declares 4 GB, by name, without freezing the page', async () => {
    const path = join(dir, 'un-4gb.dcm');
    writeFileSync(path, srWithHugeUnLength());
    // a timer probe: the longest gap between two ticks while the file is read
    await page().evaluate(() => {
      const probe = { last: performance.now(), longest: 0, live: true };
      (window as unknown as { __srProbe: typeof probe }).__srProbe = probe;
      const tick = () => {
        const now = performance.now();
        probe.longest = Math.max(probe.longest, now - probe.last);
        probe.last = now;
        if (probe.live) setTimeout(tick, 16);
      };
      tick();
    });
    const errorsBefore = session.pageErrors.length;
    await expectRefused(path, ['unreadable']);
    const longestGapMs = await page().evaluate(() => {
      const probe = (window as unknown as { __srProbe: { longest: number; live: boolean } }).__srProbe;
      probe.live = false;
      return probe.longest;
    });
    console.log(`importSafety: longest main-thread gap while refusing the 4 GB-length SR: ${longestGapMs.toFixed(0)} ms`);
    expect(longestGapMs).toBeLessThan(1000);
    expect(session.pageErrors.slice(errorsBefore)).toEqual([]);
  });

  it('keeps a typed label when the tab closes at once, and when the page navigates away (with a warning)', async () => {
    const input = await firstLabelField(page());
    await input.click();
    // the caret is in the field before typing, as a reader sees it (a loaded machine may still be drawing)
    await expect.poll(() => input.evaluate((element) => element === document.activeElement)).toBe(true);
    await page().keyboard.press('End');
    await page().keyboard.type('-abcdefghij', { delay: 0 });
    await page().close();
    session.page = await session.context.newPage();
    await openRead(page());
    await page().locator('[data-testid="lesion-row"]').first().waitFor();
    expect((await labels(page()))[0]).toBe(`${LABEL}-abcdefghij`);

    const dialogs: string[] = [];
    page().on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    const again = await firstLabelField(page());
    await again.click();
    await expect.poll(() => again.evaluate((element) => element === document.activeElement)).toBe(true);
    await page().keyboard.press('End');
    await page().keyboard.type('-klm', { delay: 0 });
    await page().goto('about:blank');
    expect(dialogs).toEqual(['beforeunload']);
    await openRead(page());
    await page().locator('[data-testid="lesion-row"]').first().waitFor();
    expect((await labels(page()))[0]).toBe(`${LABEL}-abcdefghij-klm`);
  });

  it('replaces the read only after confirmation, and restores the replaced version after a reload', async () => {
    const typed = `${LABEL}-abcdefghij-klm`;
    let revision = await savedRevision(page());
    await page().locator('[data-testid="import-sr"]').setInputFiles(srPath);
    await page().locator('[data-testid="import-review"][data-state="confirm"]').waitFor();
    expect(await page().locator('[data-testid="import-diff"]').innerText()).toContain(`renamed ${LABEL}`);
    for (const [width, height] of [[1024, 768], [1280, 800], [1920, 1080]] as const) {
      await page().setViewportSize({ width, height });
      await review().scrollIntoViewIfNeeded();
      await page().screenshot({ path: new URL(`./artifacts/import-confirm-${width}x${height}.png`, import.meta.url).pathname });
    }
    await page().setViewportSize({ width: 1280, height: 900 });
    await page().locator('[data-testid="import-replace"]').click();
    await waitSaved(page(), revision);
    expect((await labels(page()))[0]).toBe(LABEL);

    await openRead(page());
    await page().locator('[data-testid="versions"]').waitFor();
    await page().locator('[data-testid="versions"] summary').click();
    revision = await savedRevision(page());
    await page().locator('[data-testid="restore-version"]').first().click();
    await waitSaved(page(), revision);
    expect((await labels(page()))[0]).toBe(typed);
  });

  it('tells a second tab at once: it turns read-only, shows and exports what is stored, and loses nothing', async () => {
    const second = await session.context.newPage();
    try {
      await openRead(second);
      await second.locator('[data-testid="lesion-row"]').first().waitFor();
      const revision = await savedRevision(page());
      await (await firstLabelField(page())).fill('L-first-tab');
      await page().keyboard.press('Tab');
      await waitSaved(page(), revision);
      await second.locator('[data-testid="save-state"]', { hasText: 'changed in another tab' }).waitFor();
      expect((await labels(second))[0]).toBe('L-first-tab');
      // the read-only tab takes no edit: its label field is not editable
      expect(await (await firstLabelField(second)).isEditable()).toBe(false);
      expect((await labels(second))[0]).toBe('L-first-tab');
      const [path] = await downloadsOf(second, 1, dir, () => second.locator('[data-testid="export-read"]').click());
      const exported = JSON.parse(readFileSync(path!, 'utf8')) as { read: { lesions: { label: string }[] } };
      expect(exported.read.lesions[0]!.label).toBe('L-first-tab');
      await openRead(second);
      expect((await labels(second))[0]).toBe('L-first-tab');
      expect(await second.locator('[data-testid="save-state"]').innerText()).toMatch(/^Saved/);
    } finally {
      await second.close();
    }
    expect(session.pageErrors).toEqual([]);
  });
});
