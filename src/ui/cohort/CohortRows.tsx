import type { AdjudicationNeed, CohortRow, ReadStatus } from '../../../workers/cohort/cohortView';
import { CappedText } from '../CappedText';

/** Names and IDs from the PACS are untrusted text: shown as text, capped. */
const NAME_CAP_CHARS = 64;

/** "YYYYMMDDHHMMSS" (an SR's content date and time) or ISO: the date, as YYYY-MM-DD. */
const dateOf = (written: string) => (/^\d{8}/.test(written) ? `${written.slice(0, 4)}-${written.slice(4, 6)}-${written.slice(6, 8)}` : written.slice(0, 10));

function readStatus(read: ReadStatus) {
  const status = read.signedBy === null ? 'not signed' : read.signedVersions > 1 ? `signed, version ${read.signedVersions} (amended)` : 'signed';
  // a date is never broken at its hyphens
  return (
    <>
      {status}, <span className="nowrap">{dateOf(read.writtenAt)}</span>
    </>
  );
}

function Adjudication({ need }: { need: AdjudicationNeed }) {
  switch (need.kind) {
    case 'not-needed':
      return <>Not needed: {need.why}</>;
    case 'adjudicated':
      return (
        <>
          Adjudicated by <CappedText text={need.by} cap={NAME_CAP_CHARS} />, <span className="nowrap">{dateOf(need.writtenAt)}</span>
        </>
      );
    case 'undetermined':
      return <>Not known yet: {need.why}</>;
    case 'needed':
      return (
        <>
          <strong className="warning">Adjudication needed</strong>
          {need.readers.length > 0 && <> ({need.readers.join(' vs ')})</>}
          <ul className="cohort-disagreements" data-testid="cohort-disagreements">
            {need.what.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </>
      );
  }
}

interface Props {
  rows: readonly CohortRow[];
  opening: string | null;
  openProblem: { patientId: string; message: string } | null;
  onOpen(patientId: string): void;
}

/** One row per patient: each reader's read, whether adjudication is needed, and Open. */
export function CohortRows({ rows, opening, openProblem, onOpen }: Props) {
  return (
    <table className="cohort-table" data-testid="cohort-table">
      <thead>
        <tr>
          <th>Patient</th>
          <th>Reads (signed version, date)</th>
          <th>Adjudication</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.patientId} data-testid="cohort-row" data-patient-id={row.patientId} data-adjudication={row.adjudication.kind}>
            <td className="cohort-patient">
              <CappedText text={row.patientId || '(no patient ID)'} cap={NAME_CAP_CHARS} />
              {row.patientName && (
                <div className="muted">
                  <CappedText text={row.patientName} cap={NAME_CAP_CHARS} />
                </div>
              )}
            </td>
            <td>
              <ul className="cohort-reads">
                {row.reads.map((read) => (
                  <li key={read.readerName} data-testid="cohort-read" data-reader={read.readerName}>
                    <CappedText text={read.readerName} cap={NAME_CAP_CHARS} />: {readStatus(read)}
                  </li>
                ))}
              </ul>
            </td>
            <td data-testid="cohort-adjudication">
              <Adjudication need={row.adjudication} />
              {row.notPlotted !== null && <div className="muted">Not in the plots: {row.notPlotted}</div>}
              {row.problems.length > 0 && (
                <ul className="warning">
                  {row.problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              )}
            </td>
            <td>
              <button type="button" disabled={row.patientId === '' || opening !== null} onClick={() => onOpen(row.patientId)} data-testid="cohort-open">
                {opening === row.patientId ? 'Opening…' : 'Open'}
              </button>
              {openProblem?.patientId === row.patientId && (
                <p className="error" role="alert">
                  {openProblem.message}
                </p>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
