import type { ReadCommand } from './commands';
import type { ReadSession } from './model';
import { protocolOf } from './protocol';
import { describeWorkflow, SIGNATURE_MEANINGS, type ReadWorkflow, type WorkflowEvent } from './workflow';

/** One field that changed: who, when, what, the old and the new value (JSON, or null when absent), and why. */
export interface AuditEntry {
  readId: string;
  revision: number;
  at: string;
  reader: string;
  command: ReadCommand['kind'] | WorkflowEvent['kind'] | ReadPublication['kind'];
  reason?: 'undo' | 'redo' | 'recovered';
  /**
   * Why, in the person's words: the meaning of a signature, the reason of an amendment, and on every
   * change made while an amendment is open, that amendment's reason. Absent before sign-off existed.
   */
  why?: string;
  /** for a gesture: what the reader did, e.g. "caliper records NL1" */
  gesture?: string;
  path: string;
  oldValue: string | null;
  newValue: string | null;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

type Change = Pick<AuditEntry, 'path' | 'oldValue' | 'newValue'>;

function diffRecords(path: string, before: Record<string, unknown>, after: Record<string, unknown>, out: Change[]) {
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
  context: { revision: number; at: string; command: ReadCommand; why?: string },
): AuditEntry[] {
  const changes: Change[] = [];
  const byId = (session: ReadSession) => Object.fromEntries(session.lesions.map((lesion) => [lesion.id, lesion]));
  diffRecords('lesions', byId(before), byId(after), changes);
  for (const studyUid of new Set([...Object.keys(before.observations), ...Object.keys(after.observations)])) {
    diffRecords(`observations.${studyUid}`, before.observations[studyUid] ?? {}, after.observations[studyUid] ?? {}, changes);
  }
  // a read saved before protocols were recorded had the defaults: only a real change is one
  diffRecords('protocol', { ...protocolOf(before) }, { ...protocolOf(after) }, changes);
  if (json(before.timepoints) !== json(after.timepoints)) changes.push({ path: 'timepoints', oldValue: json(before.timepoints), newValue: json(after.timepoints) });
  return changes.map((change) => ({
    readId: after.readId,
    revision: context.revision,
    at: context.at,
    reader: after.readerName,
    command: context.command.kind,
    ...(context.command.kind === 'restore' ? { reason: context.command.reason } : {}),
    ...(context.command.kind === 'gesture' ? { gesture: context.command.name } : {}),
    ...(context.why !== undefined ? { why: context.why } : {}),
    ...change,
  }));
}

/** A signature or an amendment: the read's status, old → new, by whom, and why. */
export function workflowAuditEntry(
  readId: string,
  before: ReadWorkflow,
  after: ReadWorkflow,
  context: { revision: number; at: string; event: WorkflowEvent },
): AuditEntry {
  const { event } = context;
  return {
    readId,
    revision: context.revision,
    at: context.at,
    reader: event.kind === 'sign' ? event.signer.trim() : event.by,
    command: event.kind,
    path: 'status',
    oldValue: json(describeWorkflow(before)),
    newValue: json(describeWorkflow(after)),
    why: event.kind === 'sign' ? (event.meaning ? SIGNATURE_MEANINGS[event.meaning] : '') : event.reason.trim(),
  };
}

/**
 * The read published as its case's reference (issue 16 §1): not a change of the read, but what every
 * later quiz of the case is compared with, so who did it, when, and where it went are kept with the read.
 */
export interface ReadPublication {
  kind: 'markReference';
  by: string;
  at: string;
  /** where the reference SRs went: "PACS at <url>" or "downloaded" */
  destination: string;
  /** the timepoints written (BL, FU1, ...) and the SRs' SOP Instance UIDs, so a stored reference can be found again */
  timepoints: readonly string[];
  sopInstanceUids: readonly string[];
}

export function publicationAuditEntry(readId: string, revision: number, event: ReadPublication): AuditEntry {
  return {
    readId,
    revision,
    at: event.at,
    reader: event.by,
    command: event.kind,
    path: 'reference',
    oldValue: null,
    newValue: json({ destination: event.destination, timepoints: event.timepoints.join(', '), sopInstanceUids: event.sopInstanceUids.join(' ') }),
    why: 'Reference read of a teaching case: quiz reads of this patient are compared with it',
  };
}

/** What was done, in a word or the reader's gesture: "signed", "amended", "undo", "caliper records NL1", "addLesion". */
export function auditAction(entry: Pick<AuditEntry, 'command' | 'reason' | 'gesture'>): string {
  if (entry.command === 'sign') return 'signed';
  if (entry.command === 'amend') return 'amended';
  if (entry.command === 'markReference') return 'marked as the reference';
  return entry.gesture ?? entry.reason ?? entry.command;
}

export interface FieldChange {
  /** the key inside the value ('' when the value is not an object) */
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

const parsed = (value: string | null): unknown => {
  if (value === null) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An entry's old → new, one line per key that differs (a lesion's organ, an observation's status),
 * for the screen: the whole JSON of a lesion is unreadable in a side column. The CSV keeps the JSON.
 */
export function fieldChanges(entry: Pick<AuditEntry, 'oldValue' | 'newValue'>): FieldChange[] {
  const before = parsed(entry.oldValue);
  const after = parsed(entry.newValue);
  if (!isRecord(before) && !isRecord(after)) return [{ field: '', oldValue: entry.oldValue, newValue: entry.newValue }];
  const oldRecord = isRecord(before) ? before : {};
  const newRecord = isRecord(after) ? after : {};
  return [...new Set([...Object.keys(oldRecord), ...Object.keys(newRecord)])].flatMap((field) => {
    const oldValue = json(oldRecord[field]);
    const newValue = json(newRecord[field]);
    return oldValue === newValue ? [] : [{ field, oldValue, newValue }];
  });
}
