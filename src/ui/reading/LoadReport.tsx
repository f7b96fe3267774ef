import type { FileReport } from '../../dicom/studies';

/** Every file that could not be opened, by name, with the reason in plain words. */
export function LoadReport({ report }: { report: readonly FileReport[] }) {
  if (report.length === 0) return null;
  return (
    <section className="load-report" aria-label="Load report" data-testid="load-report">
      <h2>
        {report.length} file{report.length === 1 ? '' : 's'} not opened
      </h2>
      <ul>
        {report.map((entry, index) => (
          <li key={`${entry.fileName}#${index}`} data-testid="load-report-entry">
            <span className="file-name">{entry.fileName}</span>: {entry.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
