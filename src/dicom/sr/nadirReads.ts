import { readMeasurementReports, type ImportedReports } from './readMeasurementReports';

/** An SR file as the app holds it: a name the user recognises and its bytes. */
export interface SrFile {
  name: string;
  bytes: ArrayBuffer;
}

/** One reader's read of one patient as found among SR files: the newest report of each study. */
export interface NadirRead {
  patientId: string;
  readerName: string;
  /** the newest content date-time among the reports used */
  writtenAt: string;
  /** the files used, one per study */
  fileNames: string[];
  reports: ImportedReports;
}

/**
 * Finds the Nadir reads among SR files (other tools' SRs and non-SR files are passed over). A read
 * stored again after an edit leaves older reports beside the new ones: per study, the newest wins.
 */
export function nadirReadsIn(files: readonly SrFile[]): NadirRead[] {
  const groups = new Map<string, { patientId: string; readerName: string; newestByStudy: Map<string, { file: SrFile; writtenAt: string }> }>();
  for (const file of files) {
    const study = readMeasurementReports([file.bytes]).studies[0];
    if (!study?.writtenByNadir) continue;
    const patientId = study.patientId ?? '';
    const readerName = study.readerName ?? '';
    const key = JSON.stringify([patientId, readerName]);
    const group = groups.get(key) ?? { patientId, readerName, newestByStudy: new Map() };
    groups.set(key, group);
    const known = group.newestByStudy.get(study.studyInstanceUid);
    if (!known || study.contentDateTime >= known.writtenAt) group.newestByStudy.set(study.studyInstanceUid, { file, writtenAt: study.contentDateTime });
  }
  return [...groups.values()]
    .map(({ patientId, readerName, newestByStudy }) => {
      const chosen = [...newestByStudy.values()];
      return {
        patientId,
        readerName,
        writtenAt: chosen.reduce((newest, entry) => (entry.writtenAt > newest ? entry.writtenAt : newest), ''),
        fileNames: chosen.map((entry) => entry.file.name),
        reports: readMeasurementReports(chosen.map((entry) => entry.file.bytes)),
      };
    })
    .sort((a, b) => b.writtenAt.localeCompare(a.writtenAt));
}
