import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReadSession } from '../../workers/read/model';
import { LESION_COLUMNS, TIMEPOINT_COLUMNS, type NadirReadExport } from '../../workers/report';
import { dciodvfy, dsrdump } from '../dicomValidators';
import { PHANTOM } from '../pacs/fixtures';
import { srSeriesSnapshot } from '../pacs/orthanc';
import { countActions, type ActionCounter } from './actions';
import { downloadsOf, openBrowser, type BrowserSession } from './browser';
import { corpusDir } from './corpus';
import { editLesion, editorAt, lesionCell, lesionRow, lesionRows } from './lesionTable';
import { drawCaliper, expectedResponses, expectHandWorkedResponses, goToLargestSlice, largestSliceIndex, studyTruth, toClient, waitForSave, type LesionTruth, type StudyTruth } from './phantom';
import { namedByLabel } from '../../workers/testing/namedByLabel';

const baseline = studyTruth('01-baseline-ct');
const followUp1 = studyTruth('02-fu1-ct');
const followUp2 = studyTruth('03-fu2-ct');
const halfPixelMm = 0.78125 / 2;
const exportsDir = new URL('./artifacts/exports/', import.meta.url).pathname;

/** A read with lesion ids replaced by labels; as the expectation (`approximately`), every number matches within 0.005. */
function comparable(read: ReadSession, approximately = false): unknown {
  const labelOf = new Map(read.lesions.map((lesion) => [lesion.id, lesion.label]));
  const approximate = (value: unknown): unknown => {
    if (typeof value === 'number') return approximately ? expect.closeTo(value, 2) : value;
    if (Array.isArray(value)) return value.map(approximate);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === 'mergedInto' ? labelOf.get(String(inner)) : approximate(inner)]));
    return value;
  };
  return {
    patientId: read.patientId,
    timepoints: read.timepoints,
    lesions: read.lesions.map((lesion) => ({ ...lesion, id: lesion.label, splitFrom: lesion.splitFrom === null ? null : labelOf.get(lesion.splitFrom) })),
    observations: Object.fromEntries(
      Object.entries(read.observations).map(([study, byLesion]) => [study, Object.fromEntries(Object.entries(byLesion).map(([id, observation]) => [labelOf.get(id), approximate(observation)]))]),
    ),
  };
}

/** CSV text (RFC 4180 as Nadir writes it: no line breaks inside cells) to header-keyed rows. */
function csvRows(text: string): { header: string[]; rows: Record<string, string>[] } {
  const split = (line: string) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((match) => match[1]!.replace(/^"|"$/g, '').replaceAll('""', '"')).slice(0, -1);
  expect(text.startsWith('\uFEFF') && !text.startsWith('\uFEFF\uFEFF'), 'one byte-order mark').toBe(true);
  const [head, ...lines] = text.slice(1).split('\r\n').filter(Boolean);
  const header = split(head!);
  return { header, rows: lines.map((line) => Object.fromEntries(split(line).map((cell, index) => [header[index]!, cell]))) };
}

/** Reads the phantom patient from baseline to follow-up 2 with mouse and keyboard, as a radiologist would. */
describe('reading the phantom patient', () => {
  let session: BrowserSession;
  let actions: ActionCounter;
  const page = () => session.page;
  const row = (label: string) => lesionRow(page(), label);
  const cell = (label: string, study: StudyTruth) => lesionCell(page(), label, study.study.studyInstanceUID);
  /** the selected lesion's fields at a study, selecting it first if another one is edited */
  const editAt = async (label: string, study: StudyTruth) => {
    await editLesion(page(), label);
    return editorAt(page(), study.study.studyInstanceUID);
  };
  const savedRevision = async () => Number(await page().locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));

  async function openPhantom(): Promise<void> {
    await page().locator('[data-sample-group="phantom-net-01"]').click();
    await page().locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 60_000 });
  }

  async function showFollowUp(study: StudyTruth): Promise<void> {
    const item = page().locator('[data-testid="timepoint"]', { hasText: study.study.date });
    await item.locator('[data-testid="choose-follow-up"]').check();
    await page().locator('[data-testid="viewport-panel-follow-up"]', { hasText: study.study.date }).waitFor();
    await page().locator('[data-testid="viewport-follow-up"][data-render-count]').waitFor();
  }

  /** The site of the lesion just added (selected, the last row); a node site turns its automatic label into N1. */
  async function setSite(truth: LesionTruth): Promise<void> {
    const site = truth.isLymphNode ? 'retroperitoneal (para-aortic) lymph node' : truth.organ;
    expect(await page().locator('[data-testid="lesion-editor"]').getAttribute('data-label')).toBe(await lesionRows(page()).last().getAttribute('data-label'));
    const picker = page().locator('[data-testid="lesion-editor"] select[aria-label="Site"]');
    if ((await picker.inputValue()) === site) return;
    const revision = await savedRevision();
    await picker.selectOption(site);
    await waitForSave(page(), revision);
    expect(await lesionRows(page()).last().getAttribute('data-label'), 'the label follows the lesion type').toBe(truth.id);
  }

  /** The rest of a measured lesion after its whole-lesion caliper: the viable part and the mean HU. */
  async function measureViableAndDensity(role: 'baseline' | 'follow-up', study: StudyTruth, truth: LesionTruth): Promise<void> {
    const enhancing = truth.enhancingLongAxisEndpointsMm;
    const wholeEnhances = enhancing && JSON.stringify(enhancing) === JSON.stringify(truth.longAxisEndpointsMm);
    if (wholeEnhances) {
      const revision = await savedRevision();
      await (await editAt(truth.id, study)).locator('[data-testid="viable-equals-whole"]').click();
      await waitForSave(page(), revision);
    } else if (enhancing && truth.enhancingShortAxisEndpointsMm) {
      await drawCaliper(page(), role, 'enhancing', enhancing, truth.enhancingShortAxisEndpointsMm);
    }
    const revision = await savedRevision();
    await (await editAt(truth.id, study)).locator('input.hu-input').fill(String(truth.meanHU));
    await page().keyboard.press('Enter'); // a typed value is recorded on Enter or when the field loses focus
    await waitForSave(page(), revision);
  }

  /** A baseline target: drawn with no lesion for it yet, the app asks, and Enter takes "new target". */
  async function measureNewTarget(truth: LesionTruth): Promise<void> {
    await goToLargestSlice(page(), 'baseline', baseline, truth);
    await drawCaliper(page(), 'baseline', 'whole', truth.longAxisEndpointsMm, truth.shortAxisEndpointsMm, 'Enter');
    await setSite(truth);
    await measureViableAndDensity('baseline', baseline, truth);
  }

  /**
   * A follow-up target: U takes the reader to the next lesion not measured here (selected, both
   * viewports brought to it, the follow-up where the baseline and the offset put it); its first
   * caliper there is recorded.
   */
  async function measureFollowUp(study: StudyTruth, truth: LesionTruth): Promise<void> {
    await page().keyboard.press('u');
    await page().locator(`[data-testid="lesion-row"].selected[data-label="${truth.id}"]`).waitFor();
    await page().locator('[data-testid="mode-click"][aria-pressed="true"]').waitFor({ timeout: 2_000 }); // armed to measure it (this read draws: B, in drawCaliper)
    const expected = await largestSliceIndex(page(), 'follow-up', truth);
    await page().locator(`[data-testid="viewport-follow-up"][data-slice-index="${expected}"]`).waitFor({ timeout: 5_000 });
    await goToLargestSlice(page(), 'follow-up', study, truth); // nothing left to do when the app brought it into view
    await drawCaliper(page(), 'follow-up', 'whole', truth.longAxisEndpointsMm, truth.shortAxisEndpointsMm);
    await measureViableAndDensity('follow-up', study, truth);
  }

  /** A new lesion at follow-up: drawn, answered "new lesion", its site and its vascular pattern (mRECIST). */
  async function measureNewLesion(study: StudyTruth, truth: LesionTruth): Promise<void> {
    await goToLargestSlice(page(), 'follow-up', study, truth);
    await drawCaliper(page(), 'follow-up', 'whole', truth.longAxisEndpointsMm, truth.shortAxisEndpointsMm, 'newLesion');
    await setSite(truth);
    const revision = await savedRevision();
    await (await editLesion(page(), truth.id)).locator('select[aria-label="Vascular pattern"]').selectOption(truth.hccTypicalPattern === false ? 'atypical' : 'typical');
    await waitForSave(page(), revision);
    await measureViableAndDensity('follow-up', study, truth);
  }

  async function addNonTarget(truth: LesionTruth): Promise<void> {
    const revision = await savedRevision();
    await page().locator('[data-testid="add-nontarget"]').click();
    await waitForSave(page(), revision);
    await setSite(truth);
  }

  async function carryForward(): Promise<void> {
    const revision = await savedRevision();
    await page().locator('[data-testid="carry-forward"]').click();
    await waitForSave(page(), revision);
  }

  let storedSrs: Awaited<ReturnType<typeof srSeriesSnapshot>> | undefined;

  beforeAll(async () => {
    mkdirSync(new URL('./artifacts/', import.meta.url).pathname, { recursive: true });
    const { orthancPort } = inject('pacs');
    // no PACS (it did not start): only the PACS round trip below fails, and says why
    if (orthancPort !== 0) storedSrs = await srSeriesSnapshot(orthancPort, [baseline, followUp1, followUp2].map((truth) => truth.study.studyInstanceUID));
    session = await openBrowser();
    actions = countActions(page());
    await page().goto(inject('baseUrl'));
    await openPhantom();
    await page().locator('[data-testid="reader-name"]').fill('Dr Phantom');
    await page().locator('[data-testid="reader-start"]').click();
    await page().locator('[data-testid="save-state"]').waitFor();
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    // Leave a picture and the read's table behind for whoever reads the failure.
    const dir = new URL('./artifacts/', import.meta.url).pathname;
    mkdirSync(dir, { recursive: true });
    await page().screenshot({ path: `${dir}read-failure.png` });
    console.log(await page().locator('[data-testid="lesion-table"]').innerText().catch(() => 'no lesion table'));
  });

  afterAll(async () => {
    await session?.close();
    // the SRs this file stored in the PACS go again: other files (the cohort view) list the reads in it
    await storedSrs?.deleteAdded();
  });

  it('measures every baseline lesion within half a pixel of the truth', async () => {
    await showFollowUp(followUp1);
    for (const truth of baseline.lesions) {
      if (truth.role === 'target') await measureNewTarget(truth);
      else await addNonTarget(truth);
    }
    for (const truth of baseline.lesions.filter((lesion) => lesion.role === 'target')) {
      const text = await cell(truth.id, baseline).locator('.measure-whole').innerText();
      const [longMm, shortMm] = text.split(' × ').map(Number);
      expect(Math.abs(longMm! - truth.longAxisMm), `${truth.id} long axis ${text}`).toBeLessThanOrEqual(halfPixelMm + 0.05);
      expect(Math.abs(shortMm! - truth.shortAxisMm), `${truth.id} short axis ${text}`).toBeLessThanOrEqual(halfPixelMm + 0.05);
    }
  });

  it('restores everything after a reload mid-read', async () => {
    actions.paused = true; // not part of reading
    const before = await page().locator('[data-testid="lesion-table"]').innerText();
    const revision = await savedRevision();
    await page().reload();
    // No click: the samples open before the reload reopen by themselves.
    await page().locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 60_000 });
    await page().locator(`[data-testid="save-state"][data-saved-revision="${revision}"]`).waitFor();
    await showFollowUp(followUp1);
    expect(await page().locator('[data-testid="lesion-table"]').innerText()).toEqual(before);
    actions.paused = false;
  });

  it('follows every lesion to follow-up 1 and follow-up 2, with a new lesion at FU2', async () => {
    for (const study of [followUp1, followUp2]) {
      await showFollowUp(study);
      await carryForward(); // the non-targets: present, as at the timepoint before
      for (const truth of study.lesions) {
        if (truth.role === 'target') await measureFollowUp(study, truth);
        if (truth.role === 'new') await measureNewLesion(study, truth);
      }
    }
    console.log(`phantom read: ${actions.count} user actions (and ${actions.wheelNotches} wheel notches scrolling through slices)`);
  }, 360_000);

  it('gives exactly the hand-worked response under every criterion', async () => {
    await expectHandWorkedResponses(page());
    expect(session.pageErrors).toEqual([]);
    expect(session.consoleErrors).toEqual([]);
    await page().screenshot({ path: new URL('./artifacts/read-complete.png', import.meta.url).pathname });
  });

  describe('exports and the PACS round trip', () => {
    const expected = expectedResponses();
    let exported: NadirReadExport;
    let srPaths: string[] = [];

    beforeAll(() => {
      rmSync(exportsDir, { recursive: true, force: true });
      for (const dir of ['', 'fresh', 'reimported']) mkdirSync(`${exportsDir}${dir}`, { recursive: true });
    });

    it('exports JSON: the read with the exchange input and the engine result', async () => {
      const [path] = await downloadsOf(page(), 1, exportsDir, () => page().locator('[data-testid="export-read"]').click());
      exported = JSON.parse(readFileSync(path!, 'utf8')) as NadirReadExport;
      expect(exported).toMatchObject({ format: 'nadir-read', version: 1 });
      expect(exported.read.readerName).toBe('Dr Phantom');
      for (const [criterion, result] of Object.entries(expected.criteria)) {
        const shown = exported.output?.criteria[criterion as keyof NonNullable<NadirReadExport['output']>['criteria']];
        expect(shown?.timepoints.map((timepoint) => timepoint.overallResponse), criterion).toEqual(result.timepoints.map((timepoint) => timepoint.overallResponse));
      }
    });

    it('exports CSV: a row per lesion, timepoint and criterion, and a row per timepoint and criterion, with the responses', async () => {
      const paths = await downloadsOf(page(), 2, exportsDir, () => page().locator('[data-testid="export-csv"]').click());
      const lesions = csvRows(readFileSync(paths.find((path) => path.endsWith('-lesions.csv'))!, 'utf8'));
      const timepoints = csvRows(readFileSync(paths.find((path) => path.endsWith('-timepoints.csv'))!, 'utf8'));
      expect(lesions.header).toEqual([...LESION_COLUMNS]);
      expect(timepoints.header).toEqual([...TIMEPOINT_COLUMNS]);
      for (const [criterion, result] of Object.entries(expected.criteria)) {
        for (const timepoint of result.timepoints) {
          const row = timepoints.rows.find((candidate) => candidate.criterion === criterion && candidate.timepoint === timepoint.id);
          expect(row?.overall_response, `${criterion} ${timepoint.id}`).toBe(timepoint.overallResponse);
          expect(row?.best_overall_response, `${criterion} best`).toBe(result.bestOverallResponse);
        }
      }
      const l1 = baseline.lesions.find((lesion) => lesion.role === 'target')!;
      const l1Row = lesions.rows.find((row) => row.criterion === 'RECIST1.1' && row.timepoint === 'BL' && row.lesion === l1.id)!;
      expect(Math.abs(Number(l1Row.long_axis_mm) - l1.longAxisMm)).toBeLessThanOrEqual(halfPixelMm + 0.05);
      const lesionCount = exported.read.lesions.length;
      expect(lesions.rows.length).toBeGreaterThanOrEqual(lesionCount * Object.keys(expected.criteria).length);
    });

    it('exports DICOM SR: one TID 1500 report per timepoint, each valid for dciodvfy and dsrdump', async () => {
      const paths = await downloadsOf(page(), 3, exportsDir, () => page().locator('[data-testid="export-sr"]').click());
      srPaths = paths;
      expect(paths.map((path) => basename(path).match(/-(BL|FU\d)-/)?.[1]).sort()).toEqual(['BL', 'FU1', 'FU2']);
      for (const path of paths) {
        const { errors, summary } = dciodvfy(path);
        console.log(`dciodvfy ${basename(path)}: ${summary}`);
        expect(errors, basename(path)).toEqual([]);
        const dump = dsrdump(path);
        expect(dump.status, dump.stderr).toBe(0);
        expect(dump.stdout).toContain('<CONTAINER:(126000,DCM,"Imaging Measurement Report")');
        expect(dump.stdout).toContain('<has obs context TEXT:(112039,DCM,"Tracking Identifier")="L1">');
        // each axis also on its image in 2D, for viewers that draw SRs on images (OHIF)
        expect(dump.stdout).toContain('<inferred from SCOORD:=(POLYLINE,');
      }
      expect(await page().locator('[data-testid="exchange-notice"]').innerText()).toBe('Exported 3 DICOM SRs (BL, FU1, FU2).');
    });

    it('stores the SRs in the PACS (STOW-RS), one SR series in each CT study', async () => {
      await page().locator('[data-testid="store-sr"]').click();
      await page().locator('[data-testid="exchange-notice"]', { hasText: 'Stored 3 DICOM SRs in the PACS' }).waitFor({ timeout: 30_000 });
      const orthanc = `http://127.0.0.1:${inject('pacs').orthancPort}/dicom-web`;
      for (const study of [baseline, followUp1, followUp2]) {
        const series = (await (await fetch(`${orthanc}/studies/${study.study.studyInstanceUID}/series?Modality=SR`)).json()) as unknown[];
        expect(series, study.study.timepoint).toHaveLength(1);
      }
    });

    it('imports a read from SR files, and says so when a file is not a Nadir report', async () => {
      const notice = page().locator('[data-testid="exchange-notice"]');
      await page().locator('[data-testid="import-sr"]').setInputFiles(`${corpusDir}sr/highdicom_sr_document_TID1500.dcm`);
      await page().locator('[data-testid="import-review"][data-state="refused"]').waitFor();
      const rules = await page().locator('[data-testid="import-problems"] li').evaluateAll((items) => items.map((item) => item.getAttribute('data-rule')));
      expect(rules).toContain('notNadirReport');
      await page().locator('[data-testid="import-cancel"]').click();

      // the read was written by this read: importing it back changes nothing, which the review says
      await page().locator('[data-testid="import-sr"]').setInputFiles(srPaths);
      await page().locator('[data-testid="import-review"][data-state="same"]').waitFor();
      await page().locator('[data-testid="import-cancel"]').click();
      // an import after a change: the change is listed, and replacing takes the read back to the SRs
      const revision = await savedRevision();
      const l1Label = (await editLesion(page(), 'L1')).locator('input[aria-label="Lesion label"]');
      await l1Label.fill('L1-renamed');
      await page().keyboard.press('Escape');
      await waitForSave(page(), revision);
      const renamed = await savedRevision();
      await page().locator('[data-testid="import-sr"]').setInputFiles(srPaths);
      await page().locator('[data-testid="import-review"][data-state="confirm"]').waitFor();
      expect(await page().locator('[data-testid="import-diff"]').innerText()).toContain('L1-renamed: renamed L1');
      await page().locator('[data-testid="import-replace"]').click();
      await page().locator('[data-testid="exchange-notice"][data-kind="info"]').waitFor();
      expect(await notice.innerText()).toContain(`Replaced your read by the import of 3 SR files: ${exported.read.lesions.length} lesions`);
      await waitForSave(page(), renamed);
      await page().locator('[data-testid="response-panel"][data-state="done"]').waitFor();
      const [path] = await downloadsOf(page(), 1, `${exportsDir}reimported`, () => page().locator('[data-testid="export-read"]').click());
      const reimported = JSON.parse(readFileSync(path!, 'utf8')) as NadirReadExport;
      expect(comparable(reimported.read)).toEqual(comparable(exported.read, true));
      // the imported lesions carry their tracking UIDs as ids: the same lesions, labels and verdicts
      expect(namedByLabel(reimported.output, reimported.read.lesions)).toEqual(namedByLabel(exported.output, exported.read.lesions));
    });

    it('rebuilds the identical read in a fresh browser profile from the PACS alone', async () => {
      const fresh = await openBrowser();
      try {
        const other = fresh.page;
        await other.goto(inject('baseUrl'));
        await other.locator('[data-testid="dicomweb-patient-id"]').fill(PHANTOM.patientId);
        await other.locator('[data-testid="dicomweb-search"]').click();
        await other.locator('[data-testid="dicomweb-open-patient"]').click();
        await other.locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 90_000 });
        await other.locator('[data-testid="reader-name"]').fill('Dr Phantom');
        await other.locator('[data-testid="reader-start"]').click();
        // the read is offered once every study has arrived (the baseline shows while follow-ups load)
        await other.locator('[data-testid="loading"]').waitFor({ state: 'detached', timeout: 120_000 });
        await other.locator('[data-testid="sr-read"][data-reader="Dr Phantom"]').waitFor({ timeout: 30_000 });
        await other.locator('[data-testid="import-sr-read"]').click();
        await other.locator('[data-testid="import-review"][data-state="confirm"]').waitFor();
        await other.locator('[data-testid="import-replace"]').click();
        await other.locator('[data-testid="exchange-notice"][data-kind="info"]').waitFor();
        await other.locator('[data-testid="response-panel"][data-state="done"]').waitFor();
        const [path] = await downloadsOf(other, 1, `${exportsDir}fresh`, () => other.locator('[data-testid="export-read"]').click());
        const rebuilt = JSON.parse(readFileSync(path!, 'utf8')) as NadirReadExport;
        expect(comparable(rebuilt.read)).toEqual(comparable(exported.read, true));
        expect(namedByLabel(rebuilt.input, rebuilt.read.lesions)).toEqual(namedByLabel(exported.input, exported.read.lesions));
        expect(namedByLabel(rebuilt.output, rebuilt.read.lesions)).toEqual(namedByLabel(exported.output, exported.read.lesions));
        for (const [criterion, result] of Object.entries(expected.criteria)) {
          for (const timepoint of result.timepoints) {
            expect(await other.locator(`[data-testid="response-${criterion}-${timepoint.id}"]`).getAttribute('data-overall'), `${criterion} ${timepoint.id}`).toBe(timepoint.overallResponse);
          }
        }
        expect(fresh.pageErrors).toEqual([]);
        await other.screenshot({ path: new URL('./artifacts/read-rebuilt-from-pacs.png', import.meta.url).pathname });
      } finally {
        await fresh.close();
      }
    });
  });

  // Last: it changes the read's density of L1 at baseline.
  it('records the mean attenuation of an ellipse drawn inside a lesion (Choi), on the portal-venous image', async () => {
    const truth = baseline.lesions.find((lesion) => lesion.role === 'target' && lesion.meanHU !== undefined)!;
    await row(truth.id).locator('th').click();
    const picker = page().locator('[data-testid="series-picker-baseline"]');
    const portal = await picker.locator('option', { hasText: 'PORTAL' }).getAttribute('value');
    await picker.selectOption(portal!);
    // the portal-venous series drawn, not the series shown before it
    await page().locator(`[data-testid="viewport-baseline"][data-series-uid="${portal!}"]`).waitFor();
    await goToLargestSlice(page(), 'baseline', baseline, truth);
    await page().keyboard.press('h');
    const [a, b] = truth.longAxisEndpointsMm;
    const centre: [number, number, number] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
    // an ellipse well inside the lesion: semi-axes of a quarter of the short axis, dragged from the centre
    const huField = editorAt(page(), baseline.study.studyInstanceUID).locator('input.hu-input');
    const typedHU = await huField.inputValue();
    const dragFromCentre = async (semiAxisMm: number) => {
      const from = await toClient(page(), 'baseline', centre);
      const corner = await toClient(page(), 'baseline', [centre[0] + semiAxisMm * Math.SQRT1_2, centre[1] + semiAxisMm * Math.SQRT1_2, centre[2]]);
      await page().mouse.move(from[0], from[1]);
      await page().mouse.down();
      await page().mouse.move(corner[0], corner[1], { steps: 6 });
      await page().mouse.up();
    };
    // an ellipse larger than the lesion would measure its surroundings: refused, nothing recorded
    await dragFromCentre(truth.longAxisMm);
    await page().locator('[data-testid="read-message"][data-kind="warning"]', { hasText: `is larger than ${truth.id}` }).waitFor();
    expect(await huField.inputValue()).toBe(typedHU);

    const revision = await savedRevision();
    await dragFromCentre(truth.shortAxisMm / 4);
    const message = page().locator('[data-testid="read-message"][data-kind="info"]');
    await message.waitFor();
    console.log(`density ROI on ${truth.id} BL (design ${truth.meanHU} HU): ${await message.innerText()}`);
    expect(await message.innerText()).toMatch(new RegExp(`^${truth.id} BL: mean -?\\d+\\.\\d HU \\(SD \\d+\\.\\d\\) over \\d+ pixels, \\d+\\.\\d\\d cm²\\.$`));
    await waitForSave(page(), revision);
    const recorded = Number(await huField.inputValue());
    // the design value is noise-free; the image has noise of SD 10 HU over some hundred pixels
    expect(Math.abs(recorded - truth.meanHU!), `${recorded} HU vs ${truth.meanHU} HU`).toBeLessThanOrEqual(3);
    await page().keyboard.press('Escape');
  });
});
