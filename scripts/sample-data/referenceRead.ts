// The phantom's reference read (issue 16): the read a perfect reader would make, built from the
// ground truth (never typed by hand). It ships as DICOM SR (./referenceSr.ts), the form in which a
// teacher stores a reference in a PACS.
import type { BidirectionalMeasurement, LesionDefinition, Observation, ReadSession } from '../../workers/read/model';
import type { LesionTruth, SliceRef } from './groundTruth';

/** One CT study as the generator wrote it: its UID, date and the truth of its lesions. */
export interface ReferenceStudy {
  studyInstanceUid: string;
  date: string;
  lesions: LesionTruth[];
}

/** The site the app's list uses for the node (workers/read/organs.ts), where the design names its exact station. */
const siteOf = (truth: LesionTruth) => (truth.isLymphNode ? 'retroperitoneal (para-aortic) lymph node' : truth.organ);

function sliceIn(truth: LesionTruth, phase: 'ARTERIAL' | 'PORTAL'): SliceRef {
  const slice = truth.largestSlice.find((candidate) => candidate.seriesDescription.includes(phase));
  if (!slice) throw new Error(`${truth.id}: no ${phase} slice in the ground truth`);
  return slice;
}

function measurement(studyInstanceUid: string, slice: SliceRef, axes: { longMm: number; shortMm: number; long: LesionTruth['longAxisEndpointsMm']; short: LesionTruth['shortAxisEndpointsMm'] }): BidirectionalMeasurement {
  return {
    longAxisMm: axes.longMm,
    shortAxisMm: axes.shortMm,
    longAxis: axes.long,
    shortAxis: axes.short,
    image: { studyInstanceUid, seriesInstanceUid: slice.seriesInstanceUID, sopInstanceUid: slice.sopInstanceUID, frameNumber: null },
  };
}

/** The whole lesion on the portal-venous slice, the viable part on the arterial one (where it enhances), the portal mean HU. */
function observation(study: ReferenceStudy, truth: LesionTruth): Observation {
  const whole = measurement(study.studyInstanceUid, sliceIn(truth, 'PORTAL'), { longMm: truth.longAxisMm, shortMm: truth.shortAxisMm, long: truth.longAxisEndpointsMm, short: truth.shortAxisEndpointsMm });
  const enhancing = measurement(study.studyInstanceUid, sliceIn(truth, 'ARTERIAL'), {
    longMm: truth.enhancingLongAxisMm, shortMm: truth.enhancingShortAxisMm, long: truth.enhancingLongAxisEndpointsMm, short: truth.enhancingShortAxisEndpointsMm,
  });
  return { status: 'present', whole, enhancing: { kind: 'measured', measurement: enhancing }, meanHU: truth.meanHU ?? null };
}

function lesionDefinition(truth: LesionTruth, firstStudyUid: string): LesionDefinition {
  return {
    id: `reference-${truth.id}`,
    label: truth.id,
    role: truth.role,
    organ: siteOf(truth),
    isLymphNode: truth.isLymphNode,
    firstStudyUid,
    splitFrom: null,
    ...(truth.role === 'new' ? { vascularPattern: truth.hccTypicalPattern === false ? 'atypical' : 'typical' } : {}),
  };
}

/** The reference read of the CT timepoints (baseline first), every lesion measured exactly where the design put it. */
export function referenceRead(patient: { id: string; name: string }, ctStudies: readonly ReferenceStudy[]): ReadSession {
  const lesions = new Map<string, LesionDefinition>();
  const observations: ReadSession['observations'] = {};
  for (const study of ctStudies) {
    observations[study.studyInstanceUid] = {};
    for (const truth of study.lesions) {
      if (!lesions.has(truth.id)) lesions.set(truth.id, lesionDefinition(truth, study.studyInstanceUid));
      observations[study.studyInstanceUid]![`reference-${truth.id}`] = observation(study, truth);
    }
  }
  const session: ReadSession = {
    schemaVersion: 1,
    readId: `reference-${patient.id.toLowerCase()}`,
    patientId: patient.id,
    patientName: patient.name,
    readerName: 'Reference (phantom ground truth)',
    // fixed, so that the file is byte-for-byte reproducible like the images
    createdAt: `${ctStudies.at(-1)?.date ?? '1970-01-01'}T00:00:00.000Z`,
    timepoints: ctStudies.map((study) => ({ studyInstanceUid: study.studyInstanceUid, date: study.date, modality: 'CT', sliceThicknessMm: 5 })),
    lesions: [...lesions.values()],
    observations,
    criteria: ['RECIST1.1', 'WHO', 'EASL', 'mRECIST', 'Choi', 'iRECIST'],
  };
  return session;
}
