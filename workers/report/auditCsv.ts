import { auditAction, type AuditEntry } from '../read/audit';
import { columnsOf, tableText } from './csv';

/**
 * The audit trail of a read as CSV (issue 15 §1): who, when, what, old → new, why; one row per field
 * changed, oldest first, as the store keeps it. Old and new values are the JSON the log holds, so
 * that nothing is summarised away; they are text from the read (labels, organs) and get csvCell's
 * formula guard like every other cell.
 */
const AUDIT_TABLE = columnsOf<AuditEntry>([
  { header: 'read_id', cell: (entry) => entry.readId },
  { header: 'revision', cell: (entry) => entry.revision },
  { header: 'at_utc', cell: (entry) => entry.at },
  { header: 'who', cell: (entry) => entry.reader },
  { header: 'action', cell: auditAction },
  { header: 'field', cell: (entry) => entry.path },
  { header: 'old_value', cell: (entry) => entry.oldValue },
  { header: 'new_value', cell: (entry) => entry.newValue },
  { header: 'why', cell: (entry) => entry.why ?? null },
]);

export const AUDIT_COLUMNS = AUDIT_TABLE.map((column) => column.header);

export const toAuditCsv = (entries: readonly AuditEntry[]): string => tableText(AUDIT_TABLE, entries);
