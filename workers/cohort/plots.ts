import type { CriteriaName } from '../domain/input';
import type { CriteriaResult } from '../domain/result';
import type { RuleId } from '../domain/ruleIds';
import type { CellTable } from './sdtm';
import { assessedCriteria, type AssessedPatient } from './sdtm';
import { CRITERION_LABELS } from '../report/reportModel';

/**
 * Waterfall and spider plots of the cohort: the data (also written as CSV) and Vega-Lite specs, one
 * chart per criterion, stacked. Pure: rendering to SVG is in render.ts.
 */

/** The response and progression lines drawn on each criterion's plots, with the rules they come from (docs/criteria.md). */
/** Rule ids are typed: a rule renamed in docs/criteria.md (workers/domain/ruleIds.ts) fails to compile here. */
export const THRESHOLDS: Record<CriteriaName, { responsePct: number; responseRule: RuleId; progressionPct: number; progressionRule: RuleId }> = {
  'RECIST1.1': { responsePct: -30, responseRule: 'R-TGT-2', progressionPct: 20, progressionRule: 'R-TGT-3' },
  WHO: { responsePct: -50, responseRule: 'WHO-2', progressionPct: 25, progressionRule: 'WHO-3' },
  EASL: { responsePct: -50, responseRule: 'EASL-3', progressionPct: 25, progressionRule: 'EASL-4' },
  mRECIST: { responsePct: -30, responseRule: 'M-3', progressionPct: 20, progressionRule: 'M-4' },
  Choi: { responsePct: -10, responseRule: 'C-3', progressionPct: 10, progressionRule: 'C-4' },
  // iRECIST keeps RECIST 1.1's thresholds (IR-1)
  iRECIST: { responsePct: -30, responseRule: 'R-TGT-2', progressionPct: 20, progressionRule: 'R-TGT-3' },
  vRECIST: { responsePct: -65, responseRule: 'V-2', progressionPct: 73, progressionRule: 'V-3' },
  qEASL: { responsePct: -65, responseRule: 'QE-2', progressionPct: 73, progressionRule: 'QE-3' },
};

export interface WaterfallBar {
  readonly patientId: string;
  readonly criterion: CriteriaName;
  /** the smallest change of the target sum from baseline over the follow-ups before progression (G-6) */
  readonly bestChangePct: number;
  readonly visit: string;
  readonly bestOverallResponse: string;
}

export interface SpiderPoint {
  readonly patientId: string;
  readonly criterion: CriteriaName;
  readonly visit: string;
  readonly daysFromBaseline: number;
  readonly changePct: number;
}

function bestChange(result: CriteriaResult): { pct: number; visit: string } | null {
  let best: { pct: number; visit: string } | null = null;
  for (const timepoint of result.timepoints) {
    const pct = timepoint.changeFromBaselinePct;
    if (timepoint.afterProgression || pct === null) continue;
    if (best === null || pct < best.pct) best = { pct, visit: timepoint.id };
  }
  return best;
}

export function waterfallBars(patients: readonly AssessedPatient[]): WaterfallBar[] {
  return patients.flatMap(({ output }) =>
    assessedCriteria(output).flatMap(({ name, result }) => {
      const best = bestChange(result);
      return best ? [{ patientId: output.patientId, criterion: name, bestChangePct: best.pct, visit: best.visit, bestOverallResponse: result.bestOverallResponse }] : [];
    }),
  );
}

/** Every follow-up with a change from baseline, after the baseline itself at 0 %. */
export function spiderPoints(patients: readonly AssessedPatient[]): SpiderPoint[] {
  return patients.flatMap(({ output }) =>
    assessedCriteria(output).flatMap(({ name, result }) => {
      const followUps = result.timepoints.flatMap((timepoint) =>
        timepoint.changeFromBaselinePct === null ? [] : [{ patientId: output.patientId, criterion: name, visit: timepoint.id, daysFromBaseline: timepoint.daysFromBaseline, changePct: timepoint.changeFromBaselinePct }],
      );
      return followUps.length === 0 ? [] : [{ patientId: output.patientId, criterion: name, visit: result.baseline.id, daysFromBaseline: 0, changePct: 0 }, ...followUps];
    }),
  );
}

export const waterfallTable = (bars: readonly WaterfallBar[]): CellTable => ({
  header: ['USUBJID', 'criterion', 'best_change_from_baseline_pct', 'visit', 'best_overall_response'],
  rows: bars.map((bar) => [bar.patientId, CRITERION_LABELS[bar.criterion], bar.bestChangePct, bar.visit, bar.bestOverallResponse]),
});

export const spiderTable = (points: readonly SpiderPoint[]): CellTable => ({
  header: ['USUBJID', 'criterion', 'visit', 'days_from_baseline', 'change_from_baseline_pct'],
  rows: points.map((point) => [point.patientId, CRITERION_LABELS[point.criterion], point.visit, point.daysFromBaseline, point.changePct]),
});

// --- Vega-Lite specs ---

type Spec = Record<string, unknown>;

const SUM_NAME: Record<CriteriaName, string> = {
  'RECIST1.1': 'sum of diameters',
  WHO: 'sum of products',
  EASL: 'viable sum of products',
  mRECIST: 'viable sum of diameters',
  Choi: 'sum of diameters',
  iRECIST: 'sum of diameters',
  vRECIST: 'sum of volumes',
  qEASL: 'enhancing sum of volumes',
};

/** The thresholds as the subtitle names them: PD is judged against the nadir, its line sits where it would for a baseline nadir. */
function thresholdNote(criterion: CriteriaName): string {
  const { responsePct, responseRule, progressionPct, progressionRule } = THRESHOLDS[criterion];
  return `Dashed lines: ${responsePct} % response (${responseRule}); +${progressionPct} % over nadir: progression (${progressionRule})`;
}

/** The two dashed threshold lines, each labelled just outside the plot's right edge so no label covers data. */
function thresholdLayers(criterion: CriteriaName): Spec[] {
  const { responsePct, progressionPct } = THRESHOLDS[criterion];
  const lines = [
    { pct: responsePct, label: `${responsePct} %` },
    { pct: progressionPct, label: `+${progressionPct} %` },
  ];
  return [
    { data: { values: lines }, mark: { type: 'rule', strokeDash: [6, 4], color: '#333' }, encoding: { y: { field: 'pct', type: 'quantitative' } } },
    {
      data: { values: lines },
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 11, fontWeight: 'bold', color: '#333' },
      encoding: { y: { field: 'pct', type: 'quantitative' }, x: { value: { expr: 'width' } }, text: { field: 'label' } },
    },
  ];
}

const titleOf = (criterion: CriteriaName, text: string): Spec => ({ text: `${CRITERION_LABELS[criterion]}: ${text}`, subtitle: thresholdNote(criterion), anchor: 'start', subtitleFontSize: 11 });

/** Best-response colours, green (response) to red (progression); the legend lists only the categories a chart shows. */
const RESPONSE_COLOURS: readonly [string, string][] = [
  ['CR', '#1a9850'], ['iCR', '#1a9850'], ['PR', '#66bd63'], ['iPR', '#66bd63'], ['SD', '#fdae61'], ['iSD', '#fdae61'],
  ['NonCR/NonPD', '#fee08b'], ['iNonCR/NonPD', '#fee08b'], ['NE', '#999999'], ['iUPD', '#f46d43'], ['PD', '#d73027'], ['iCPD', '#a50026'],
];

function responseScale(bars: readonly WaterfallBar[]): { domain: string[]; range: string[] } {
  const shown = RESPONSE_COLOURS.filter(([category]) => bars.some((bar) => bar.bestOverallResponse === category));
  return { domain: shown.map(([category]) => category), range: shown.map(([, colour]) => colour) };
}

function waterfallChart(criterion: CriteriaName, bars: readonly WaterfallBar[]): Spec {
  return {
    title: titleOf(criterion, `best change of the ${SUM_NAME[criterion]} per patient`),
    width: Math.max(320, bars.length * 28),
    height: 260,
    layer: [
      {
        data: { values: bars },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'patientId', type: 'nominal', sort: { field: 'bestChangePct', order: 'descending' }, title: 'Patient', axis: { labelAngle: -45 } },
          y: { field: 'bestChangePct', type: 'quantitative', title: 'Best change from baseline (%)' },
          color: { field: 'bestOverallResponse', type: 'nominal', title: 'Best response', scale: responseScale(bars) },
        },
      },
      ...thresholdLayers(criterion),
    ],
  };
}

function spiderChart(criterion: CriteriaName, points: readonly SpiderPoint[]): Spec {
  return {
    title: titleOf(criterion, `change of the ${SUM_NAME[criterion]} from baseline over time`),
    width: 480,
    height: 260,
    layer: [
      {
        data: { values: points },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'daysFromBaseline', type: 'quantitative', title: 'Days from baseline' },
          y: { field: 'changePct', type: 'quantitative', title: 'Change from baseline (%)' },
          color: { field: 'patientId', type: 'nominal', title: 'Patient', scale: { scheme: 'category20' } },
          order: { field: 'daysFromBaseline' },
        },
      },
      ...thresholdLayers(criterion),
    ],
  };
}

function stacked<T extends { criterion: CriteriaName }>(items: readonly T[], chart: (criterion: CriteriaName, rows: T[]) => Spec, empty: string): Spec {
  const criteria = [...new Set(items.map((item) => item.criterion))];
  const charts = criteria.map((criterion) => chart(criterion, items.filter((item) => item.criterion === criterion)));
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', background: 'white', padding: 12, config: { font: 'DejaVu Sans, Arial, sans-serif', legend: { offset: 48 } } };
  if (charts.length === 0) return { ...base, title: empty, data: { values: [] }, mark: 'point' };
  return { ...base, vconcat: charts, resolve: { scale: { color: 'independent' } }, spacing: 40 };
}

export const waterfallSpec = (bars: readonly WaterfallBar[]): Spec => stacked(bars, waterfallChart, 'Waterfall: no patient has an evaluable change of the target sum');
export const spiderSpec = (points: readonly SpiderPoint[]): Spec => stacked(points, spiderChart, 'Spider: no patient has an evaluable change of the target sum');
