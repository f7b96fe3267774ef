import { useState } from 'react';
import type { CaseExport, CaseExportResult } from '../state/caseExport';
import type { Study } from '../state/studyModel';
import { download } from './download';

type State = { kind: 'idle' } | { kind: 'running'; done: number; total: number } | { kind: 'done'; result: Omit<CaseExportResult, 'zip'> } | { kind: 'failed'; reason: string };

/** "Export de-identified case": the open studies as a ZIP a teacher can share (PS3.15), with what to check first. */
export function useCaseExport(service: CaseExport, studies: readonly Study[]) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const start = async () => {
    setState({ kind: 'running', done: 0, total: 0 });
    try {
      const { zip, ...result } = await service.deidentify(studies, (done, total) => setState({ kind: 'running', done, total }));
      download('nadir-deidentified-case.zip', zip, 'application/zip');
      setState({ kind: 'done', result });
    } catch (error) {
      setState({ kind: 'failed', reason: error instanceof Error ? error.message : String(error) });
    }
  };
  return { state, start, dismiss: () => setState({ kind: 'idle' }) };
}

export function CaseExportButton({ state, onStart }: { state: State; onStart(): void }) {
  return (
    <button type="button" onClick={onStart} disabled={state.kind === 'running'} data-testid="export-case" title="The open studies as a ZIP of de-identified DICOM files (DICOM PS3.15 Basic Profile, dates shifted)">
      De-identified case
    </button>
  );
}

export function CaseExportStatus({ state, onDismiss }: { state: State; onDismiss(): void }) {
  if (state.kind === 'idle') return null;
  if (state.kind === 'running') {
    return (
      <p className="loading" role="status" data-testid="export-case-status" data-state="running">
        De-identifying the case {state.total > 0 && <progress max={state.total} value={state.done} />} {state.done} / {state.total} files
      </p>
    );
  }
  if (state.kind === 'failed') {
    return (
      <p className="error" role="alert" data-testid="export-case-status" data-state="failed">
        The de-identified case could not be made: {state.reason} <button type="button" onClick={onDismiss}>Close</button>
      </p>
    );
  }
  const { written, skipped, burnedIn, structuredContentKept } = state.result;
  const checks = burnedIn.length + structuredContentKept.length;
  return (
    <div className={checks > 0 || skipped.length > 0 ? 'warning case-export' : 'notice case-export'} role="status" data-testid="export-case-status" data-state="done" data-written={written} data-skipped={skipped.length}>
      <p>
        De-identified case saved (nadir-deidentified-case.zip): {written} DICOM files, PS3.15 Basic Profile with modified dates.
        {checks > 0 && ` Check before sharing: ${burnedIn.length} with burned-in annotation, ${structuredContentKept.length} structured reports with unreviewed free text (listed in its README.txt).`}
      </p>
      {skipped.length > 0 && (
        <ul data-testid="export-case-skipped">
          {skipped.map((skip) => (
            <li key={skip.name}>
              Not copied: {skip.name}: {skip.reason}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={onDismiss}>
        Close
      </button>
    </div>
  );
}
