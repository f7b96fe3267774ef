import type { ReadCommand } from './commands';
import type { ReadSession } from './model';

/** One field that changed: who, when, what, the old and the new value (JSON, or null when absent). */
export interface AuditEntry {
  readId: string;
  revision: number;
  at: string;
  reader: string;
  command: ReadCommand['kind'];
  reason?: 'undo' | 'redo' | 'recovered';
  /** for a gesture: what the reader did, e.g. "caliper records NL1" */
  gesture?: string;
  path: string;
  oldValue: string | null;
  newValue: string | null;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

function diffRecords(path: string, before: Record<string, unknown>, after: Record<string, unknown>, out: Omit<AuditEntry, 'readId' | 'revision' | 'at' | 'reader' | 'command' | 'gesture'>[]) {
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const oldValue = json(before[key]);
    const newValue = json(after[key]);
    if (oldValue !== newValue) out.push({ path: `${path}.${key}`, oldValue, newValue });
  }
}

/** The field-level difference between two states, as audit entries (the log is append-only). */
export function auditEntries(
  before: ReadSession,
  after: ReadSession,
  context: { revision: number; at: string; command: ReadCommand },
): AuditEntry[] {
  const changes: Omit<AuditEntry, 'readId' | 'revision' | 'at' | 'reader' | 'command' | 'gesture'>[] = [];
  const byId = (session: ReadSession) => Object.fromEntries(session.lesions.map((lesion) => [lesion.id, lesion]));
  diffRecords('lesions', byId(before), byId(after), changes);
  for (const studyUid of new Set([...Object.keys(before.observations), ...Object.keys(after.observations)])) {
    diffRecords(`observations.${studyUid}`, before.observations[studyUid] ?? {}, after.observations[studyUid] ?? {}, changes);
  }
  if (json(before.timepoints) !== json(after.timepoints)) changes.push({ path: 'timepoints', oldValue: json(before.timepoints), newValue: json(after.timepoints) });
  return changes.map((change) => ({
    readId: after.readId,
    revision: context.revision,
    at: context.at,
    reader: after.readerName,
    command: context.command.kind,
    ...(context.command.kind === 'restore' ? { reason: context.command.reason } : {}),
    ...(context.command.kind === 'gesture' ? { gesture: context.command.name } : {}),
    ...change,
  }));
}
