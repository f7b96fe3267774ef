import type { Study } from '../../state/studyModel';
import type { ReportStudyDetails } from '../../../workers/report/reportModel';

/** What the report and its CSV say of each loaded study beyond the read: description, accession, study ID. */
export function studyDetails(studies: readonly Study[]): Record<string, ReportStudyDetails> {
  return Object.fromEntries(
    studies.map((study) => {
      const first = study.imageSeries[0]?.slices[0]?.instance.metadata ?? study.otherSeries[0]?.instances[0]?.metadata;
      return [study.studyInstanceUid, { studyDescription: study.description, accessionNumber: first?.accessionNumber ?? null, studyId: first?.studyId ?? null }];
    }),
  );
}
