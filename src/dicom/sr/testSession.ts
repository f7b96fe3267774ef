import { assessPatient } from '../../../workers/engine';
import type { PatientOutput } from '../../../workers/domain/result';
import type { ReadSession } from '../../../workers/read/model';
import { toExchangeInput } from '../../../workers/read/toExchangeInput';
import { FIXTURE_SESSION, FU1_ENHANCED_SERIES, SERIES, STUDY } from '../../../workers/report/fixture';
import type { SrSeriesInfo, SrStudyContext, WriteMeasurementReportOptions } from './writeMeasurementReport';

/** The shared realistic read (workers/report/fixture.ts) and what the SR writer needs beside it. */
export const SESSION: ReadSession = FIXTURE_SESSION;

export function engineOutput(session: ReadSession = SESSION): PatientOutput {
  const reply = assessPatient(toExchangeInput(session));
  if (!reply.ok) throw new Error(JSON.stringify(reply.problems));
  return reply.output;
}

const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
const ENHANCED_CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2.1';
export const FRAME_OF_REFERENCE = { bl: '1.2.826.0.1.3680043.8.498.301', fu1: '1.2.826.0.1.3680043.8.498.302', fu2: '1.2.826.0.1.3680043.8.498.303' } as const;

export const SERIES_INFO: Record<string, SrSeriesInfo> = {
  [SERIES.bl]: { sopClassUid: CT_IMAGE, frameOfReferenceUid: FRAME_OF_REFERENCE.bl },
  [SERIES.fu1]: { sopClassUid: CT_IMAGE, frameOfReferenceUid: FRAME_OF_REFERENCE.fu1 },
  [FU1_ENHANCED_SERIES]: { sopClassUid: ENHANCED_CT_IMAGE, frameOfReferenceUid: FRAME_OF_REFERENCE.fu1 },
  [SERIES.fu2]: { sopClassUid: CT_IMAGE, frameOfReferenceUid: FRAME_OF_REFERENCE.fu2 },
};

export function studyContext(key: keyof typeof STUDY): SrStudyContext {
  const date = SESSION.timepoints.find((tp) => tp.studyInstanceUid === STUDY[key])!.date.replace(/-/g, '');
  return {
    patientName: 'DOE^JANE',
    patientId: 'NADIR-P042',
    patientBirthDate: '19580317',
    patientSex: 'F',
    studyInstanceUid: STUDY[key],
    studyDate: date,
    studyTime: '101500',
    studyId: `S-${key}`,
    accessionNumber: `ACC-${key}`,
    referringPhysicianName: 'Referrer^Rob',
    studyDescription: 'CT abdomen, arterial and portal venous',
  };
}

export function writeOptions(key: keyof typeof STUDY): WriteMeasurementReportOptions {
  return {
    now: new Date('2024-07-12T10:20:30Z'),
    instanceUids: { series: `1.2.826.0.1.3680043.8.498.9${Object.keys(STUDY).indexOf(key)}1`, sop: `1.2.826.0.1.3680043.8.498.9${Object.keys(STUDY).indexOf(key)}1.1` },
    study: studyContext(key),
    series: SERIES_INFO,
  };
}
