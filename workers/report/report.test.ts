import { describe, expect, it } from 'vitest';
import { assessPatient } from '../engine';
import type { PatientOutput } from '../domain/result';
import type { ReadSession } from '../read/model';
import { toExchangeInput } from '../read/toExchangeInput';
import { CSV_BOM, csvCell, toCsv } from './csv';
import { FIXTURE_SESSION, STUDY } from '../../tests/fixtures/reportRead';
import { isNadirReadExport, toJsonExport } from './jsonExport';
import { buildReportModel, displayPersonName } from './reportModel';
import { formatAxesMm } from '../domain/lengths';

function assess(session: ReadSession): PatientOutput {
  const reply = assessPatient(toExchangeInput(session));
  if (!reply.ok) throw new Error(JSON.stringify(reply.problems));
  return reply.output;
}

const output = assess(FIXTURE_SESSION);
const report = buildReportModel(FIXTURE_SESSION, output, {
  generatedAt: '2024-07-12T10:00:00Z',
  studies: { [STUDY.fu2]: { studyDescription: 'CT ABD\u0007 <b>liver</b>', accessionNumber: 'A-77' } },
});

/** Splits CSV text into records of raw (still quoted) cells; records end in CRLF. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith(CSV_BOM)).toBe(true);
  const body = text.slice(1);
  expect(body.endsWith('\r\n')).toBe(true);
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i]!;
    cell += char;
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ',') {
      cells.push(cell.slice(0, -1));
      cell = '';
    } else if (!quoted && char === '\n') {
      expect(body[i - 1]).toBe('\r');
      cells.push(cell.slice(0, -2));
      records.push(cells);
      cells = [];
      cell = '';
    }
  }
  return records;
}

describe('report model: header', () => {
  it('names the patient for people and keeps the DICOM name', () => {
    expect(report.header.patientName).toBe('DOE^JANE');
    expect(report.header.patientNameDisplay).toBe('DOE, JANE');
    expect(report.header.readerName).toBe('Reader^Rita');
    expect(report.reader).toEqual({ name: 'Reader^Rita', generatedAt: '2024-07-12T10:00:00Z' });
  });

  it.each([
    ['DOE^JANE', 'DOE, JANE'],
    ['DOE^JANE^Q^Dr^PhD', 'DOE, Dr JANE Q PhD'],
    ['Yamada^Tarou=山田^太郎', 'Yamada, Tarou'],
    ['SMITH', 'SMITH'],
    ['', ''],
  ])('displayPersonName(%j) is %j', (pn, expected) => expect(displayPersonName(pn)).toBe(expected));

  it('lists the timepoints with study details, control characters removed (escaping is the view’s job)', () => {
    expect(report.header.timepoints.map((tp) => [tp.label, tp.date, tp.modality])).toEqual([
      ['BL', '2024-01-10', 'CT'],
      ['FU1', '2024-04-10', 'CT'],
      ['FU2', '2024-07-10', 'CT'],
    ]);
    expect(report.header.timepoints[2]).toMatchObject({ studyDescription: 'CT ABD <b>liver</b>', accessionNumber: 'A-77', studyId: null });
    expect(report.header.criteria).toEqual(['RECIST1.1', 'WHO', 'EASL', 'mRECIST', 'Choi', 'iRECIST']);
  });
});

describe('report model: summary lines', () => {
  it('gives one line per follow-up with each criterion and the cause of progression', () => {
    expect(report.summaries.map((line) => line.text)).toEqual([
      // FU1: RECIST sum 80.4 → 66.0 mm (-17.9 %): SD; mRECIST viable sum 63 → 26 mm (-58.7 %): PR;
      // EASL NE (the node has no enhancing measurement at baseline); Choi PR by size or density.
      'FU1 2024-04-10: RECIST 1.1 SD, WHO SD, EASL NE, mRECIST PR, Choi PR, iRECIST iSD',
      // FU2: the new lesion N1 makes every criterion progress; targets are shrinking.
      'FU2 2024-07-10: RECIST 1.1 PD (new lesion), WHO PD (new lesion), EASL PD (new lesion), mRECIST PD (new lesion), Choi PD (new lesion), iRECIST iUPD (new lesion)',
    ]);
  });

  it('names target and non-target progression when they are the cause', () => {
    // L1 grows from 42.4 to 80 mm at FU1 (sum 80 + 14 + 12 = 106 mm, +31.8 % and +25.6 mm over the 80.4 mm nadir)
    // and NT1 progresses unequivocally.
    const grown: ReadSession = {
      ...FIXTURE_SESSION,
      criteria: ['RECIST1.1'],
      observations: {
        ...FIXTURE_SESSION.observations,
        [STUDY.fu1]: {
          ...FIXTURE_SESSION.observations[STUDY.fu1],
          'les-a': { status: 'present', whole: { ...fu1Whole('les-a'), longAxisMm: 80 }, enhancing: { kind: 'notMeasured' }, meanHU: null },
          'les-d': { status: 'unequivocalProgression' },
        },
      },
    };
    const line = buildReportModel(grown, assess(grown), { generatedAt: 'now' }).summaries[0]!;
    expect(line.text).toBe('FU1 2024-04-10: RECIST 1.1 PD (target progression, non-target progression)');
  });
});

function fu1Whole(lesionId: string) {
  const observation = FIXTURE_SESSION.observations[STUDY.fu1]![lesionId]!;
  if (observation.status !== 'present' || !observation.whole) throw new Error('fixture changed');
  return observation.whole;
}

describe('report model: criteria × timepoint rows', () => {
  it('carries the hand-worked RECIST 1.1 sums and percentages, the baseline included', () => {
    const recist = report.criteriaRows.filter((row) => row.criterion === 'RECIST1.1');
    expect(recist.map((row) => [row.timepoint, row.targetSum, row.changeFromBaselinePct, row.changeFromNadirPct, row.overallResponse])).toEqual([
      ['BL', 80.4, null, null, null],
      ['FU1', 66, -17.9, -17.9, 'SD'],
      ['FU2', 58, -27.9, -12.1, 'PD'],
    ]);
    expect(recist[2]).toMatchObject({ unit: 'mm', nadirSum: 66, newLesions: true, targetResponse: 'SD', nonTargetResponse: 'NonCR/NonPD', daysFromBaseline: 182 });
  });

  it('sums products in mm² for WHO: 42.4 × 30.1 + 25 × 18 + 20 × 15 = 2026.24 at baseline', () => {
    const who = report.criteriaRows.filter((row) => row.criterion === 'WHO');
    expect(who[0]).toMatchObject({ unit: 'mm²', targetSum: 2026.24 });
    // FU1: 40 × 28 + 22 × 14 + 12 × 9 = 1536
    expect(who[1]).toMatchObject({ targetSum: 1536 });
  });
});

describe('report model: lesions, key images, notes and reasons', () => {
  it('lists each lesion from the timepoint it was first recorded, with the lengths the engine assessed (0.1 mm, G-2)', () => {
    const rows = report.lesionRows.map((row) => `${row.timepoint} ${row.lesionLabel} ${row.status}`);
    expect(rows).toEqual([
      'BL L1 present', 'BL L2 present', 'BL L3 present', 'BL NT1 present',
      'FU1 L1 present', 'FU1 L2 present', 'FU1 L3 present', 'FU1 NT1 present',
      'FU2 L1 present', 'FU2 L2 present', 'FU2 L3 disappeared', 'FU2 NT1 present', 'FU2 N1 present',
    ]);
    const l1 = report.lesionRows[0]!;
    // a caliper's 42.37125 × 30.123456 mm is assessed as 42.4 × 30.1: the report says what was judged
    expect(l1).toMatchObject({ longAxisMm: 42.4, shortAxisMm: 30.1, enhancingLongAxisMm: 30, enhancingShortAxisMm: 20, meanHU: 45.5, organ: 'liver segment VII' });
    expect(l1.criteria.find((value) => value.criterion === 'RECIST1.1')).toEqual({ criterion: 'RECIST1.1', unit: 'mm', value: 42.4, changeFromBaselinePct: 0 });
    // L3 had no enhancement left at FU1: 0, not "not measured"
    expect(report.lesionRows[6]).toMatchObject({ lesionLabel: 'L3', enhancingLongAxisMm: 0, enhancingShortAxisMm: 0 });
    // the node counts its short axis under RECIST: 14 mm at FU1
    expect(report.lesionRows[5]!.criteria[0]).toMatchObject({ value: 14, changeFromBaselinePct: -22.2 });
  });

  it('lists the key images of every measurement with their end points', () => {
    // BL: L1 ×2, L2, L3 ×2; FU1: L1 ×2, L2, L3 (no enhancement left); FU2: L1 ×2, L2, N1
    expect(report.keyImages).toHaveLength(13);
    const fu1 = report.keyImages.find((image) => image.lesionLabel === 'L1' && image.timepoint === 'FU1' && image.part === 'enhancing')!;
    expect(fu1).toMatchObject({ frameNumber: 12, longAxisMm: 12, shortAxisMm: 8, sopInstanceUid: '1.2.826.0.1.3680043.8.498.202.7' });
    const [a, b] = fu1.longAxis;
    expect(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])).toBeCloseTo(12, 9);
  });

  it('carries the conformance notes and the reasons of each verdict', () => {
    expect(report.conformanceNotes).toContainEqual(expect.objectContaining({ criterion: 'EASL', rule: 'CONF-6', severity: 'error', lesionLabel: 'L2' }));
    const fu2 = report.reasons.filter((reason) => reason.criterion === 'RECIST1.1' && reason.timepoint === 'FU2').map((reason) => reason.rule);
    // the verdict's reasons, then its measurement margin's (MARGIN-1..3)
    expect(fu2).toEqual(['R-TGT-4', 'R-NT-2', 'R-NEW-1', 'OV-1', 'MARGIN-1', 'MARGIN-2', 'MARGIN-3']);
    expect(report.bestResponses.map((best) => `${best.criterion} ${best.response}`)).toEqual(['RECIST1.1 SD', 'WHO SD', 'EASL PD', 'mRECIST PR', 'Choi PR', 'iRECIST iSD']);
  });
});

describe('CSV cells', () => {
  it.each<[string | number | boolean | null, string]>([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['line\nfeed', '"line\nfeed"'],
    [' padded ', '" padded "'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['a=b', 'a=b'],
    [-17.9, '-17.9'],
    [0, '0'],
    [-0, '0'],
    [1e-7, '0.0000001'],
    [2026.24, '2026.24'],
    [true, 'yes'],
    [false, 'no'],
    [null, ''],
    [Number.NaN, ''],
  ])('%j → %j', (value, expected) => expect(csvCell(value)).toBe(expected));
});

describe('CSV export', () => {
  const csv = toCsv(report);

  it('has a BOM, CRLF line ends and one row per lesion per timepoint per criterion', () => {
    const rows = parseCsv(csv.lesions);
    expect(rows[0]!.slice(0, 5)).toEqual(['patient_id', 'read_id', 'reader', 'criterion', 'timepoint']);
    // 4 + 4 + 5 lesion rows × 6 criteria
    expect(rows).toHaveLength(1 + 13 * 6);
    expect(rows.every((row) => row.length === rows[0]!.length)).toBe(true);
    const header = rows[0]!;
    const at = (row: string[], column: string) => row[header.indexOf(column)];
    const l2fu1 = rows.find((row) => at(row, 'lesion') === 'L2' && at(row, 'timepoint') === 'FU1' && at(row, 'criterion') === 'RECIST1.1')!;
    expect(at(l2fu1, 'criterion_change_from_baseline_pct')).toBe('-22.2');
    expect(at(l2fu1, 'lymph_node')).toBe('yes');
    expect(at(l2fu1, 'organ')).toBe('"lymph node, portocaval"');
    const l1bl = rows.find((row) => at(row, 'lesion') === 'L1' && at(row, 'timepoint') === 'BL' && at(row, 'criterion') === 'WHO')!;
    expect([at(l1bl, 'long_axis_mm'), at(l1bl, 'short_axis_mm'), at(l1bl, 'criterion_value'), at(l1bl, 'criterion_unit')]).toEqual(['42.4', '30.1', '1276.24', 'mm²']); // 42.4 × 30.1: the row's lengths give its value
  });

  it('has one row per timepoint per criterion with the reasons joined', () => {
    const rows = parseCsv(csv.timepoints);
    expect(rows).toHaveLength(1 + 3 * 6);
    const header = rows[0]!;
    const fu2 = rows.find((row) => row[header.indexOf('criterion')] === 'RECIST1.1' && row[header.indexOf('timepoint')] === 'FU2')!;
    // whose read it is, on every row (issue 15 §2)
    expect(rows.slice(1).every((row) => row[header.indexOf('reader')] === report.header.readerName)).toBe(true);
    expect(fu2[header.indexOf('target_sum')]).toBe('58');
    expect(fu2[header.indexOf('change_from_nadir_pct')]).toBe('-12.1');
    expect(fu2[header.indexOf('new_lesions')]).toBe('yes');
    expect(fu2[header.indexOf('best_overall_response')]).toBe('SD');
    expect(fu2[header.indexOf('reasons')]).toMatch(/^"?R-TGT-4: .* \| R-NT-2: .* \| R-NEW-1: .* \| OV-1: /);
  });

  it('carries the measurement margin: 58.0 mm is 1.72 mm above the PR sum of 80.4 mm (56.28 mm, MARGIN-1)', () => {
    const rows = parseCsv(csv.timepoints);
    const header = rows[0]!;
    const at = (row: string[], column: string) => row[header.indexOf(column)];
    const fu2 = rows.find((row) => row[header.indexOf('criterion')] === 'RECIST1.1' && row[header.indexOf('timepoint')] === 'FU2')!;
    // whose read it is, on every row (issue 15 §2)
    expect(rows.slice(1).every((row) => row[header.indexOf('reader')] === report.header.readerName)).toBe(true);
    expect(['margin_sum_change', 'margin_sum_change_pct', 'margin_toward', 'margin_lesion_change_mm', 'measurement_noise_model'].map((column) => at(fu2, column))).toEqual([
      '-1.72',
      '-2.97',
      'PR',
      '-1.72',
      'yoon2016',
    ]);
    expect(at(fu2, 'within_measurement_noise')).toBe('yes');
    const baseline = rows.find((row) => row[header.indexOf('criterion')] === 'RECIST1.1' && row[header.indexOf('timepoint')] === 'BL')!;
    expect([at(baseline, 'margin_sum_change'), at(baseline, 'within_measurement_noise')]).toEqual(['', '']);
  });

  it('defuses formulas in DICOM-derived text', () => {
    const hostile: ReadSession = {
      ...FIXTURE_SESSION,
      patientId: '=cmd|"/c calc"!A1',
      lesions: FIXTURE_SESSION.lesions.map((lesion) => (lesion.label === 'L1' ? { ...lesion, organ: '@SUM(1,2)', label: '+L1' } : lesion)),
    };
    const text = toCsv(buildReportModel(hostile, assess(hostile), { generatedAt: 'now' })).lesions;
    const firstRow = parseCsv(text)[1]!;
    expect(firstRow[0]).toBe(`"'=cmd|""/c calc""!A1"`);
    expect(firstRow[7]).toBe("'+L1");
    expect(firstRow[9]).toBe(`"'@SUM(1,2)"`);
  });
});

describe('JSON export', () => {
  it('holds the exchange input, the output and the read, and survives JSON', () => {
    const exported = JSON.parse(JSON.stringify(toJsonExport(FIXTURE_SESSION, output, '2024-07-12T10:00:00Z'))) as unknown;
    expect(isNadirReadExport(exported)).toBe(true);
    if (!isNadirReadExport(exported)) return;
    expect(exported).toMatchObject({ format: 'nadir-read', version: 1, exportedAt: '2024-07-12T10:00:00Z' });
    expect(exported.input.timepoints.map((tp) => tp.id)).toEqual(['BL', 'FU1', 'FU2']);
    expect(exported.input.timepoints[0]!.lesions[0]).toMatchObject({ id: 'les-a', label: 'L1', longAxisMm: 42.4, shortAxisMm: 30.1 });
    // the engine recomputes the same output from the exported input
    expect(assessPatient(exported.input)).toEqual({ ok: true, output: exported.output });
    // the read keeps full precision and the image coordinates
    const l1 = exported.read.observations[STUDY.bl]!['les-a']!;
    expect(l1.status === 'present' && l1.whole?.longAxisMm).toBe(42.37125);
    expect(l1.status === 'present' && l1.whole?.image.sopInstanceUid).toBe('1.2.826.0.1.3680043.8.498.201.41');
    expect(isNadirReadExport({ format: 'nadir-read', version: 2 })).toBe(false);
  });
});

describe('a 12.35 mm lesion is shown and assessed alike (one rounding, issue 12)', () => {
  const at1235 = {
    ...FIXTURE_SESSION,
    observations: {
      ...FIXTURE_SESSION.observations,
      [STUDY.fu1]: { ...FIXTURE_SESSION.observations[STUDY.fu1], 'les-b': { status: 'present', whole: { ...fu1Whole('les-b'), shortAxisMm: 12.35 }, enhancing: { kind: 'notMeasured' }, meanHU: null } },
    },
  } satisfies ReadSession;

  it('is 12.4 mm in the engine input, the report row, its text and the CSV', () => {
    const input = toExchangeInput(at1235);
    const fu1 = input.timepoints.find((timepoint) => timepoint.id === 'FU1')!;
    expect(fu1.lesions.find((lesion) => lesion.label === 'L2')!.shortAxisMm).toBe(12.4);
    const model = buildReportModel(at1235, assess(at1235), { generatedAt: 'now' });
    const row = model.lesionRows.find((candidate) => candidate.timepoint === 'FU1' && candidate.lesionLabel === 'L2')!;
    expect(row.shortAxisMm).toBe(12.4);
    // the node is assessed on its short axis (RECIST 1.1): the value judged is the value shown
    expect(row.criteria.find((value) => value.criterion === 'RECIST1.1')!.value).toBe(12.4);
    expect(formatAxesMm(row.longAxisMm!, row.shortAxisMm!)).toBe('22.0 × 12.4');
    expect(toCsv(model).lesions).toContain(',12.4,');
  });
});

describe('a label edited mid-read changes only the names shown (issue 12: ids carry identity)', () => {
  const renamed: ReadSession = {
    ...FIXTURE_SESSION,
    lesions: FIXTURE_SESSION.lesions.map((lesion) => (lesion.id === 'les-a' ? { ...lesion, label: 'Dome VII' } : lesion)),
  };
  const before = buildReportModel(FIXTURE_SESSION, output, { generatedAt: 'now' });
  const after = buildReportModel(renamed, assess(renamed), { generatedAt: 'now' });
  const valuesOf = (model: typeof before) => model.lesionRows.map(({ lesionId, timepoint, criteria, longAxisMm, shortAxisMm }) => ({ lesionId, timepoint, criteria, longAxisMm, shortAxisMm }));

  it('keeps every verdict and every lesion value, matched by id', () => {
    // the rows differ in the name their margin sentences use, and in nothing else
    expect(JSON.parse(JSON.stringify(after.criteriaRows).replaceAll('Dome VII', 'L1'))).toEqual(before.criteriaRows);
    expect(valuesOf(after)).toEqual(valuesOf(before));
    expect(after.lesionRows.filter((row) => row.lesionId === 'les-a').every((row) => row.lesionLabel === 'Dome VII')).toBe(true);
  });

  it('names the lesion by its new label wherever a reason or a note names it', () => {
    const texts = JSON.stringify([after.reasons, after.conformanceNotes, after.criteriaRows]);
    expect(JSON.stringify([before.reasons, before.conformanceNotes])).toMatch(/\bL1\b/);
    expect(texts).not.toMatch(/\bL1\b/);
    expect(texts).toContain('Dome VII');
  });
});
