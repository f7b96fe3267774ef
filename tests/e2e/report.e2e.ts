import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { readPart10, writePart10 } from '../../scripts/sample-data/dcmjs';
import { openBrowser, type BrowserSession } from './browser';
import { sideColumnProblems } from './layout';
import { phantomDir, studyTruth, type LesionTruth, type StudyTruth } from './phantom';

/**
 * The report of a complete read of the phantom patient: on screen (responses, tables, key images
 * with their calipers, hostile DICOM text shown as text) and printed to PDF on A4 and on Letter.
 * The read is imported (its JSON export format, built here from the ground truth) rather than drawn
 * by mouse: tests/e2e/read.e2e.ts already proves the drawing.
 */

const CT_FOLDERS = ['01-baseline-ct', '02-fu1-ct', '03-fu2-ct'] as const;
const truths: StudyTruth[] = CT_FOLDERS.map((folder) => studyTruth(folder));
const [, followUp1, followUp2] = truths as [StudyTruth, StudyTruth, StudyTruth];

interface ExpectedTimepoint {
  id: string;
  targetSum: number;
  changeFromBaselinePct: number;
  changeFromNadirPct: number;
  targetResponse: string;
  nonTargetResponse: string;
  newLesions: boolean;
  overallResponse: string;
}
/** The hand-worked responses (scripts/sample-data/expected-responses.json, copied beside the phantom). */
const expected = (JSON.parse(readFileSync(new URL('expected-responses.json', phantomDir), 'utf8')) as { criteria: Record<string, { timepoints: ExpectedTimepoint[]; bestOverallResponse: string }> }).criteria;
const TIMEPOINT_LABELS = ['BL', 'FU1', 'FU2'];

/** Markup in the patient name (PN: no '=' or '\' allowed) and a script payload in the study description. */
const HOSTILE_NAME = '<b>NADIR</b>^<i>PHANTOM</i>';
const HOSTILE_DESCRIPTION = `<img src=x onerror="window.__xss='study'"><script>window.__xss='study'</script> CT LIVER`;
const READER = 'Dr Report <u>Reader</u>';
const accessionOf = (label: string) => `ACC-${label}-0042`;

const artifacts = new URL('./artifacts/', import.meta.url).pathname;

/** Copies of the three phantom CT studies whose patient name and study description carry markup. */
function writeHostileCopies(dir: string): string[] {
  const paths: string[] = [];
  CT_FOLDERS.forEach((folder, index) => {
    const studyDir = new URL(`${folder}/`, phantomDir).pathname;
    for (const series of readdirSync(studyDir).filter((name) => name.startsWith('series-'))) {
      for (const file of readdirSync(join(studyDir, series)).filter((name) => name.endsWith('.dcm'))) {
        const source = readFileSync(join(studyDir, series, file));
        const dataset = readPart10(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength));
        dataset.PatientName = HOSTILE_NAME;
        dataset.StudyDescription = HOSTILE_DESCRIPTION;
        dataset.AccessionNumber = accessionOf(TIMEPOINT_LABELS[index]!);
        const path = join(dir, `${folder}-${series}-${file}`);
        writeFileSync(path, Buffer.from(writePart10(dataset, '2.25.1')));
        paths.push(path);
      }
    }
  });
  return paths;
}

type Point3 = [number, number, number];

function sliceOf(truth: LesionTruth, phase: 'ARTERIAL' | 'PORTAL VENOUS') {
  const slice = truth.largestSlice.find((candidate) => candidate.seriesDescription === `PHANTOM CT ${phase}`)!;
  return { seriesInstanceUid: slice.seriesInstanceUID, sopInstanceUid: slice.sopInstanceUID, frameNumber: null };
}

function measurement(study: StudyTruth, truth: LesionTruth, part: 'whole' | 'enhancing') {
  const phase = part === 'whole' ? 'PORTAL VENOUS' : 'ARTERIAL';
  return {
    longAxisMm: part === 'whole' ? truth.longAxisMm : truth.enhancingLongAxisMm,
    shortAxisMm: part === 'whole' ? truth.shortAxisMm : truth.enhancingShortAxisMm,
    longAxis: (part === 'whole' ? truth.longAxisEndpointsMm : truth.enhancingLongAxisEndpointsMm) as [Point3, Point3],
    shortAxis: (part === 'whole' ? truth.shortAxisEndpointsMm : truth.enhancingShortAxisEndpointsMm) as [Point3, Point3],
    image: { studyInstanceUid: study.study.studyInstanceUID, ...sliceOf(truth, phase) },
  };
}

const wholeEnhances = (truth: LesionTruth) => JSON.stringify(truth.enhancingLongAxisEndpointsMm) === JSON.stringify(truth.longAxisEndpointsMm);

/**
 * The read as a radiologist makes it (read.e2e.ts): targets and the new lesion measured on the portal
 * venous phase, the viable part on the arterial phase ("viable = whole" when it all enhances), mean HU;
 * non-targets present.
 */
function phantomReadExport(): string {
  const lesionId = (truth: LesionTruth) => `lesion-${truth.id}`;
  const all = new Map<string, { truth: LesionTruth; first: StudyTruth }>();
  for (const study of truths) for (const truth of study.lesions) if (!all.has(truth.id)) all.set(truth.id, { truth, first: study });
  const observations = Object.fromEntries(
    truths.map((study) => [
      study.study.studyInstanceUID,
      Object.fromEntries(
        study.lesions.map((truth) => {
          if (truth.role === 'nontarget') return [lesionId(truth), { status: 'present', whole: null, enhancing: { kind: 'notMeasured' }, meanHU: null }];
          const whole = measurement(study, truth, 'whole');
          const enhancing = wholeEnhances(truth) ? whole : measurement(study, truth, 'enhancing');
          return [lesionId(truth), { status: 'present', whole, enhancing: { kind: 'measured', measurement: enhancing }, meanHU: truth.meanHU ?? null }];
        }),
      ),
    ]),
  );
  const read = {
    schemaVersion: 1,
    readId: 'imported',
    patientId: 'PHANTOM-NET-01',
    patientName: HOSTILE_NAME,
    readerName: READER,
    createdAt: '2024-07-12T09:00:00Z',
    timepoints: truths.map((study) => ({ studyInstanceUid: study.study.studyInstanceUID, date: study.study.date, modality: 'CT', sliceThicknessMm: 5 })),
    lesions: [...all.values()].map(({ truth, first }) => ({
      id: lesionId(truth),
      label: truth.id,
      role: truth.role,
      organ: truth.isLymphNode ? 'retroperitoneal (para-aortic) lymph node' : truth.organ,
      isLymphNode: truth.isLymphNode,
      firstStudyUid: first.study.studyInstanceUID,
      splitFrom: null,
      // as recorded by the reader (mRECIST M-NEW-1): never assumed
      ...(truth.role === 'new' ? { vascularPattern: truth.hccTypicalPattern === false ? 'atypical' : 'typical' } : {}),
    })),
    observations,
    criteria: ['RECIST1.1', 'WHO', 'EASL', 'mRECIST', 'Choi', 'iRECIST'],
  };
  return JSON.stringify({ format: 'nadir-read', version: 1, exportedAt: null, input: {}, output: null, read });
}

/** The summary line each follow-up should have, from the hand-worked responses. */
function expectedSummaryLines(): string[] {
  const labels: Record<string, string> = { 'RECIST1.1': 'RECIST 1.1', WHO: 'WHO', EASL: 'EASL', mRECIST: 'mRECIST', Choi: 'Choi', iRECIST: 'iRECIST' };
  const progression = ['PD', 'iUPD', 'iCPD'];
  return [followUp1, followUp2].map((study, index) => {
    const id = `FU${index + 1}`;
    const verdicts = Object.entries(expected).map(([criterion, result]) => {
      const tp = result.timepoints.find((candidate) => candidate.id === id)!;
      const causes = progression.includes(tp.overallResponse)
        ? [
            ...(progression.includes(tp.targetResponse) ? ['target progression'] : []),
            ...(tp.nonTargetResponse === 'PD' ? ['non-target progression'] : []),
            ...(tp.newLesions ? ['new lesion'] : []),
          ]
        : [];
      return `${labels[criterion]} ${tp.overallResponse}${causes.length > 0 ? ` (${causes.join(', ')})` : ''}`;
    });
    return `${id} ${study.study.date}: ${verdicts.join(', ')}`;
  });
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
}

function pdfPages(path: string): number {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

/** Words with their counts: the same content on paper of another size has the same words (table headers repeat per page). */
function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of normalize(text).split(' ')) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

describe('the report of the phantom read', () => {
  let session: BrowserSession;
  let dir: string;
  const page = () => session.page;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'nadir-report-'));
    const files = writeHostileCopies(dir);
    writeFileSync(join(dir, 'read.json'), phantomReadExport());
    session = await openBrowser();
    await page().goto(inject('baseUrl'));
    await page().locator('[data-testid="open-files"]').setInputFiles(files);
    await page().locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 90_000 });
    await page().locator('[data-testid="reader-name"]').fill(READER);
    await page().locator('[data-testid="reader-start"]').click();
    await page().locator('[data-testid="save-state"]').waitFor();
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await page().screenshot({ path: `${artifacts}report-failure.png` });
  });

  afterAll(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says there is nothing to report before anything is measured, and goes back', async () => {
    await page().locator('[data-testid="open-report"]').click();
    await page().locator('[data-testid="report-message"][data-state="empty"]').waitFor();
    expect(await page().locator('[data-testid="report-print"]').isDisabled()).toBe(true);
    await page().locator('[data-testid="report-back"]').click();
    await page().locator('[data-testid="viewport-baseline"][data-render-count]').waitFor();
  });

  it('shows the hand-worked responses of the imported read, summary line by summary line', async () => {
    const revision = Number(await page().locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));
    await page().locator('[data-testid="import-read"]').setInputFiles(join(dir, 'read.json'));
    await page().locator('[data-testid="import-review"][data-state="confirm"]').waitFor();
    await page().locator('[data-testid="import-replace"]').click();
    await page().waitForFunction((after) => Number(document.querySelector('[data-testid="save-state"]')?.getAttribute('data-saved-revision')) > after, revision);
    await page().locator('[data-testid="response-panel"][data-state="done"]').waitFor();
    await page().locator('[data-testid="open-report"]').click();
    await page().locator('[data-testid="report"]').waitFor();

    const lines = expectedSummaryLines();
    expect(lines[1]).toContain('RECIST 1.1 PD (target progression, new lesion)');
    expect(await page().locator('[data-testid="report-summary-FU1"]').innerText()).toBe(lines[0]);
    expect(await page().locator('[data-testid="report-summary-FU2"]').innerText()).toBe(lines[1]);

    for (const [criterion, result] of Object.entries(expected)) {
      const unit = criterion === 'WHO' || criterion === 'EASL' ? 'mm²' : 'mm';
      for (const timepoint of result.timepoints) {
        const row = page().locator(`[data-testid="report-criteria-${criterion}-${timepoint.id}"]`);
        expect(await row.getAttribute('data-overall'), `${criterion} ${timepoint.id}`).toBe(timepoint.overallResponse);
        const text = await row.innerText();
        expect(text).toContain(`${timepoint.targetSum.toFixed(1)} ${unit}`);
        const percent = (value: number) => `${value > 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}%`;
        expect(text).toContain(percent(timepoint.changeFromBaselinePct));
        expect(text).toContain(percent(timepoint.changeFromNadirPct));
      }
      expect(await page().locator(`[data-testid="report-best-${criterion}"]`).getAttribute('data-response'), `${criterion} best`).toBe(result.bestOverallResponse);
    }
  });

  it('says which verdict hangs on less than the inter-reader noise: RECIST 1.1 PD at FU2 is 3.61 mm of L2 from SD (MARGIN-1..3)', async () => {
    // 102.0 mm against a nadir of 82.0 mm: 98.39 mm would be +19.99 %, not PD; 3.61 mm is inside L2's −22.1 % of 55.0 mm (Yoon 2016)
    const margin = page().locator('[data-testid="report-margin-RECIST1.1-FU2"]');
    expect(await margin.getAttribute('data-within-noise')).toBe('true');
    expect(normalize(await margin.innerText())).toBe('margin L2 −3.61 mm → SD within measurement noise');
    expect(await page().locator('[data-testid="report-margin-WHO-FU2"]').getAttribute('data-within-noise')).toBe('false');

    await page().locator('[data-testid="report-back"]').click();
    await page().locator('[data-testid="response-panel"][data-state="done"]').waitFor();
    const flagged = await page().locator('[data-testid="response-panel"] .noise-flag').evaluateAll((flags) => flags.map((flag) => flag.getAttribute('data-testid')));
    expect(flagged).toEqual(['noise-RECIST1.1-FU2', 'noise-iRECIST-FU2']);
    expect(await page().locator('[data-testid="noise-RECIST1.1-FU2"]').getAttribute('title')).toBe(
      'Within measurement noise: L2 long axis −3.61 mm → SD; inter-reader limit −12.16 mm (yoon2016).',
    );
    await page().locator('[data-testid="response-RECIST1.1-FU2"] [data-testid="why"]').click();
    const explanation = page().locator('[data-testid="explanation"]');
    expect(await explanation.locator('[data-testid="explanation-margin"]').innerText()).toBe('target response ≈ within measurement noise');
    expect(normalize(await explanation.innerText())).toContain('MARGIN-3 within measurement noise: -3.61 mm on L2 is inside the inter-reader limit of agreement -12.16 mm (-22.1% of 55.0 mm), Yoon 2016');

    for (const [width, height] of [
      [1024, 768],
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page().setViewportSize({ width, height });
      await page().locator('[data-testid="criterion-RECIST1.1"]').evaluate((section) => section.scrollIntoView());
      const problems = await sideColumnProblems(page());
      expect(problems, `the flagged verdict at ${width}×${height}:\n${problems.join('\n')}`).toEqual([]);
      await page().screenshot({ path: `${artifacts}margin-${width}x${height}.png` });
      await page().locator('[data-testid="criterion-RECIST1.1"]').screenshot({ path: `${artifacts}margin-${width}x${height}-recist.png` });
    }
    await page().setViewportSize({ width: 1280, height: 900 });
    await page().locator('[data-testid="response-RECIST1.1-FU2"] [data-testid="why"]').click();
    await page().locator('[data-testid="open-report"]').click();
    await page().locator('[data-testid="report"]').waitFor();
  });

  it('lists every lesion at every timepoint as measured', async () => {
    const labels = await page().locator('[data-testid="report-lesion-table"] tbody th').allInnerTexts();
    expect(labels).toEqual(['L1', 'L2', 'N1', 'L3', 'L4', 'NL1']);
    const cells = (label: string) => page().locator(`[data-testid="report-lesion-${label}"] td`).allInnerTexts();
    // role, site, then BL, FU1, FU2
    const l2 = await cells('L2');
    expect(l2[2]).toContain('30.0 × 20.0');
    expect(l2[3]).toContain('29.0 × 19.0');
    expect(l2[3]).toContain('viable 10.0 × 8.0');
    expect(l2[3]).toContain('25.9 HU');
    expect(l2[4]).toContain('55.0 × 42.0');
    const newLesion = await cells('NL1');
    expect(newLesion.slice(2, 4)).toEqual(['–', '–']);
    expect(newLesion[4]).toContain('14.0 × 12.0');
    expect((await cells('L3'))[3]).toBe('present');
  });

  it('draws a key image of every measured lesion, with its calipers', async () => {
    await page().locator('[data-testid="report"][data-key-images="settled"]').waitFor({ timeout: 60_000 });
    // printing waited for the images: "Drawing…" never goes to paper
    await page().locator('[data-testid="report-print"]:enabled').waitFor();
    const figures = page().locator('[data-testid="key-image"]');
    // one per lesion, timepoint and image: the viable part is on the arterial image unless all of it enhances
    const expectedCount = truths.reduce(
      (count, study) => count + study.lesions.filter((truth) => truth.role !== 'nontarget').reduce((sum, truth) => sum + (wholeEnhances(truth) ? 1 : 2), 0),
      0,
    );
    expect(await figures.count()).toBe(expectedCount);
    expect(await page().locator('[data-testid="key-image"]:not([data-state="rendered"])').count()).toBe(0);
    const pixels = await page().locator('[data-testid="key-image"] img').evaluateAll((images) =>
      (images as HTMLImageElement[]).map((image) => {
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let whole = 0;
        let enhancing = 0;
        let gray = 0;
        for (let offset = 0; offset < data.length; offset += 4) {
          const [r, g, b] = [data[offset]!, data[offset + 1]!, data[offset + 2]!];
          if (Math.abs(r - 80) < 30 && Math.abs(g - 200) < 30 && Math.abs(b - 255) < 30) whole += 1;
          else if (Math.abs(r - 255) < 30 && Math.abs(g - 150) < 30 && Math.abs(b - 40) < 30) enhancing += 1;
          else if (r === g && g === b && r > 20 && r < 235) gray += 1;
        }
        return { alt: image.alt, width: image.naturalWidth, whole, enhancing, gray: gray / (canvas.width * canvas.height) };
      }),
    );
    expect(pixels).toHaveLength(expectedCount);
    for (const image of pixels) {
      expect(image.width, image.alt).toBeGreaterThan(0);
      // calipers in their colours on a windowed CT image (mostly mid-grey soft tissue)
      expect(image.whole + image.enhancing, image.alt).toBeGreaterThan(100);
      expect(image.gray, image.alt).toBeGreaterThan(0.3);
      // the whole lesion's caliper is drawn in its colour (also when the viable part is the whole lesion)
      if (image.alt.includes('whole lesion')) expect(image.whole, image.alt).toBeGreaterThan(100);
    }
    // the arterial image of L1 at FU1 shows the viable part alone, in its own colour
    const l1Viable = pixels.find((image) => image.alt.startsWith('L1 at FU1') && !image.alt.includes('whole lesion'));
    expect(l1Viable?.enhancing).toBeGreaterThan(100);
    expect(l1Viable?.whole).toBe(0);
    await page().locator('[data-testid="report-header"]').scrollIntoViewIfNeeded();
    await page().screenshot({ path: `${artifacts}report-screen-top.png` });
    await page().locator('[data-testid="report-key-images"]').scrollIntoViewIfNeeded();
    await page().screenshot({ path: `${artifacts}report-screen-key-images.png` });
  });

  it('shows DICOM and reader text as text, and runs none of it', async () => {
    const header = page().locator('[data-testid="report-header"]');
    expect(await page().locator('[data-testid="report-patient-name"]').innerText()).toBe('<b>NADIR</b>, <i>PHANTOM</i>');
    expect(await page().locator('[data-testid="report-reader"]').innerText()).toBe(READER);
    expect(await page().locator('[data-testid="report-study-FU1"]').innerText()).toContain(HOSTILE_DESCRIPTION);
    expect(await page().locator('[data-testid="report-study-FU2"]').innerText()).toContain(accessionOf('FU2'));
    expect(await header.locator('b, i, u, img, script').count()).toBe(0);
    expect(await page().locator('img[src="x"]').count()).toBe(0);
    expect(await page().evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(session.pageErrors).toEqual([]);
    expect(session.consoleErrors).toEqual([]);
  });

  it('prints the same report on A4 and on Letter', async () => {
    const screenText = await page().locator('[data-testid="report"]').innerText();
    const results: Record<string, { text: string; pages: number }> = {};
    for (const format of ['A4', 'Letter'] as const) {
      const path = `${artifacts}report-${format.toLowerCase()}.pdf`;
      await page().pdf({ path, format });
      results[format] = { text: pdfText(path), pages: pdfPages(path) };
    }
    for (const [format, { text, pages }] of Object.entries(results)) {
      const flat = normalize(text);
      for (const line of expectedSummaryLines()) expect(flat, `${format}: summary`).toContain(line);
      for (const label of ['L1', 'L2', 'N1', 'L3', 'L4', 'NL1']) expect(flat, `${format}: ${label}`).toMatch(new RegExp(`\\b${label}\\b`));
      expect(flat, `${format}: reader`).toContain(READER);
      expect(flat, `${format}: patient`).toContain('<b>NADIR</b>, <i>PHANTOM</i>');
      expect(flat, `${format}: key image caption`).toContain('L2 · FU2 2024-07-10 · 55.0 × 42.0 mm');
      expect(flat, `${format}: the margin of RECIST 1.1 FU2`).toContain('margin L2 −3.61 mm → SD within measurement noise');
      expect(flat, `${format}: no toolbar`).not.toContain('Back to reading');
      expect(flat, `${format}: no app chrome`).not.toContain('Close all studies');
      expect(flat, `${format}: not the hidden reading panel`).not.toContain('Store SR in PACS');
      expect(flat, `${format}: not the timepoint list`).not.toContain('Shown as follow-up');
      expect(pages, `${format}: pages`).toBeGreaterThanOrEqual(2);
      expect(pages, `${format}: pages`).toBeLessThanOrEqual(8);
      // every word on screen is on paper, as often (headers of tables split over pages may repeat);
      // a word too long for its column is wrapped on paper, so it is also looked for with the spaces taken out
      const onPaper = wordCounts(text);
      const paperWithoutSpaces = text.replace(/\s+/g, '');
      const occurrences = (word: string) => paperWithoutSpaces.split(word).length - 1;
      const missing = [...wordCounts(screenText)].filter(([word, count]) => (onPaper.get(word) ?? 0) < count && occurrences(word) < count);
      expect(missing, `${format}: words of the screen missing on paper`).toEqual([]);
    }
    console.log(`report PDF pages: A4 ${results.A4!.pages}, Letter ${results.Letter!.pages}`);
  });

  it('shows a placeholder, not an image, for a measurement whose image is not loaded', async () => {
    await page().locator('[data-testid="report-back"]').click();
    // the new lesion measured on an image of a study this page has not loaded (both its calipers)
    type Measured = { image: { sopInstanceUid: string } };
    const exported = JSON.parse(phantomReadExport()) as { read: { observations: Record<string, Record<string, { whole: Measured; enhancing: { measurement: Measured } }>> } };
    const newLesion = exported.read.observations[followUp2.study.studyInstanceUID]!['lesion-NL1']!;
    // an image of a study that is not loaded here (an image missing from a loaded study is refused at import)
    type Elsewhere = { image: { studyInstanceUid: string; sopInstanceUid: string } };
    for (const measured of [newLesion.whole, newLesion.enhancing.measurement] as unknown as Elsewhere[]) {
      measured.image.studyInstanceUid = '2.25.4343434343';
      measured.image.sopInstanceUid = '2.25.4242424242';
    }
    writeFileSync(join(dir, 'read-elsewhere.json'), JSON.stringify(exported));
    const revision = Number(await page().locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));
    await page().locator('[data-testid="import-read"]').setInputFiles(join(dir, 'read-elsewhere.json'));
    await page().locator('[data-testid="import-review"][data-state="confirm"]').waitFor();
    await page().locator('[data-testid="import-replace"]').click();
    await page().waitForFunction((after) => Number(document.querySelector('[data-testid="save-state"]')?.getAttribute('data-saved-revision')) > after, revision);
    await page().locator('[data-testid="response-panel"][data-state="done"]').waitFor();
    await page().locator('[data-testid="open-report"]').click();
    await page().locator('[data-testid="report"][data-key-images="settled"]').waitFor();
    const elsewhere = page().locator('[data-testid="key-image"][data-lesion="NL1"][data-timepoint="FU2"]');
    expect(await elsewhere.getAttribute('data-state')).toBe('unavailable');
    expect(await elsewhere.innerText()).toContain('Image not shown: the image is not among the loaded studies.');
    expect(await elsewhere.locator('img').count()).toBe(0);
    expect(await page().locator('[data-testid="key-image"][data-state="rendered"]').count()).toBeGreaterThan(0);
    expect(await page().locator('[data-testid="report-summary-FU2"]').innerText()).toBe(expectedSummaryLines()[1]);
  });

  it('goes back to the reading with the read unchanged', async () => {
    await page().locator('[data-testid="report-back"]').click();
    await page().locator('[data-testid="viewport-follow-up"][data-render-count]').waitFor();
    expect(await page().locator('[data-testid="lesion-row"]').count()).toBe(6);
    expect(session.pageErrors).toEqual([]);
  });

  it('keeps the viewports as they were behind the report: same element, same slice, keys do not reach them', async () => {
    const viewport = page().locator('[data-testid="viewport-baseline"]');
    await page().locator('[data-testid="viewport-panel-baseline"]').dispatchEvent('pointerdown');
    const before = Number(await viewport.getAttribute('data-slice-index'));
    await page().keyboard.press('ArrowDown');
    await page().keyboard.press('ArrowDown');
    await page().locator(`[data-testid="viewport-baseline"][data-slice-index="${before + 2}"]`).waitFor();
    await viewport.evaluate((element) => element.setAttribute('data-marker', 'still here'));
    await page().locator('[data-testid="open-report"]').click();
    await page().locator('[data-testid="report"]').waitFor();
    expect(await viewport.isVisible()).toBe(false);
    await page().keyboard.press('ArrowDown'); // reading keys do nothing to the hidden viewports
    await page().keyboard.press('Escape'); // Esc goes back, like the button
    await viewport.waitFor({ state: 'visible' });
    expect(await viewport.getAttribute('data-marker')).toBe('still here');
    expect(Number(await viewport.getAttribute('data-slice-index'))).toBe(before + 2);
    const rendersBefore = Number(await viewport.getAttribute('data-render-count'));
    await page().keyboard.press('ArrowDown');
    await page().locator(`[data-testid="viewport-baseline"][data-slice-index="${before + 3}"]`).waitFor();
    expect(Number(await viewport.getAttribute('data-render-count'))).toBeGreaterThan(rendersBefore);
    expect(session.pageErrors).toEqual([]);
  });
});
