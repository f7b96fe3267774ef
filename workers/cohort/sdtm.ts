import { CRITERIA_NAMES, type CriteriaName, type LesionInput, type PatientInput, type TimepointInput } from '../domain/input';
import type { CriteriaResult, PatientOutput } from '../domain/result';
import { columnsOf, csvText, type Column, type CsvCell } from '../report/csv';
import { CRITERION_LABELS } from '../report/reportModel';
import { RS_STANDARD, RS_TESTS, TR_MEASUREMENTS, TR_SUM, TUMOR_STATE, TU_ROLE, tumorMethod, type RsTestCode } from './terms';

/**
 * CDISC SDTM TU, TR and RS rows for an assessed cohort (README "Cohort exports" has the mapping and
 * its sources). Values are the engine's: lengths as read (0.1 mm), sums to 0.01 as the engine reports them.
 */

export interface AssessedPatient {
  readonly input: PatientInput;
  readonly output: PatientOutput;
}

/** The criteria a patient was assessed under, in the app's order. */
export const assessedCriteria = (output: PatientOutput): { name: CriteriaName; result: CriteriaResult }[] =>
  CRITERIA_NAMES.flatMap((name) => {
    const result = output.criteria[name];
    return result ? [{ name, result }] : [];
  });

interface Identified {
  readonly studyId: string;
  readonly patientId: string;
  readonly seq: number;
}

const identifiers = <Row extends Identified>(domain: string): Column<Row>[] => [
  { header: 'STUDYID', cell: (row) => row.studyId },
  { header: 'DOMAIN', cell: () => domain },
  { header: 'USUBJID', cell: (row) => row.patientId },
  { header: `${domain}SEQ`, cell: (row) => row.seq },
];

/** Sequence numbers restart at 1 for each subject (SDTMIG --SEQ: unique within a subject and domain). */
function numbered<Row>(studyId: string, patientId: string, rows: readonly Row[]): (Row & Identified)[] {
  return rows.map((row, index) => ({ ...row, studyId, patientId, seq: index + 1 }));
}

// --- TU: one row per lesion, at the visit it was first recorded ---

interface TuRow extends Identified {
  readonly lesion: LesionInput;
  readonly timepoint: TimepointInput;
}

const TU_TABLE = columnsOf<TuRow>([
  ...identifiers<TuRow>('TU'),
  // the link id a trial's listings show: the reader's label (unique within a read), the id without one
  { header: 'TULNKID', cell: ({ lesion }) => lesion.label ?? lesion.id },
  { header: 'TUTESTCD', cell: () => 'TUMIDENT' },
  { header: 'TUTEST', cell: () => 'Tumor Identification' },
  { header: 'TUORRES', cell: ({ lesion }) => TU_ROLE[lesion.role] },
  { header: 'TUSTRESC', cell: ({ lesion }) => TU_ROLE[lesion.role] },
  { header: 'TULOC', cell: ({ lesion }) => lesion.organ ?? null },
  { header: 'TUMETHOD', cell: ({ timepoint }) => tumorMethod(timepoint.modality) },
  { header: 'VISIT', cell: ({ timepoint }) => timepoint.id },
  { header: 'TUDTC', cell: ({ timepoint }) => timepoint.date },
]);

function tuRows(studyId: string, { input }: AssessedPatient): TuRow[] {
  const seen = new Set<string>();
  const rows: Omit<TuRow, keyof Identified>[] = [];
  for (const timepoint of input.timepoints) {
    for (const lesion of timepoint.lesions) {
      if (seen.has(lesion.id)) continue;
      seen.add(lesion.id);
      rows.push({ lesion, timepoint });
    }
  }
  return numbered(studyId, input.patientId, rows);
}

// --- TR: each lesion's measurements and state per visit; the target sum per criterion and visit ---

type TrEntry =
  | { readonly kind: 'measurement'; readonly lesion: LesionInput; readonly timepoint: TimepointInput; readonly code: string; readonly test: string; readonly unit: 'mm' | 'mL'; readonly value: number }
  | { readonly kind: 'state'; readonly lesion: LesionInput; readonly timepoint: TimepointInput }
  | { readonly kind: 'sum'; readonly criterion: CriteriaName; readonly unit: keyof typeof TR_SUM; readonly visit: string; readonly date: string; readonly sum: number | null };

type TrRow = TrEntry & Identified;

const trTest = (row: TrEntry): { code: string; test: string } =>
  row.kind === 'measurement' ? row : row.kind === 'state' ? { code: 'TUMSTATE', test: 'Tumor State' } : TR_SUM[row.unit];
const trUnit = (row: TrEntry): string | null => (row.kind === 'measurement' ? row.unit : row.kind === 'sum' ? TR_SUM[row.unit].unit : null);
const trNumber = (row: TrEntry): number | null => (row.kind === 'measurement' ? row.value : row.kind === 'sum' ? row.sum : null);
const trOriginal = (row: TrEntry): CsvCell => (row.kind === 'state' ? (row.lesion.status ?? 'present') : trNumber(row));
const trStandard = (row: TrEntry): CsvCell => (row.kind === 'state' ? TUMOR_STATE[row.lesion.status ?? 'present'] : trNumber(row));

const TR_TABLE = columnsOf<TrRow>([
  ...identifiers<TrRow>('TR'),
  { header: 'TRGRPID', cell: (row) => (row.kind === 'sum' ? null : TU_ROLE[row.lesion.role]) },
  { header: 'TRLNKID', cell: (row) => (row.kind === 'sum' ? null : (row.lesion.label ?? row.lesion.id)) },
  { header: 'TRTESTCD', cell: (row) => trTest(row).code },
  { header: 'TRTEST', cell: (row) => trTest(row).test },
  { header: 'TRCAT', cell: (row) => (row.kind === 'sum' ? CRITERION_LABELS[row.criterion] : null) },
  { header: 'TRORRES', cell: trOriginal },
  { header: 'TRORRESU', cell: trUnit },
  { header: 'TRSTRESC', cell: trStandard },
  { header: 'TRSTRESN', cell: trNumber },
  { header: 'TRSTRESU', cell: trUnit },
  { header: 'TRSTAT', cell: (row) => (row.kind === 'sum' && row.sum === null ? 'NOT DONE' : null) },
  { header: 'TRREASND', cell: (row) => (row.kind === 'sum' && row.sum === null ? 'NOT EVALUABLE' : null) },
  { header: 'VISIT', cell: (row) => (row.kind === 'sum' ? row.visit : row.timepoint.id) },
  { header: 'TRDTC', cell: (row) => (row.kind === 'sum' ? row.date : row.timepoint.date) },
]);

function lesionEntries(timepoint: TimepointInput): TrEntry[] {
  return timepoint.lesions.flatMap((lesion) => [
    { kind: 'state' as const, lesion, timepoint },
    ...TR_MEASUREMENTS.flatMap(({ code, test, field, unit }) => {
      const value = lesion[field];
      return typeof value === 'number' ? [{ kind: 'measurement' as const, lesion, timepoint, code, test, unit, value }] : [];
    }),
  ]);
}

function sumEntries(output: PatientOutput): TrEntry[] {
  return assessedCriteria(output).flatMap(({ name, result }) => [
    { kind: 'sum' as const, criterion: name, unit: result.sumUnit, visit: result.baseline.id, date: result.baseline.date, sum: result.baseline.targetSum },
    ...result.timepoints.map((timepoint) => ({ kind: 'sum' as const, criterion: name, unit: result.sumUnit, visit: timepoint.id, date: timepoint.date, sum: timepoint.targetSum })),
  ]);
}

function trRows(studyId: string, { input, output }: AssessedPatient): TrRow[] {
  return numbered(studyId, input.patientId, [...input.timepoints.flatMap(lesionEntries), ...sumEntries(output)]);
}

// --- RS: per visit and criterion TRGRESP, NTRGRESP, NEWLPROG, OVRLRESP; per criterion BESTRESP ---

export interface RsEntry {
  readonly criterion: CriteriaName;
  readonly testCode: RsTestCode;
  /** the engine's own label (for NEWLPROG, Y or N for the engine's `newLesions`) */
  readonly result: string;
  /** null for BESTRESP, which belongs to no visit */
  readonly visit: string | null;
  readonly date: string | null;
}

type RsRow = RsEntry & Identified;

const standardResponse = (entry: RsEntry): string | null =>
  entry.testCode === 'NEWLPROG' ? entry.result : (RS_STANDARD[entry.result as keyof typeof RS_STANDARD] ?? null);

const RS_TABLE = columnsOf<RsRow>([
  ...identifiers<RsRow>('RS'),
  { header: 'RSTESTCD', cell: (row) => row.testCode },
  { header: 'RSTEST', cell: (row) => RS_TESTS[row.testCode] },
  { header: 'RSCAT', cell: (row) => CRITERION_LABELS[row.criterion] },
  { header: 'RSORRES', cell: (row) => row.result },
  { header: 'RSSTRESC', cell: standardResponse },
  { header: 'RSSTAT', cell: (row) => (row.result === 'ND' ? 'NOT DONE' : null) },
  { header: 'RSREASND', cell: (row) => (row.result === 'ND' ? 'NO LESION OF THIS KIND AT BASELINE' : null) },
  { header: 'VISIT', cell: (row) => row.visit },
  { header: 'RSDTC', cell: (row) => row.date },
]);

/** The RS content of one patient, in row order: what the tests compare with the engine's output. */
export function rsEntries(output: PatientOutput): RsEntry[] {
  return assessedCriteria(output).flatMap(({ name: criterion, result }) => [
    ...result.timepoints.flatMap((timepoint) => {
      const at = { criterion, visit: timepoint.id, date: timepoint.date };
      return [
        { ...at, testCode: 'TRGRESP' as const, result: timepoint.targetResponse },
        { ...at, testCode: 'NTRGRESP' as const, result: timepoint.nonTargetResponse },
        { ...at, testCode: 'NEWLPROG' as const, result: timepoint.newLesions ? 'Y' : 'N' },
        { ...at, testCode: 'OVRLRESP' as const, result: timepoint.overallResponse },
      ];
    }),
    { criterion, visit: null, date: null, testCode: 'BESTRESP' as const, result: result.bestOverallResponse },
  ]);
}

/** A table as cells, written once as CSV and once as HTML. */
export interface CellTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly CsvCell[])[];
}

const cells = <Row>(table: readonly Column<Row>[], rows: readonly Row[]): CellTable => ({
  header: table.map((column) => column.header),
  rows: rows.map((row) => table.map((column) => column.cell(row))),
});

export const csvOf = (table: CellTable): string => csvText(table.header, table.rows);

export interface SdtmTables {
  readonly tu: CellTable;
  readonly tr: CellTable;
  readonly rs: CellTable;
}

export function sdtmTables(studyId: string, patients: readonly AssessedPatient[]): SdtmTables {
  return {
    tu: cells(TU_TABLE, patients.flatMap((patient) => tuRows(studyId, patient))),
    tr: cells(TR_TABLE, patients.flatMap((patient) => trRows(studyId, patient))),
    rs: cells(
      RS_TABLE,
      patients.flatMap(({ input, output }) => numbered(studyId, input.patientId, rsEntries(output))),
    ),
  };
}
