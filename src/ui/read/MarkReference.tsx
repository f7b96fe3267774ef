import { useState } from 'react';
import type { ReadController } from '../../state/readController';
import type { SrExchange, SrReportFile } from '../../state/srExchange';
import type { Study } from '../../state/studyModel';
import type { PatientOutput } from '../../../workers/domain/result';
import type { ReadSession } from '../../../workers/read/model';
import { CappedText } from '../CappedText';
import { download } from '../download';

interface Props {
  controller: ReadController;
  session: ReadSession;
  output: PatientOutput | null;
  studies: readonly Study[];
  srExchange: SrExchange;
  pacsUrl: string;
  /** stores files in the PACS; resolves to the SOP Instance UIDs stored, rejects with why not (naming what was refused) */
  storeFiles(files: readonly SrReportFile[]): Promise<string[]>;
  busy: boolean;
  onNotice(notice: { kind: 'info' | 'error'; text: string }): void;
}

type Destination = 'pacs' | 'download';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Writes the read as its case's reference and checks it reads back as one, before anything leaves:
 * a reference that a quiz would refuse (a problem, a missing timepoint) is refused here, where the
 * teacher can still fix it, not in front of a class.
 */
async function verifiedReference(srExchange: SrExchange, session: ReadSession, output: PatientOutput, studies: readonly Study[]): Promise<SrReportFile[]> {
  const reports = await srExchange.writeReference(session, output, studies, new Date());
  const srSkipped = reports.skipped.filter((skip) => skip.kind === 'SR');
  if (srSkipped.length > 0 || reports.files.length === 0) {
    throw new Error(`a reference must hold every timepoint of the read; not written: ${srSkipped.map((skip) => `${skip.timepoint} (${skip.reason})`).join(', ') || 'every timepoint'}`);
  }
  const srs = reports.files.filter((file) => file.kind === 'SR');
  const readBack = await srExchange.referenceReadIn(srs.map((file) => ({ name: file.fileName, bytes: file.bytes })), session.patientId);
  if (!readBack.ok) throw new Error(`the reference would not read back as one: ${readBack.message}`);
  return reports.files;
}

/**
 * Teaching (issue 16 §1): a teacher marks their read as the case's reference, the read that quiz
 * reads of this patient are compared with. It goes to the PACS (the newest reference there wins), or
 * is downloaded for a case kept as files (a sample's reference-read/ folder). Either way the audit
 * trail records who marked it, when, and where it went.
 */
export function MarkReference({ controller, session, output, studies, srExchange, pacsUrl, storeFiles, busy, onNotice }: Props) {
  const [working, setWorking] = useState(false);
  const disabled = busy || working || output === null;

  const mark = async (destination: Destination) => {
    if (!output) return;
    setWorking(true);
    try {
      const files = await verifiedReference(srExchange, session, output, studies);
      const srs = files.filter((file) => file.kind === 'SR');
      const timepoints = srs.map((file) => file.timepoint);
      if (destination === 'pacs') {
        const stored = await storeFiles(files);
        const storedSrs = srs.filter((file) => stored.includes(file.sopInstanceUid));
        await controller.markedReference({ destination: `PACS at ${pacsUrl}`, timepoints, sopInstanceUids: storedSrs.map((file) => file.sopInstanceUid) });
        onNotice({ kind: 'info', text: `Stored as the reference read of ${session.patientId} in the PACS at ${pacsUrl} (${timepoints.join(', ')}): quizzes of this patient from the PACS now compare with it.` });
      } else {
        for (const file of files) download(file.fileName, file.bytes, 'application/dicom');
        await controller.markedReference({ destination: 'downloaded', timepoints, sopInstanceUids: srs.map((file) => file.sopInstanceUid) });
        onNotice({ kind: 'info', text: `Downloaded the reference read of ${session.patientId} (${timepoints.join(', ')}): put the files in the case's reference-read/ folder to quiz it from files.` });
      }
    } catch (error) {
      onNotice({ kind: 'error', text: `not marked as the reference: ${messageOf(error)}` });
    } finally {
      setWorking(false);
    }
  };

  return (
    <details className="mark-reference" data-testid="mark-reference">
      <summary>Teaching: mark as the case’s reference…</summary>
      <p>
        Quiz reads of <CappedText text={session.patientId} cap={64} /> are compared with the case’s reference read; the newest one stored wins. This read, as it is now, is written as DICOM SR
        marked as the reference (series 9201), with you as the observer, and recorded in the audit trail.
      </p>
      <div className="toolbar">
        <button type="button" disabled={disabled} onClick={() => void mark('pacs')} data-testid="reference-store" title={`Store the reference SRs in the PACS (${pacsUrl})`}>
          Store as reference in the PACS
        </button>
        <button type="button" disabled={disabled} onClick={() => void mark('download')} data-testid="reference-download" title="For a case kept as files: put them in the patient's reference-read/ folder">
          Download reference SRs
        </button>
      </div>
    </details>
  );
}
