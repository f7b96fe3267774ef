import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { auditEntries, workflowAuditEntry, type AuditEntry } from '../../workers/read/audit';
import type { ReadCommand } from '../../workers/read/commands';
import type { ReadSession } from '../../workers/read/model';
import { transition, workflowOf, type ReadWorkflow, type Signature, type WorkflowEvent, type WorkflowRefusal } from '../../workers/read/workflow';

/** A read as stored: the session and the revision it has reached. */
export interface StoredRead {
  readId: string;
  patientId: string;
  readerName: string;
  revision: number;
  updatedAt: string;
  session: ReadSession;
  /** sign-off (workers/read/workflow.ts); absent on reads stored before it existed: in progress */
  workflow?: ReadWorkflow;
}

export type AdvanceResult = { ok: true; stored: StoredRead } | { ok: false; refusal: WorkflowRefusal };

/** A state of a read that an import (or a restore) replaced: kept so that it can be restored, after a reload too. */
export interface ReadVersion {
  id?: number;
  readId: string;
  /** when it was replaced */
  replacedAt: string;
  /** what replaced it, e.g. "import of 3 SR files" */
  replacedBy: string;
  /** the revision the read had then */
  revision: number;
  session: ReadSession;
  /** the signature it carried, when an amendment replaced a signed read */
  signature?: Signature;
}

interface NadirDb extends DBSchema {
  reads: { key: string; value: StoredRead; indexes: { byPatient: string } };
  audit: { key: number; value: AuditEntry; indexes: { byRead: string } };
  versions: { key: number; value: ReadVersion; indexes: { byRead: string } };
}

export interface ReadStore {
  readsOfPatient(patientId: string): Promise<StoredRead[]>;
  load(readId: string): Promise<StoredRead | undefined>;
  create(session: ReadSession, at: string): Promise<StoredRead>;
  /**
   * This reader's read of this patient, created from `session` if there is none yet. One
   * transaction, so two callers racing (a remount, two tabs) get the same read, never two.
   */
  openOrCreate(session: ReadSession, at: string): Promise<StoredRead>;
  /**
   * Stores the next state and its audit entries in one transaction. It resolves only once the
   * transaction is durable: a change is committed when this resolves, and not before.
   */
  commit(previous: StoredRead, command: ReadCommand, next: ReadSession, at: string): Promise<StoredRead>;
  /**
   * Signs or amends the read (workers/read/workflow.ts), with its audit entry, in one transaction. An
   * amendment keeps the signed read as a version first, in the same transaction: it is never overwritten.
   */
  advance(previous: StoredRead, event: WorkflowEvent, at: string): Promise<AdvanceResult>;
  auditOf(readId: string): Promise<AuditEntry[]>;
  /** Appends an entry that changes nothing in the read (a publication); resolves once durable. */
  note(entry: AuditEntry): Promise<void>;
  /** Keeps a replaced state of a read; resolves once durable. */
  keepVersion(version: ReadVersion): Promise<ReadVersion>;
  /** The kept versions of a read, newest first. */
  versionsOf(readId: string): Promise<ReadVersion[]>;
  close(): void;
}

export class SignedReadError extends Error {
  constructor(readId: string) {
    super(`the read ${readId} is signed: amend it to change it`);
  }
}

export class RevisionConflictError extends Error {
  constructor(readId: string) {
    super(`the read ${readId} was changed elsewhere (another tab?); reload to continue from its latest state`);
  }
}

/** The read store over IndexedDB (through the small `idb` wrapper). */
export async function openReadStore(databaseName = 'nadir'): Promise<ReadStore> {
  const db: IDBPDatabase<NadirDb> = await openDB<NadirDb>(databaseName, 2, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('reads', { keyPath: 'readId' }).createIndex('byPatient', 'patientId');
        database.createObjectStore('audit', { autoIncrement: true }).createIndex('byRead', 'readId');
      }
      // 2: versions of a read replaced by an import
      if (oldVersion < 2) database.createObjectStore('versions', { keyPath: 'id', autoIncrement: true }).createIndex('byRead', 'readId');
    },
  });
  return {
    readsOfPatient: (patientId) => db.getAllFromIndex('reads', 'byPatient', patientId),
    load: (readId) => db.get('reads', readId),
    async create(session, at) {
      const stored: StoredRead = { readId: session.readId, patientId: session.patientId, readerName: session.readerName, revision: 0, updatedAt: at, session };
      await db.add('reads', stored);
      return stored;
    },
    async openOrCreate(session, at) {
      const transaction = db.transaction('reads', 'readwrite', { durability: 'strict' });
      const reads = await transaction.store.index('byPatient').getAll(session.patientId);
      const existing = reads.find((read) => read.readerName === session.readerName);
      if (existing) {
        await transaction.done;
        return existing;
      }
      const stored: StoredRead = { readId: session.readId, patientId: session.patientId, readerName: session.readerName, revision: 0, updatedAt: at, session };
      await transaction.store.add(stored);
      await transaction.done;
      return stored;
    },
    async commit(previous, command, next, at) {
      const transaction = db.transaction(['reads', 'audit'], 'readwrite', { durability: 'strict' });
      const current = await transaction.objectStore('reads').get(previous.readId);
      if (!current || current.revision !== previous.revision) {
        transaction.abort();
        await transaction.done.catch(() => undefined);
        throw new RevisionConflictError(previous.readId);
      }
      const workflow = workflowOf(current);
      // a signed read takes no change, whoever asks (another tab, an old controller)
      if (workflow.kind === 'signed') {
        transaction.abort();
        await transaction.done.catch(() => undefined);
        throw new SignedReadError(previous.readId);
      }
      const stored: StoredRead = { ...current, revision: previous.revision + 1, updatedAt: at, session: next };
      await transaction.objectStore('reads').put(stored);
      const why = workflow.kind === 'amending' ? workflow.amendment.reason : undefined;
      for (const entry of auditEntries(previous.session, next, { revision: stored.revision, at, command, why })) {
        await transaction.objectStore('audit').add(entry);
      }
      await transaction.done;
      return stored;
    },
    async advance(previous, event, at) {
      const transaction = db.transaction(['reads', 'audit', 'versions'], 'readwrite', { durability: 'strict' });
      const current = await transaction.objectStore('reads').get(previous.readId);
      if (!current || current.revision !== previous.revision) {
        transaction.abort();
        await transaction.done.catch(() => undefined);
        throw new RevisionConflictError(previous.readId);
      }
      const before = workflowOf(current);
      const result = transition(before, event, current.readerName);
      if (!result.ok) {
        await transaction.done;
        return result;
      }
      const stored: StoredRead = { ...current, revision: current.revision + 1, updatedAt: at, workflow: result.workflow };
      if (event.kind === 'amend' && before.kind === 'signed') {
        const replacedBy = `amendment ${before.signature.version} (${event.reason.trim()})`;
        await transaction.objectStore('versions').add({ readId: current.readId, replacedAt: at, replacedBy, revision: current.revision, session: current.session, signature: before.signature });
      }
      await transaction.objectStore('reads').put(stored);
      await transaction.objectStore('audit').add(workflowAuditEntry(current.readId, before, result.workflow, { revision: stored.revision, at, event }));
      await transaction.done;
      return { ok: true, stored };
    },
    auditOf: (readId) => db.getAllFromIndex('audit', 'byRead', readId),
    async note(entry) {
      const transaction = db.transaction('audit', 'readwrite', { durability: 'strict' });
      await transaction.store.add(entry);
      await transaction.done;
    },
    async keepVersion(version) {
      const transaction = db.transaction('versions', 'readwrite', { durability: 'strict' });
      const id = await transaction.store.add(version);
      await transaction.done;
      return { ...version, id };
    },
    versionsOf: async (readId) => (await db.getAllFromIndex('versions', 'byRead', readId)).reverse(),
    close: () => db.close(),
  };
}

