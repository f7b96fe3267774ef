import type { LesionEntry, PatientModel, TimepointModel } from '../../domain/model';
import { toHundredths } from '../../domain/exact';
import type { RuleId } from '../../domain/ruleIds';
import { isNewLesionPresent, type NewLesionJudgement, type NewLesionRule } from '../shared/newLesions';

const NEW_HCC_MIN_HMM = 1000; // M-NEW-1 / M-NEW-3: a new liver lesion counts from 10 mm
const ATYPICAL_GROWTH_HMM = 1000; // M-NEW-2: ≥ 10 mm interval growth

const isLiver = (organ: string | null): boolean => organ !== null && /liver|hepat/i.test(organ);

function sizeOf(entry: LesionEntry, tooSmallHmm: number): number | null {
  return entry.status === 'tooSmallToMeasure' ? tooSmallHmm : entry.longAxis;
}

/** M-NEW-2: the lesion's first recorded long axis on study. */
function firstRecordedSize(model: PatientModel, tp: TimepointModel, id: string): number | null {
  for (const earlier of model.timepoints.slice(1, tp.index + 1)) {
    const entry = earlier.newLesions.find((lesion) => lesion.id === id);
    if (entry?.longAxis != null) return entry.longAxis;
  }
  return null;
}

const judged = (counts: boolean, rule: RuleId, text: string): NewLesionJudgement => ({ counts, reason: { rule, text } });

/** M-NEW-1..3: new intrahepatic lesions must be ≥ 10 mm with the typical vascular pattern. */
export const mrecistNewLesion: NewLesionRule = (entry, tp, model) => {
  if (!isNewLesionPresent(entry)) return { counts: false, reason: null };
  if (!isLiver(entry.organ)) return judged(true, 'M-NEW-1', `PD: new extrahepatic lesion ${entry.name}${entry.organ ? ` (${entry.organ})` : ''} (RECIST rule)`);
  const size = sizeOf(entry, toHundredths(model.options.tooSmallDefaultMm));
  if (size === null) return judged(false, 'M-NEW-1', `new liver lesion ${entry.name} has no long axis; mRECIST counts it only at >= 10 mm`);
  const mm = `${(size / 100).toFixed(1)} mm`;
  if (size < NEW_HCC_MIN_HMM) return judged(false, 'M-NEW-3', `new liver lesion ${entry.name} is ${mm} (< 10 mm): not a new lesion under mRECIST`);
  if (entry.hccTypicalPattern === null) {
    return judged(false, 'M-NEW-1', `new liver lesion ${entry.name} is ${mm} (>= 10 mm), but its vascular pattern was not assessed: not counted as new HCC until it is recorded`);
  }
  if (entry.hccTypicalPattern) return judged(true, 'M-NEW-1', `PD: new liver lesion ${entry.name} is ${mm} (>= 10 mm) with the typical HCC vascular pattern`);
  const first = firstRecordedSize(model, tp, entry.id) ?? size;
  const growth = `${((size - first) / 100).toFixed(1)} mm`;
  return size - first >= ATYPICAL_GROWTH_HMM
    ? judged(true, 'M-NEW-2', `PD: atypical new liver lesion ${entry.name} grew ${growth} since first seen (>= 10 mm)`)
    : judged(false, 'M-NEW-2', `atypical new liver lesion ${entry.name} (${mm}) grew ${growth} since first seen; it becomes new HCC only after >= 10 mm growth`);
};
