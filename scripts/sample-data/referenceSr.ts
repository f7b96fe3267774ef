// The phantom's reference read as DICOM SR (issue 16): one measurement report per CT timepoint,
// marked as the case's reference (src/dicom/sr/items/reference.ts), written beside the studies in
// reference-read/. Quiz mode and the teacher's view read the reference from these files, as they read
// one a teacher stored in a PACS.
import { assessPatient } from '../../workers/engine';
import type { ImageReference, Point3, ReadSession } from '../../workers/read/model';
import { timepointLabel } from '../../workers/read/model';
import { toExchangeInput } from '../../workers/read/toExchangeInput';
import { writePurposeReport } from '../../src/dicom/sr/referenceReport';
import type { SrSeriesInfo, SrStudyContext } from '../../src/dicom/sr/writeMeasurementReport';
import { CT_GRID, PATIENT, type StudyDesign } from './design';
import { CT_IMAGE_STORAGE } from './dicom';
import { uidFromName } from './uids';

/** The folder, in the patient's folder beside its studies, that holds the reference read's SRs. */
export const REFERENCE_SR_FOLDER = 'reference-read';

function studyContext(study: StudyDesign, studyInstanceUid: string): SrStudyContext {
  return {
    patientName: PATIENT.name, patientId: PATIENT.id, patientBirthDate: '', patientSex: PATIENT.sex,
    studyInstanceUid, studyDate: study.date, studyTime: study.time, studyId: study.studyId,
    accessionNumber: study.accessionNumber, referringPhysicianName: '', studyDescription: study.description,
  };
}

/** SR image coordinates of a point on a CT slice (axial, identity orientation; pixel centres at +0.5). */
function pixelPosition(_image: ImageReference, point: Point3): readonly [number, number] {
  return [(point[0] - CT_GRID.originX) / CT_GRID.pixelSpacingMm + 0.5, (point[1] - CT_GRID.originY) / CT_GRID.pixelSpacingMm + 0.5];
}

/** The SR files of a reference read of the CT studies (design and UID of each), named by timepoint. */
export function referenceSrFiles(session: ReadSession, ctStudies: readonly { design: StudyDesign; studyInstanceUid: string }[]): { name: string; bytes: ArrayBuffer }[] {
  const reply = assessPatient(toExchangeInput(session));
  if (!reply.ok) throw new Error(`the reference read does not assess: ${JSON.stringify(reply.problems)}`);
  return ctStudies.map(({ design, studyInstanceUid }) => {
    const frameOfReferenceUid = uidFromName(`frame-of-reference/${design.key}`);
    const series: Record<string, SrSeriesInfo> = Object.fromEntries(
      design.series.map((one) => [uidFromName(`series/${design.key}/${one.key}`), { sopClassUid: CT_IMAGE_STORAGE, frameOfReferenceUid }]),
    );
    const label = timepointLabel(session, studyInstanceUid);
    const bytes = writePurposeReport('reference', session, reply.output, studyInstanceUid, {
      // fixed, so that the files are byte-for-byte reproducible like the images
      now: new Date(`${design.date.slice(0, 4)}-${design.date.slice(4, 6)}-${design.date.slice(6, 8)}T12:00:00Z`),
      instanceUids: { series: uidFromName(`reference-sr/series/${design.key}`), sop: uidFromName(`reference-sr/sop/${design.key}`) },
      study: studyContext(design, studyInstanceUid),
      series,
      pixelPosition,
      manufacturer: 'Nadir synthetic phantom',
      softwareVersion: 'nadir-phantom',
    });
    return { name: `reference-${label}.dcm`, bytes };
  });
}
