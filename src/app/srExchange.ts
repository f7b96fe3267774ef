import type { SignedSrRead, SrExchange, SrImportContext, SrImportReview, StoredSrRead } from '../state/srExchange';
import type { ImportedReports } from '../dicom/sr/readMeasurementReports';
import type { WithSegmentations } from '../dicom/seg/importSegmentations';
import { blobOf, type Study } from '../state/studyModel';

/** The SEG files among the loaded studies (a PACS study's are retrieved whole, as its SRs are): where a read's masks are (issue 14 §3). */
const segFilesIn = (studies: readonly Study[]) =>
  Promise.all(studies.flatMap((study) => study.otherSeries.filter((series) => series.modality === 'SEG').flatMap((series) => series.instances)).map(async (instance) => (await blobOf(instance.file)).arrayBuffer()));

/** The reports with their lesions' masks read from the loaded studies' SEGs, in a worker within the time budget. */
async function withLoadedSegmentations(reports: ImportedReports, studies: readonly Study[]): Promise<WithSegmentations> {
  const [{ attachSegmentationsInWorker }, { referencesSegmentations, segSourcesOf }] = await Promise.all([import('../dicom/sr/srReader'), import('../dicom/seg/importSegmentations')]);
  if (!referencesSegmentations(reports)) return { reports, notRead: [] };
  return attachSegmentationsInWorker(reports, await segFilesIn(studies), segSourcesOf(studies));
}


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
      const [{ readReportsWithSegmentationsInWorker }, { segSourcesOf }] = await Promise.all([import('../dicom/sr/srReader'), import('../dicom/seg/importSegmentations')]);
      // every chosen file is read and checked: another patient's, another tool's or a broken one is named, never skipped;
      // the SEGs chosen with the SRs give the lesions their masks back
      const read = await readReportsWithSegmentationsInWorker(files.map((file) => file.bytes), segSourcesOf(context.studies));
      return review(read, read.srFiles.map((index) => files[index]!.name), context);
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
          review: async () => review(await withLoadedSegmentations(read.reports, context.studies), read.fileNames, context),
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
      const { describeSegmentationNotRead } = await import('../dicom/seg/importSegmentations');
      return {
        reads: await Promise.all(
          signedReadsOf(reads, patientId).map(async (read): Promise<SignedSrRead> => {
            // the lesions' masks from the loaded studies' SEGs; a segmentation that does not read is named, its volume kept
            const { reports, notRead } = await withLoadedSegmentations(read.reports, studies);
            return {
              readerName: read.readerName,
              signedBy: read.signedBy!,
              writtenAt: read.writtenAt,
              instances: read.instances,
              // the criteria the SRs recorded a verdict for; the engine recomputes them from the lesions
              session: sessionFromReports(reports, { readId: `sr-${read.readerName}`, createdAt: read.writtenAt, criteria: recordedCriteria(reports) }),
              problems: [...reports.problems.map((problem) => problem.message), ...notRead.map(describeSegmentationNotRead)],
            };
          }),
        ),
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

async function review({ reports, notRead }: WithSegmentations, fileNames: readonly string[], { session, expected, studies }: SrImportContext): Promise<SrImportReview> {
  const [{ sessionFromReports }, { checkReports }, { trackingUid }, { imageContextOf }, { asImportProblem }] = await Promise.all([
    import('../dicom/sr/readMeasurementReports'),
    import('../dicom/sr/srChecks'),
    import('../dicom/sr/uids'),
    import('../dicom/sr/imageContext'),
    import('../dicom/seg/importSegmentations'),
  ]);
  const rebuilt = sessionFromReports(reports, { readId: session.readId, createdAt: session.createdAt, criteria: session.criteria });
  return {
    contents: reports.recorded.length > 0 ? rebuilt : null,
    keyOfCurrent: (id) => trackingUid(session.readId, id),
    // a segmentation that did not read is a notice: the import goes on with the volume values, the mask named as missing
    problems: [...checkReports(reports, fileNames, expected, imageContextOf(studies)), ...notRead.map((problem) => asImportProblem(problem, fileNames[problem.file] ?? `file ${problem.file + 1}`))],
  };
}
