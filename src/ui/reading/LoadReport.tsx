import type { FileReport } from '../../state/studyModel';
import { CappedText } from '../CappedText';

/** Every file that could not be opened, and every value refused in a file that did, in plain words. */
export function LoadReport({ report }: { report: readonly FileReport[] }) {
  if (report.length === 0) return null;
  const notOpened = report.filter((entry) => entry.kind !== 'value-refused');
  const refused = report.filter((entry) => entry.kind === 'value-refused');
  return (
    <section className="load-report" aria-label="Load report" data-testid="load-report">
      {notOpened.length > 0 && (
        <>
          <h2>
            {notOpened.length} file{notOpened.length === 1 ? '' : 's'} not opened
          </h2>
          <Entries entries={notOpened} />
        </>
      )}
      {refused.length > 0 && (
        <>
          <h2>
            {refused.length} value{refused.length === 1 ? '' : 's'} refused (the images open uncalibrated)
          </h2>
          <Entries entries={refused} />
        </>
      )}
    </section>
  );
}

function Entries({ entries }: { entries: readonly FileReport[] }) {
  return (
    <ul>
      {entries.map((entry, index) => (
        <li key={`${entry.fileName}#${index}`} data-testid="load-report-entry" data-kind={entry.kind ?? 'not-opened'}>
          <span className="file-name">
            <CappedText text={entry.fileName} />
          </span>
          : {entry.message}
        </li>
      ))}
    </ul>
  );
}
