import { useEffect, useMemo, useState } from 'react';
import type { Study } from '../../state/studyModel';
import type { KeyImageRenderer } from '../../viewer/keyImages';
import type { ReadSession } from '../../../workers/read/model';
import { buildReportModel } from '../../../workers/report/reportModel';
import { studyDetails } from './studyDetails';
import type { Responses } from '../read/useResponses';
import { ReportView } from './ReportView';

interface Props {
  session: ReadSession;
  responses: Responses;
  /** every loaded study: descriptions and accession numbers for the header */
  studies: readonly Study[];
  renderKeyImage: KeyImageRenderer;
  onBack(): void;
}

/** The report in place of the viewports: the toolbar, and the report once the engine has answered. */
export function ReportScreen({ session, responses, studies, renderKeyImage, onBack }: Props) {
  const [generatedAt] = useState(() => new Date().toISOString());
  // Printing before the key images are drawn would put "Drawing…" on paper.
  const [imagesSettled, setImagesSettled] = useState(false);
  const output = responses.kind === 'done' && responses.reply.ok ? responses.reply.output : null;
  const details = useMemo(() => studyDetails(studies), [studies]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.ctrlKey && !event.metaKey && !event.altKey) onBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack]);
  const model = useMemo(() => (output ? buildReportModel(session, output, { generatedAt, studies: details }) : null), [session, output, generatedAt, details]);

  let body;
  if (model) body = <ReportView model={model} renderKeyImage={renderKeyImage} onKeyImagesSettled={setImagesSettled} />;
  else if (responses.kind === 'done' && !responses.reply.ok)
    body = (
      <div role="alert" className="report-message" data-testid="report-message" data-state="error">
        <p>There is no report: the response engine could not assess this read.</p>
        <ul>
          {responses.reply.problems.map((problem, index) => (
            <li key={index}>
              {problem.path}: {problem.message}
            </li>
          ))}
        </ul>
      </div>
    );
  else if (responses.kind === 'computing')
    body = (
      <p role="status" className="report-message" data-testid="report-message" data-state="computing">
        Computing the responses…
      </p>
    );
  else
    body = (
      <p className="report-message" data-testid="report-message" data-state="empty">
        Nothing to report yet: add lesions and measure them at baseline and at a follow-up.
      </p>
    );

  return (
    <main className="report-main" aria-label="Report">
      <div className="toolbar report-toolbar" role="toolbar" aria-label="Report">
        <button type="button" onClick={onBack} data-testid="report-back" title="Esc">
          Back to reading
        </button>
        <button
          type="button"
          onClick={() => window.print()}
          disabled={!model || !imagesSettled}
          data-testid="report-print"
          title={model && !imagesSettled ? 'The key images are still being drawn' : 'Print, or save as PDF (A4 or Letter)'}
        >
          Print…
        </button>
      </div>
      {body}
    </main>
  );
}
