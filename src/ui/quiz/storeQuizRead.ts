import type { DicomWebClient } from '../../datasources/dicomWeb';
import type { SrExchange } from '../../state/srExchange';
import type { Study } from '../../state/studyModel';
import type { PatientOutput } from '../../../workers/domain/result';
import type { ReadSession } from '../../../workers/read/model';

/** A submitted quiz read on its way to the PACS the quiz came from (issue 16), as the learner is told. */
export type QuizStored = { kind: 'storing'; server: string } | { kind: 'stored'; server: string; timepoints: string } | { kind: 'failed'; server: string; message: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Writes the learner's read as quiz-read SRs (one per timepoint) and stores them; resolves with what happened, never throws. */
export async function storeQuizRead(srExchange: SrExchange, client: DicomWebClient, session: ReadSession, output: PatientOutput | null, studies: readonly Study[]): Promise<QuizStored> {
  const server = client.baseUrl;
  try {
    if (!output) return { kind: 'failed', server, message: 'your read has no assessed lesion yet' };
    const reports = await srExchange.writeQuizRead(session, output, studies, new Date());
    if (reports.files.length === 0) return { kind: 'failed', server, message: reports.skipped.map((skip) => `${skip.timepoint}: ${skip.reason}`).join('; ') || 'the read has no timepoint' };
    const result = await client.storeInstances(reports.files.map((file) => ({ name: file.fileName, sopInstanceUid: file.sopInstanceUid, bytes: file.bytes })));
    const timepointOf = (uid: string) => reports.files.find((file) => file.sopInstanceUid === uid)?.timepoint ?? uid;
    if (result.failed.length > 0) return { kind: 'failed', server, message: `the PACS refused ${result.failed.map((failure) => `${timepointOf(failure.sopInstanceUid)} (${failure.reason})`).join(', ')}` };
    // a timepoint's SEGs travel with its SR: each timepoint is named once, in the read's order
    return { kind: 'stored', server, timepoints: [...new Set(result.stored.map(timepointOf))].join(', ') };
  } catch (error) {
    return { kind: 'failed', server, message: messageOf(error) };
  }
}
