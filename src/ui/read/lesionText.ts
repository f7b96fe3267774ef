import { formatAxesMm } from '../../../workers/domain/lengths';
import type { BidirectionalMeasurement, LesionDefinition, Observation, ReadSession } from '../../../workers/read/model';

/** The words of each status in the editor's select, where there is room for them. */
export const statusLabels: Record<Observation['status'], string> = {
  present: 'present',
  disappeared: 'disappeared (0 mm)',
  tooSmallToMeasure: 'too small to measure',
  notEvaluated: 'not evaluated',
  unequivocalProgression: 'unequivocal progression',
  split: 'split into fragments',
  merged: 'merged into another',
};

/** The same statuses in a table cell a third of the side column wide: short words, never a sentence. */
const statusShort: Record<Exclude<Observation['status'], 'present' | 'merged'>, string> = {
  disappeared: 'gone (0 mm)',
  tooSmallToMeasure: 'too small',
  notEvaluated: 'NE',
  unequivocalProgression: 'unequiv. PD',
  split: 'split',
};

export function statusesFor(lesion: LesionDefinition, isBaseline: boolean): Observation['status'][] {
  if (isBaseline) return ['present', 'notEvaluated'];
  const common: Observation['status'][] = ['present', 'disappeared', 'tooSmallToMeasure', 'notEvaluated', 'split', 'merged'];
  return lesion.role === 'nontarget' ? [...common, 'unequivocalProgression'] : common;
}

export const roleNames: Record<LesionDefinition['role'], string> = { target: 'target', nontarget: 'non-target', new: 'new lesion' };
export const roleTags: Record<LesionDefinition['role'], string> = { target: 'T', nontarget: 'NT', new: 'new' };

/** "39.9 × 30.1": the lengths as assessed (one rounding everywhere, workers/domain/lengths.ts) */
export const axes = (measurement: Pick<BidirectionalMeasurement, 'longAxisMm' | 'shortAxisMm'>) => formatAxesMm(measurement.longAxisMm, measurement.shortAxisMm);

/**
 * A site as the table shows it: the words that tell sites apart. "liver segment VII" is "liver VII",
 * "retroperitoneal (para-aortic) lymph node" is "para-aortic LN"; the full name is in the editor.
 */
export function shortSite(organ: string): string {
  return organ
    .replace(/^liver segment /i, 'liver ')
    .replace(/^retroperitoneal \(para-aortic\)/i, 'para-aortic')
    .replace(/ lymph node$/i, ' LN');
}

const sameCalipers = (a: BidirectionalMeasurement, b: BidirectionalMeasurement) => JSON.stringify([a.longAxis, a.shortAxis]) === JSON.stringify([b.longAxis, b.shortAxis]);

export interface CellSummary {
  /** the whole lesion's axes, or the status when there is nothing to measure */
  whole: string;
  /** the viable part when it says something the whole does not */
  viable: string | null;
  hu: string | null;
  /** every word of it, for the cell's tooltip and for screen readers */
  full: string;
}

/** What one lesion at one timepoint comes to, in the few words a table cell has room for. */
export function cellSummary(lesion: LesionDefinition, observation: Observation | undefined, mergedIntoLabel: (id: string) => string): CellSummary {
  if (!observation) return { whole: '—', viable: null, hu: null, full: 'not yet assessed' };
  if (observation.status === 'merged') {
    const into = mergedIntoLabel(observation.mergedInto);
    return { whole: `→ ${into}`, viable: null, hu: null, full: `merged into ${into}` };
  }
  if (observation.status !== 'present') return { whole: statusShort[observation.status], viable: null, hu: null, full: statusLabels[observation.status] };
  const { whole, enhancing, meanHU } = observation;
  // a present non-target is recorded as seen; a present target without calipers still needs them
  const wholeText = whole ? axes(whole) : lesion.role === 'nontarget' ? 'present' : 'to measure';
  const viable =
    enhancing.kind === 'noEnhancement' ? 'no viable' : enhancing.kind === 'measured' ? (whole && sameCalipers(whole, enhancing.measurement) ? 'v = whole' : `v ${axes(enhancing.measurement)}`) : null;
  const hu = meanHU === null ? null : `${meanHU} HU`;
  const full = [
    whole ? `present, ${axes(whole)} mm` : wholeText === 'present' ? 'present' : 'present, not yet measured',
    enhancing.kind === 'noEnhancement' ? 'no enhancement' : enhancing.kind === 'measured' ? `viable ${axes(enhancing.measurement)} mm` : null,
    hu ? `mean ${hu}` : null,
  ]
    .filter(Boolean)
    .join('; ');
  return { whole: wholeText, viable, hu, full };
}

/** Whether a lesion exists yet at a study: not before the timepoint it was first recorded at. */
export function seenBy(session: ReadSession, lesion: LesionDefinition, studyUid: string): boolean {
  const order = session.timepoints.map((timepoint) => timepoint.studyInstanceUid);
  return order.indexOf(lesion.firstStudyUid) <= order.indexOf(studyUid);
}
