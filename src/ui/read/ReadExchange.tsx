import { useState } from 'react';
import type { DicomWebService } from '../../datasources/dicomWeb';
import type { Study } from '../../state/studyModel';
import type { ReadContents, ReadController } from '../../state/readController';
import type { SrExchange, SrImportReview, SrReportFile } from '../../state/srExchange';
import type { PatientOutput } from '../../../workers/domain/result';
import type { ReadSession } from '../../../workers/read/model';
import { checkPatient, checkSession } from '../../../workers/read/importChecks';
import { parseReadFile } from '../../../workers/read/readFile';
import { buildReportModel, toCsv, toJsonExport } from '../../../workers/report';
import { CappedText } from '../CappedText';
import { download, fileNamePart } from '../download';
import { studyDetails } from '../report/studyDetails';
import { ImportReview, type ImportCandidate } from './ImportReview';
import { useSrReads } from './useSrReads';
import { VersionList } from './VersionList';
import { AuditTrail } from './AuditTrail';
import { SignOff } from './SignOff';
import { MarkReference } from './MarkReference';
import { isLocked, type ReadWorkflow } from '../../../workers/read/workflow';

interface Props {
  controller: ReadController;
  session: ReadSession;
  /** the engine's assessment of the session as it is now; null while it computes or when it failed */
  output: PatientOutput | null;
  studies: readonly Study[];
  /** false while more studies are loading: a read found in SR is offered once all its reports can be */
  studiesComplete: boolean;
  dicomWeb: DicomWebService;
  srExchange: SrExchange;
  /** sign-off: a signed read takes no import or restore */
  workflow: ReadWorkflow;
  /** the saved revision, so that the audit trail shown follows the read */
  savedRevision: number;
  /** false in a quiz: a learner's read is never marked as the case's reference */
  teaching: boolean;
}

type Notice = { kind: 'info' | 'error'; text: string } | null;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The chosen files; the input is emptied so that choosing the same file again imports it again. */
function pickFiles(input: HTMLInputElement): File[] {
  const files = [...(input.files ?? [])];
  input.value = '';
  return files;
}

/** "2026-11-22T16:40:12.345000" → "2026-11-22 16:40" */
const shortDateTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/**
 * How a read leaves Nadir and comes back: JSON, CSV, DICOM SR (downloaded or stored in the PACS),
 * and import from JSON, from SR files, or from the SRs found in the loaded studies.
 */
export function ReadExchange({ controller, session, output, studies, studiesComplete, dicomWeb, srExchange, workflow, savedRevision, teaching }: Props) {
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [candidate, setCandidate] = useState<ImportCandidate | null>(null);
  const [versionGeneration, setVersionGeneration] = useState(0);
  // entries that change nothing in the read (a reference marked): the audit trail reloads on them too
  const [publications, setPublications] = useState(0);
  const expected = { patientId: session.patientId, patientName: session.patientName };
  const stored = useSrReads(srExchange, { session, expected, studies });
  const srReads = stored?.reads ?? null;
  const baseName = `nadir-${fileNamePart(session.patientId)}-${fileNamePart(session.readerName)}`;
  const noOutput = output === null;

  const run = async (work: () => Promise<string | null>) => {
    setBusy(true);
    try {
      const text = await work();
      setNotice(text === null ? null : { kind: 'info', text });
    } catch (error) {
      setNotice({ kind: 'error', text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  const exportJson = () => {
    download(`${baseName}.json`, JSON.stringify(toJsonExport(session, output, new Date().toISOString()), null, 2), 'application/json');
    setNotice(null);
  };

  const exportCsv = () => {
    if (!output) return;
    const csv = toCsv(buildReportModel(session, output, { generatedAt: new Date().toISOString(), studies: studyDetails(studies) }));
    // toCsv's text starts with the byte-order mark spreadsheets need to read UTF-8
    download(`${baseName}-lesions.csv`, csv.lesions, 'text/csv;charset=utf-8');
    download(`${baseName}-timepoints.csv`, csv.timepoints, 'text/csv;charset=utf-8');
    setNotice({ kind: 'info', text: 'Exported two CSV files: lesions, and timepoints.' });
  };

  const writeReports = async () => {
    if (!output) throw new Error('the response is still being computed; try again in a moment');
    // the state at the time of writing: signing stores the SRs right after the signature
    const current = controller.getState().workflow;
    const reports = await srExchange.write(session, output, studies, new Date(), current.kind === 'signed' ? current.signature : undefined);
    if (reports.files.length === 0) throw new Error(`no SR was written: ${reports.skipped.map((skip) => `${skip.timepoint}: ${skip.reason}`).join('; ') || 'the read has no timepoint'}`);
    const skipped = reports.skipped.length > 0 ? ` Not written: ${reports.skipped.map((skip) => `${skip.timepoint} (${skip.reason})`).join(', ')}.` : '';
    return { files: reports.files, skipped };
  };

  /** " and 1 DICOM SEG (BL)": the segmentations written beside the SRs, when there are any */
  const segsText = (files: readonly { kind: 'SR' | 'SEG'; timepoint: string }[]) => {
    const segs = files.filter((file) => file.kind === 'SEG');
    return segs.length > 0 ? ` and ${plural(segs.length, 'DICOM SEG')} (${segs.map((file) => file.timepoint).join(', ')})` : '';
  };

  const downloadSr = () =>
    run(async () => {
      const { files, skipped } = await writeReports();
      for (const file of files) download(file.fileName, file.bytes, 'application/dicom');
      const srs = files.filter((file) => file.kind === 'SR');
      return `Exported ${plural(srs.length, 'DICOM SR')} (${srs.map((file) => file.timepoint).join(', ')})${segsText(files)}.${skipped}`;
    });

  /** Stores SR and SEG files in the PACS; resolves to the SOP Instance UIDs stored, rejects naming what was refused. */
  const storeFiles = async (files: readonly SrReportFile[]) => {
    const client = dicomWeb.connect(dicomWeb.settings.load());
    const result = await client.storeInstances(files.map((file) => ({ name: file.fileName, sopInstanceUid: file.sopInstanceUid, bytes: file.bytes })));
    const nameOf = (uid: string) => {
      const file = files.find((candidate) => candidate.sopInstanceUid === uid);
      return file ? (file.kind === 'SEG' ? `${file.timepoint} SEG` : file.timepoint) : uid;
    };
    if (result.failed.length > 0) {
      throw new Error(`the PACS refused ${result.failed.map((failure) => `${nameOf(failure.sopInstanceUid)} (${failure.reason})`).join(', ')}; stored: ${result.stored.map(nameOf).join(', ') || 'nothing'}`);
    }
    return result.stored;
  };

  const storeReports = async () => {
    const { files, skipped } = await writeReports();
    const storedUids = await storeFiles(files);
    const stored = files.filter((file) => storedUids.includes(file.sopInstanceUid));
    const srs = stored.filter((file) => file.kind === 'SR');
    return `Stored ${plural(srs.length, 'DICOM SR')} in the PACS at ${dicomWeb.settings.load()} (${srs.map((file) => file.timepoint).join(', ')})${segsText(stored)}.${skipped}`;
  };
  const storeSr = () => run(storeReports);
  const locked = isLocked(workflow);

  /** Checks come first; nothing is replaced until the reader has seen the problems or the changes. */
  const importJson = (file: File) =>
    run(async () => {
      const parsed = parseReadFile(await file.text());
      const images = await srExchange.imageContextOf(studies);
      setCandidate(
        parsed.ok
          ? {
              source: file.name,
              contents: parsed.read,
              keyOfCurrent: (id) => id,
              problems: [...checkPatient(expected, parsed.read, file.name), ...checkSession(parsed.read, file.name, images)],
              overridden: false,
            }
          : { source: file.name, contents: null, keyOfCurrent: (id) => id, problems: [{ rule: 'unreadable', file: file.name, item: '', detail: parsed.message }], overridden: false },
      );
      return null;
    });

  const review = (found: SrImportReview, source: string) => {
    setCandidate({ source, ...found, overridden: false });
    return null;
  };

  const importSrFiles = (list: readonly File[]) =>
    run(async () => {
      const files = await Promise.all(list.map(async (file) => ({ name: file.name, bytes: await file.arrayBuffer() })));
      return review(await srExchange.reviewFiles(files, { session, expected, studies }), list.length === 1 ? list[0]!.name : `${list.length} SR files`);
    });

  const replace = (contents: ReadContents, what: string) =>
    run(async () => {
      const known = new Set(session.timepoints.map((timepoint) => timepoint.studyInstanceUid));
      const outside = Object.keys(contents.observations).filter((uid) => !known.has(uid) && Object.keys(contents.observations[uid] ?? {}).length > 0);
      await controller.replace(contents, what);
      setCandidate(null);
      setVersionGeneration((generation) => generation + 1);
      const notLoaded = outside.length > 0 ? ` ${plural(outside.length, 'reported study')} not among the loaded timepoints.` : '';
      return `Replaced your read by the ${what}: ${plural(contents.lesions.length, 'lesion')} (Undo goes back; the replaced read is under Previous versions).${notLoaded}`;
    });

  return (
    // data-sr-reads: the loaded studies' SRs have been looked through (a signal for tests)
    <section className="read-exchange" aria-label="Export and import" data-sr-reads={studiesComplete && stored !== null ? 'found' : 'looking'}>
      {studiesComplete && srReads !== null && srReads.length > 0 && (
        <ul className="sr-reads" aria-label="Reads stored as DICOM SR in the loaded studies">
          {srReads.map((read) => (
            <li key={`${read.readerName}|${read.writtenAt}`} data-testid="sr-read" data-reader={read.readerName}>
              Your read of this patient is stored as DICOM SR in the loaded studies: {plural(read.timepointCount, 'timepoint')}, written {shortDateTime(read.writtenAt)} UTC{' '}
              <button type="button" disabled={busy || locked} data-testid="import-sr-read" onClick={() => void run(async () => review(await read.review(), 'the SR in the loaded studies'))}>
                Import this read
              </button>
            </li>
          ))}
        </ul>
      )}
      {studiesComplete && stored !== null && stored.unreadable.length > 0 && (
        <ul className="sr-unreadable" aria-label="SR files in the loaded studies that could not be read" data-testid="sr-unreadable">
          {stored.unreadable.map((file) => (
            <li key={file.name}>
              <CappedText text={file.name} cap={80} />: {file.message}
            </li>
          ))}
        </ul>
      )}
      <div className="toolbar" role="toolbar" aria-label="Export">
        <span className="toolbar-label">Export</span>
        <button type="button" onClick={exportJson} data-testid="export-read" title="The read with its lesions, measurements and the engine's result">
          JSON
        </button>
        <button type="button" onClick={exportCsv} disabled={noOutput} data-testid="export-csv" title="Two files: one row per lesion per timepoint per criterion, one per timepoint per criterion">
          CSV
        </button>
        <button type="button" onClick={() => void downloadSr()} disabled={noOutput || busy} data-testid="export-sr" title="One TID 1500 measurement report per timepoint, and a DICOM SEG beside it for lesions segmented by click-to-measure">
          DICOM SR
        </button>
        <button type="button" onClick={() => void storeSr()} disabled={noOutput || busy} data-testid="store-sr" title={`Store the SRs (and SEGs) in the PACS (${dicomWeb.settings.load()})`}>
          Store SR in PACS
        </button>
      </div>
      {!locked && (
        <div className="toolbar" role="toolbar" aria-label="Import">
          <span className="toolbar-label">Import</span>
          <label className="file-button">
            JSON…
            <input type="file" accept="application/json,.json" data-testid="import-read" onChange={(event) => pickFiles(event.target).slice(0, 1).forEach((file) => void importJson(file))} />
          </label>
          <label className="file-button">
            DICOM SR…
            <input
              type="file"
              multiple
              accept="application/dicom,.dcm"
              data-testid="import-sr"
              onChange={(event) => {
                const files = pickFiles(event.target);
                if (files.length > 0) void importSrFiles(files);
              }}
            />
          </label>
        </div>
      )}
      {candidate && !locked && (
        <ImportReview
          candidate={candidate}
          session={session}
          busy={busy}
          onOverride={() => setCandidate({ ...candidate, overridden: true })}
          onReplace={(contents) => void replace(contents, `import of ${candidate.source}`)}
          onCancel={() => setCandidate(null)}
        />
      )}
      <VersionList
        controller={controller}
        generation={versionGeneration + savedRevision}
        busy={busy || locked}
        onRestore={(version) => void replace(version.session, `restore of the version saved ${version.replacedAt.slice(0, 19).replace('T', ' ')} UTC`)}
      />
      <SignOff controller={controller} workflow={workflow} busy={busy || noOutput} pacsUrl={dicomWeb.settings.load()} storeReports={storeReports} onNotice={setNotice} />
      {teaching && (
        <MarkReference
          controller={controller}
          session={session}
          output={output}
          studies={studies}
          srExchange={srExchange}
          pacsUrl={dicomWeb.settings.load()}
          storeFiles={storeFiles}
          busy={busy}
          onNotice={(next) => {
            setNotice(next);
            setPublications((count) => count + 1);
          }}
        />
      )}
      <AuditTrail controller={controller} revision={savedRevision} publications={publications} fileName={`${baseName}-audit.csv`} />
      {notice && (
        <p className={notice.kind === 'error' ? 'warning' : 'notice'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="exchange-notice" data-kind={notice.kind}>
          {notice.kind === 'error' ? `Not done: ${notice.text}` : notice.text}
        </p>
      )}
    </section>
  );
}
