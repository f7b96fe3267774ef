import { isUid } from '../datasources/dicomWeb';

/**
 * Studies named in the page address, to open at once from the configured DICOMweb server: a worklist
 * or a PACS can launch Nadir on a patient's studies. `?study=UID` (repeated, or comma-separated) or
 * OHIF's `?StudyInstanceUIDs=UID,UID`. Only UIDs are taken from the address, never a server: a link
 * cannot make the page fetch from, or send to, anywhere the user did not configure.
 */
export function studyUidsFromAddress(search: string): { uids: string[]; rejected: string[] } {
  const parameters = new URLSearchParams(search);
  const values = [...parameters.getAll('study'), ...parameters.getAll('StudyInstanceUIDs')].flatMap((value) => value.split(','));
  const trimmed = values.map((value) => value.trim()).filter(Boolean);
  return { uids: [...new Set(trimmed.filter(isUid))], rejected: trimmed.filter((value) => !isUid(value)) };
}
