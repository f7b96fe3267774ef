import { VOLUMETRIC_CRITERIA, type CriteriaName, type LesionInput, type PatientInput, type TimepointInput } from '../domain/input';
import { needsVascularPattern, timepointIdAt, type LesionDefinition, type Observation, type ReadSession, type VascularPattern } from './model';
import { toTenthMm } from '../domain/lengths';
import { protocolOf } from './protocol';

/** M-NEW-1: what the reader recorded; not assessed is null, which the engine never reads as typical. */
const TYPICAL_PATTERN: Record<VascularPattern, boolean | null> = { typical: true, atypical: false, notAssessed: null };


/** Exchange-format lengths have 0.1 mm resolution (docs/criteria.md#G-2): one rounding, shared with every display. */
function measuredFields(observation: Observation): Partial<LesionInput> {
  if (observation.status !== 'present') return {};
  const enhancing = observation.enhancing;
  return {
    longAxisMm: observation.whole ? toTenthMm(observation.whole.longAxisMm) : null,
    shortAxisMm: observation.whole ? toTenthMm(observation.whole.shortAxisMm) : null,
    enhancingLongAxisMm: enhancing.kind === 'measured' ? toTenthMm(enhancing.measurement.longAxisMm) : enhancing.kind === 'noEnhancement' ? 0 : null,
    enhancingShortAxisMm: enhancing.kind === 'measured' ? toTenthMm(enhancing.measurement.shortAxisMm) : enhancing.kind === 'noEnhancement' ? 0 : null,
    meanHU: observation.meanHU,
    ...(observation.volume ? { volumeMl: observation.volume.volumeMl, enhancingVolumeMl: observation.volume.enhancingVolumeMl } : {}),
  };
}

function lesionInput(lesion: LesionDefinition, observation: Observation): LesionInput {
  return {
    id: lesion.id,
    label: lesion.label,
    organ: lesion.organ,
    isLymphNode: lesion.isLymphNode,
    role: lesion.role,
    status: observation.status,
    ...measuredFields(observation),
    ...(lesion.splitFrom ? { splitFrom: lesion.splitFrom } : {}),
    ...(needsVascularPattern(lesion) ? { hccTypicalPattern: TYPICAL_PATTERN[lesion.vascularPattern ?? 'notAssessed'] } : {}),
    ...(observation.status === 'merged' ? { mergedInto: observation.mergedInto } : {}),
  };
}

/** A read with a measured volume is also assessed by the volumetric criteria (V-1, QE-1), which calipers alone cannot feed. */
function withVolumetric(session: ReadSession): CriteriaName[] {
  const measured = Object.values(session.observations).some((byLesion) => Object.values(byLesion).some((observation) => observation.status === 'present' && observation.volume));
  return measured ? [...session.criteria, ...VOLUMETRIC_CRITERIA.filter((name) => !session.criteria.includes(name))] : session.criteria;
}

/**
 * The engine's input for a read. Lesions are identified by their ids, which a renamed lesion keeps;
 * the label only names them in reasons. A lesion with no observation at a timepoint is left out
 * there, which the engine treats as not evaluated (R-NE-1).
 */
export function toExchangeInput(session: ReadSession): PatientInput {
  const timepoints: TimepointInput[] = session.timepoints.map((timepoint, index) => ({
    id: timepointIdAt(index),
    date: timepoint.date,
    modality: timepoint.modality,
    sliceThicknessMm: timepoint.sliceThicknessMm,
    lesions: session.lesions.flatMap((lesion) => {
      const observation = session.observations[timepoint.studyInstanceUid]?.[lesion.id];
      return observation ? [lesionInput(lesion, observation)] : [];
    }),
  }));
  // the read's protocol settings; the engine's other options keep their defaults
  return { patientId: session.patientId || 'unknown', criteria: withVolumetric(session), options: { ...protocolOf(session) }, timepoints };
}
