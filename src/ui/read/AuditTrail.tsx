import { useEffect, useState } from 'react';
import type { ReadController } from '../../state/readController';
import { auditAction, fieldChanges, type AuditEntry } from '../../../workers/read/audit';
import { toAuditCsv } from '../../../workers/report';
import { CappedText } from '../CappedText';
import { download } from '../download';

interface Props {
  controller: ReadController;
  /** the saved revision: the trail grows with it */
  revision: number;
  /** entries that change nothing in the read (a reference marked): the trail grows with them too */
  publications: number;
  fileName: string;
}

/** "2026-12-03T10:01:00.000Z" → "2026-12-03 10:01:00" */
const shortDateTime = (iso: string) => iso.slice(0, 19).replace('T', ' ');

/** a lesion added lists all its fields: the first few say which it is, the CSV has them all */
const SHOWN_CHANGES = 4;
const shownChanges = (entry: AuditEntry) => fieldChanges(entry).slice(0, SHOWN_CHANGES);

/** The JSON the log keeps, shown as text (it holds the reader's and DICOM text: never HTML). */
const valueText = (value: string | null) => (value === null ? '—' : value);

/**
 * The read's audit trail (issue 15 §1): who, when, what, old → new, why, newest first on screen (a
 * list: the side column is too narrow for a table of five columns); the CSV keeps the log's order.
 * Loaded when opened and again whenever the read is saved.
 */
export function AuditTrail({ controller, revision, publications, fileName }: Props) {
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    void controller.audit().then((found) => live && setEntries(found));
    return () => {
      live = false;
    };
  }, [controller, revision, publications, open]);

  const exportCsv = async () => download(fileName, toAuditCsv(await controller.audit()), 'text/csv;charset=utf-8');

  return (
    <details className="audit-trail" data-testid="audit-trail" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Audit trail</summary>
      <button type="button" onClick={() => void exportCsv()} data-testid="export-audit">
        Export audit CSV
      </button>
      {entries !== null && (
        <ol className="audit-list" data-testid="audit-table" data-count={entries.length}>
          {[...entries].reverse().map((entry, index) => (
            <li key={`${entry.revision}|${entry.path}|${index}`} data-testid="audit-row" data-action={entry.command}>
              <div>
                <span className="nowrap">{shortDateTime(entry.at)} UTC</span> · <CappedText text={entry.reader} cap={40} />
              </div>
              <div>
                <strong>
                  <CappedText text={auditAction(entry)} cap={60} />
                </strong>{' '}
                <span className="muted">
                  <CappedText text={entry.path} cap={60} />
                </span>
              </div>
              <ul className="audit-change">
                {shownChanges(entry).map((change) => (
                  <li key={change.field}>
                    {change.field && <span className="muted">{change.field}: </span>}
                    <CappedText text={valueText(change.oldValue)} cap={40} /> → <CappedText text={valueText(change.newValue)} cap={40} />
                  </li>
                ))}
                {fieldChanges(entry).length > SHOWN_CHANGES && <li className="muted">and {fieldChanges(entry).length - SHOWN_CHANGES} more (in the CSV)</li>}
              </ul>
              {entry.why && (
                <div>
                  Why: <CappedText text={entry.why} cap={160} />
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
