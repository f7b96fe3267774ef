import type { SignedSrRead, SrExchange, SrImportContext, SrImportReview, StoredSrRead } from '../state/srExchange';
import type { ImportedReports } from '../dicom/sr/readMeasurementReports';
import { blobOf } from '../state/studyModel';


/**
 * The SR service the UI is handed. dcmjs and the SR modules load on first use, in their own chunk:
 * a read that never meets an SR never downloads them.
 */
export function createSrExchange(): SrExchange {
  return {
    async write(session, output, studies, now, signature) {
      const { writeReadReports } = await import('../dicom/sr/exportRead');
      return writeReadReports(session, output, studies, now, signature);
    },
    async writeReference(session, output, studies, now) {
      const { writeReadReports } = await import('../dicom/sr/exportRead');
      return writeReadReports(session, output, studies, now, undefined, 'reference');
    },
    async writeQuizRead(session, output, studies, now) {
      const { writeReadReports } = await import('../dicom/sr/exportRead');
      return writeReadReports(session, output, studies, now, undefined, 'quiz');
    },
    async reviewFiles(files, context) {
      // parsed in a worker within a time budget: a hostile file cannot freeze the page (srReader.ts)
      const { readMeasurementReportsInWorker } = await import('../dicom/sr/srReader');
      // every chosen file is read and checked: another patient's, another tool's or a broken one is named, never skipped
      const reports = await readMeasurementReportsInWorker(files.map((file) => file.bytes));
      return review(reports, files.map((file) => file.name), context);
    },
    async readsIn(context) {
      const instances = context.studies.flatMap((study) => study.otherSeries.filter((series) => series.modality === 'SR').flatMap((series) => series.instances));
      if (instances.length === 0) return { reads: [], unreadable: [] };
      const { nadirReadsInWorker } = await import('../dicom/sr/srReader');
      const files = await Promise.all(instances.map(async (instance) => ({ name: instance.file.name, bytes: await (await blobOf(instance.file)).arrayBuffer() })));
      // In a worker, within a time budget: a hostile SR among the loaded studies must not freeze the page.
      const { reads, unreadable } = await nadirReadsInWorker(files);
      const { readsOfReader } = await import('../dicom/sr/nadirReads');
      const mine = readsOfReader(reads, context.expected.patientId, context.session.readerName).map((read): StoredSrRead => ({
          readerName: read.readerName,
          writtenAt: read.writtenAt,
          timepointCount: read.reports.studies.length,
          review: () => review(read.reports, read.fileNames, context),
        }));
      return { reads: mine, unreadable };
    },
    async signedReadsIn(studies, patientId) {
      const instances = studies.flatMap((study) => study.otherSeries.filter((series) => series.modality === 'SR').flatMap((series) => series.instances));
      if (instances.length === 0) return { reads: [], unreadable: [] };
      const [{ nadirReadsInWorker }, { signedReadsOf, recordedCriteria }, { sessionFromReports }] = await Promise.all([
        import('../dicom/sr/srReader'),
        import('../dicom/sr/nadirReads'),
        import('../dicom/sr/readMeasurementReports'),
      ]);
      const files = await Promise.all(instances.map(async (instance) => ({ name: instance.file.name, bytes: await (await blobOf(instance.file)).arrayBuffer() })));
      const { reads, unreadable } = await nadirReadsInWorker(files);
      return {
        reads: signedReadsOf(reads, patientId).map((read): SignedSrRead => ({
          readerName: read.readerName,
          signedBy: read.signedBy!,
          writtenAt: read.writtenAt,
          instances: read.instances,
          // the criteria the SRs recorded a verdict for; the engine recomputes them from the lesions
          session: sessionFromReports(read.reports, { readId: `sr-${read.readerName}`, createdAt: read.writtenAt, criteria: recordedCriteria(read.reports) }),
          problems: read.reports.problems.map((problem) => problem.message),
        })),
        unreadable,
      };
    },
    async writeAdjudication(adjudication, reads, studies, now) {
      const [{ writeAdjudicationReport }, { studyContextOf }, { randomUid }] = await Promise.all([import('../dicom/sr/adjudicationReport'), import('../dicom/sr/exportRead'), import('../dicom/sr/uids')]);
      const referenced = new Set([...reads.A, ...reads.B].map((instance) => instance.studyInstanceUid));
      // the latest study both reads reported on that is loaded with its images (its patient module is copied)
      const study = [...studies].filter((candidate) => referenced.has(candidate.studyInstanceUid) && studyContextOf(candidate)).sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))[0];
      const context = study ? studyContextOf(study) : null;
      if (!study || !context) throw new Error('none of the studies the reads report on is loaded with its images');
      const sopInstanceUid = randomUid();
      const bytes = writeAdjudicationReport(adjudication, { now, instanceUids: { series: randomUid(), sop: sopInstanceUid }, study: context, reads });
      return { studyInstanceUid: study.studyInstanceUid, sopInstanceUid, fileName: `nadir-adjudication-${context.patientId.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 40)}.dcm`, bytes };
    },
    imageContextOf: async (studies) => (await import('../dicom/sr/imageContext')).imageContextOf(studies),
    async referenceReadIn(files, patientId) {
      const [{ nadirReadsInWorker }, { referenceReadAmong }] = await Promise.all([import('../dicom/sr/srReader'), import('../dicom/sr/referenceReport')]);
      // in a worker within a time budget, as every SR from outside is read
      const { reads, unreadable } = await nadirReadsInWorker(files);
      const outcome = referenceReadAmong(reads, patientId);
      if (outcome.ok || unreadable.length === 0) return outcome;
      return { ok: false, message: `${outcome.message} (${unreadable.map((file) => `${file.name}: ${file.message}`).join('; ')})` };
    },
    async quizReadsIn(files, patientId) {
      const [{ nadirReadsInWorker }, { quizReadsAmong }] = await Promise.all([import('../dicom/sr/srReader'), import('../dicom/sr/referenceReport')]);
      const { reads, unreadable } = await nadirReadsInWorker(files);
      return { reads: quizReadsAmong(reads, patientId), unreadable };
    },
  };
}

async function review(reports: ImportedReports, fileNames: readonly string[], { session, expected, studies }: SrImportContext): Promise<SrImportReview> {
  const [{ sessionFromReports }, { checkReports }, { trackingUid }, { imageContextOf }] = await Promise.all([
    import('../dicom/sr/readMeasurementReports'),
    import('../dicom/sr/srChecks'),
    import('../dicom/sr/uids'),
    import('../dicom/sr/imageContext'),
  ]);
  const rebuilt = sessionFromReports(reports, { readId: session.readId, createdAt: session.createdAt, criteria: session.criteria });
  return {
    contents: reports.recorded.length > 0 ? rebuilt : null,
    keyOfCurrent: (id) => trackingUid(session.readId, id),
    problems: checkReports(reports, fileNames, expected, imageContextOf(studies)),
  };
}
