import type { ReportModel } from './reportModel';

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

export const LESION_COLUMNS = [
  'patient_id',
  'read_id',
  'criterion',
  'timepoint',
  'date',
  'study_instance_uid',
  'lesion',
  'role',
  'organ',
  'lymph_node',
  'status',
  'long_axis_mm',
  'short_axis_mm',
  'enhancing_long_axis_mm',
  'enhancing_short_axis_mm',
  'mean_hu',
  'criterion_value',
  'criterion_unit',
  'criterion_change_from_baseline_pct',
  'split_from',
  'merged_into',
  'series_instance_uid',
  'sop_instance_uid',
  'frame_number',
] as const;

export const TIMEPOINT_COLUMNS = [
  'patient_id',
  'read_id',
  'criterion',
  'timepoint',
  'date',
  'days_from_baseline',
  'unit',
  'target_sum',
  'baseline_sum',
  'nadir_sum',
  'change_from_baseline_pct',
  'change_from_nadir_pct',
  'target_response',
  'non_target_response',
  'new_lesions',
  'overall_response',
  'after_progression',
  'density_change_from_baseline_pct',
  'best_overall_response',
  'reasons',
] as const;

export interface ReportCsv {
  /** one row per lesion per timepoint per criterion */
  lesions: string;
  /** one row per timepoint per criterion (the baseline included) */
  timepoints: string;
}

export function toCsv(report: ReportModel): ReportCsv {
  const { patientId, readId } = report.header;
  const lesionRows = report.lesionRows.flatMap((row) =>
    row.criteria.map((value): CsvCell[] => [
      patientId,
      readId,
      value.criterion,
      row.timepoint,
      row.date,
      row.studyInstanceUid,
      row.lesionLabel,
      row.role,
      row.organ,
      row.isLymphNode,
      row.status,
      round(row.longAxisMm, 2),
      round(row.shortAxisMm, 2),
      round(row.enhancingLongAxisMm, 2),
      round(row.enhancingShortAxisMm, 2),
      round(row.meanHU, 2),
      round(value.value, 2),
      value.unit,
      round(value.changeFromBaselinePct, 1),
      row.splitFromLabel,
      row.mergedIntoLabel,
      row.image?.seriesInstanceUid ?? null,
      row.image?.sopInstanceUid ?? null,
      row.image?.frameNumber ?? null,
    ]),
  );
  const best = new Map(report.bestResponses.map((entry) => [entry.criterion, entry.response]));
  const timepointRows = report.criteriaRows.map((row): CsvCell[] => [
    patientId,
    readId,
    row.criterion,
    row.timepoint,
    row.date,
    row.daysFromBaseline,
    row.unit,
    round(row.targetSum, 2),
    round(row.baselineSum, 2),
    round(row.nadirSum, 2),
    round(row.changeFromBaselinePct, 1),
    round(row.changeFromNadirPct, 1),
    row.targetResponse,
    row.nonTargetResponse,
    row.newLesions,
    row.overallResponse,
    row.afterProgression,
    round(row.densityChangeFromBaselinePct, 1),
    best.get(row.criterion) ?? null,
    report.reasons
      .filter((reason) => reason.criterion === row.criterion && reason.timepoint === row.timepoint)
      .map((reason) => `${reason.rule}: ${reason.text}`)
      .join(' | ') || null,
  ]);
  return { lesions: csvText(LESION_COLUMNS, lesionRows), timepoints: csvText(TIMEPOINT_COLUMNS, timepointRows) };
}
