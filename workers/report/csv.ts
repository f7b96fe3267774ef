import type { CriteriaRow, LesionCriterionValue, LesionRow, ReportModel } from './reportModel';

/**
 * CSV exports of a report (README "Report exports" documents the columns). RFC 4180 quoting, CRLF
 * line ends, a UTF-8 byte-order mark so that spreadsheets detect the encoding. Text cells that a
 * spreadsheet would run as a formula (= + - @, tab, carriage return first) get a leading single quote:
 * lesion labels, organs and reasons can come from untrusted DICOM. Numbers stay numbers, negative ones
 * included.
 */

export type CsvCell = string | number | boolean | null;

export const CSV_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as CSV text. */
export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Plain decimal notation, never an exponent; -0 is 0. */
function numberText(value: number): string {
  if (Object.is(value, -0) || value === 0) return '0';
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(20).replace(/\.?0+$/, '') : text;
}

/** Rounds for the export (0.01 mm, 0.1 %), keeping null. */
const round = (value: number | null, digits: number): number | null => (value === null ? null : Number(value.toFixed(digits)));

export function csvText(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))];
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}

/** A column of an export: its header and how a row fills it, in one place so the two cannot drift apart. */
export interface Column<Row> {
  readonly header: string;
  cell(row: Row): CsvCell;
}

export const columnsOf = <Row>(table: readonly Column<Row>[]) => table;

/** What a lesion row of the CSV is made from: a lesion at a timepoint under one criterion. */
interface LesionCsvRow {
  report: ReportModel;
  lesion: LesionRow;
  value: LesionCriterionValue;
}

const LESION_TABLE = columnsOf<LesionCsvRow>([
  { header: 'patient_id', cell: ({ report }) => report.header.patientId },
  { header: 'read_id', cell: ({ report }) => report.header.readId },
  // blinded double read (issue 15 §2): every export names whose read it is
  { header: 'reader', cell: ({ report }) => report.header.readerName },
  { header: 'criterion', cell: ({ value }) => value.criterion },
  { header: 'timepoint', cell: ({ lesion }) => lesion.timepoint },
  { header: 'date', cell: ({ lesion }) => lesion.date },
  { header: 'study_instance_uid', cell: ({ lesion }) => lesion.studyInstanceUid },
  { header: 'lesion', cell: ({ lesion }) => lesion.lesionLabel },
  { header: 'role', cell: ({ lesion }) => lesion.role },
  { header: 'organ', cell: ({ lesion }) => lesion.organ },
  { header: 'lymph_node', cell: ({ lesion }) => lesion.isLymphNode },
  { header: 'status', cell: ({ lesion }) => lesion.status },
  { header: 'long_axis_mm', cell: ({ lesion }) => round(lesion.longAxisMm, 2) },
  { header: 'short_axis_mm', cell: ({ lesion }) => round(lesion.shortAxisMm, 2) },
  { header: 'enhancing_long_axis_mm', cell: ({ lesion }) => round(lesion.enhancingLongAxisMm, 2) },
  { header: 'enhancing_short_axis_mm', cell: ({ lesion }) => round(lesion.enhancingShortAxisMm, 2) },
  { header: 'mean_hu', cell: ({ lesion }) => round(lesion.meanHU, 2) },
  { header: 'criterion_value', cell: ({ value }) => round(value.value, 2) },
  { header: 'criterion_unit', cell: ({ value }) => value.unit },
  { header: 'criterion_change_from_baseline_pct', cell: ({ value }) => round(value.changeFromBaselinePct, 1) },
  { header: 'split_from', cell: ({ lesion }) => lesion.splitFromLabel },
  { header: 'merged_into', cell: ({ lesion }) => lesion.mergedIntoLabel },
  { header: 'series_instance_uid', cell: ({ lesion }) => lesion.image?.seriesInstanceUid ?? null },
  { header: 'sop_instance_uid', cell: ({ lesion }) => lesion.image?.sopInstanceUid ?? null },
  { header: 'frame_number', cell: ({ lesion }) => lesion.image?.frameNumber ?? null },
]);

/** What a timepoint row of the CSV is made from: a criterion at a timepoint. */
interface TimepointCsvRow {
  report: ReportModel;
  row: CriteriaRow;
  best: CriteriaRow['overallResponse'] | null;
}

const reasonsOf = ({ report, row }: TimepointCsvRow) =>
  report.reasons
    .filter((reason) => reason.criterion === row.criterion && reason.timepoint === row.timepoint)
    .map((reason) => `${reason.rule}: ${reason.text}`)
    .join(' | ') || null;

const foundMargin = (row: CriteriaRow) => (row.margin?.kind === 'found' ? row.margin : null);

const TIMEPOINT_TABLE = columnsOf<TimepointCsvRow>([
  { header: 'patient_id', cell: ({ report }) => report.header.patientId },
  { header: 'read_id', cell: ({ report }) => report.header.readId },
  // blinded double read (issue 15 §2): every export names whose read it is
  { header: 'reader', cell: ({ report }) => report.header.readerName },
  { header: 'criterion', cell: ({ row }) => row.criterion },
  { header: 'timepoint', cell: ({ row }) => row.timepoint },
  { header: 'date', cell: ({ row }) => row.date },
  { header: 'days_from_baseline', cell: ({ row }) => row.daysFromBaseline },
  { header: 'unit', cell: ({ row }) => row.unit },
  { header: 'target_sum', cell: ({ row }) => round(row.targetSum, 2) },
  { header: 'baseline_sum', cell: ({ row }) => round(row.baselineSum, 2) },
  { header: 'nadir_sum', cell: ({ row }) => round(row.nadirSum, 2) },
  { header: 'change_from_baseline_pct', cell: ({ row }) => round(row.changeFromBaselinePct, 1) },
  { header: 'change_from_nadir_pct', cell: ({ row }) => round(row.changeFromNadirPct, 1) },
  { header: 'target_response', cell: ({ row }) => row.targetResponse },
  { header: 'non_target_response', cell: ({ row }) => row.nonTargetResponse },
  { header: 'new_lesions', cell: ({ row }) => row.newLesions },
  { header: 'overall_response', cell: ({ row }) => row.overallResponse },
  { header: 'after_progression', cell: ({ row }) => row.afterProgression },
  { header: 'density_change_from_baseline_pct', cell: ({ row }) => round(row.densityChangeFromBaselinePct, 1) },
  // MARGIN-1..3: exact values (0.01 mm, 0.0001 mm²), not rounded further; empty on the baseline and without a margin
  { header: 'margin_sum_change', cell: ({ row }) => foundMargin(row)?.sumChange ?? null },
  { header: 'margin_sum_change_pct', cell: ({ row }) => foundMargin(row)?.sumChangePct ?? null },
  { header: 'margin_toward', cell: ({ row }) => foundMargin(row)?.toward ?? null },
  { header: 'margin_lesion', cell: ({ row }) => foundMargin(row)?.lesion.name ?? null },
  { header: 'margin_lesion_axis', cell: ({ row }) => foundMargin(row)?.lesion.axis ?? null },
  { header: 'margin_lesion_change_mm', cell: ({ row }) => foundMargin(row)?.lesion.changeMm ?? null },
  { header: 'margin_lesion_noise_limit_mm', cell: ({ row }) => foundMargin(row)?.lesion.noiseLimitMm ?? null },
  { header: 'within_measurement_noise', cell: ({ row }) => row.margin?.withinNoise ?? null },
  { header: 'measurement_noise_model', cell: ({ row }) => row.margin?.noiseModel ?? null },
  { header: 'margin_none_why', cell: ({ row }) => (row.margin?.kind === 'none' ? row.margin.why : null) },
  { header: 'best_overall_response', cell: ({ best }) => best },
  // the protocol settings the verdicts were computed with (issue 15 §4), repeated on each row like the best response
  { header: 'protocol_require_confirmation', cell: ({ report }) => report.header.protocol.requireConfirmation },
  { header: 'protocol_min_sd_duration_days', cell: ({ report }) => report.header.protocol.minSdDurationDays },
  { header: 'protocol_who_progression_mode', cell: ({ report }) => report.header.protocol.whoProgressionMode },
  { header: 'reasons', cell: reasonsOf },
]);

export const LESION_COLUMNS = LESION_TABLE.map((column) => column.header);
export const TIMEPOINT_COLUMNS = TIMEPOINT_TABLE.map((column) => column.header);

export interface ReportCsv {
  /** one row per lesion per timepoint per criterion */
  lesions: string;
  /** one row per timepoint per criterion (the baseline included) */
  timepoints: string;
}

/** A table as CSV text: its header row, then a row per item. */
export function tableText<Row>(table: readonly Column<Row>[], rows: readonly Row[]): string {
  return csvText(
    table.map((column) => column.header),
    rows.map((row) => table.map((column) => column.cell(row))),
  );
}

export function toCsv(report: ReportModel): ReportCsv {
  const lesionRows = report.lesionRows.flatMap((lesion) => lesion.criteria.map((value) => ({ report, lesion, value })));
  const best = new Map(report.bestResponses.map((entry) => [entry.criterion, entry.response]));
  const timepointRows = report.criteriaRows.map((row) => ({ report, row, best: best.get(row.criterion) ?? null }));
  return { lesions: tableText(LESION_TABLE, lesionRows), timepoints: tableText(TIMEPOINT_TABLE, timepointRows) };
}
