import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { auditEntries, type AuditEntry } from '../../workers/read/audit';
import type { ReadCommand } from '../../workers/read/commands';
import type { ReadSession } from '../../workers/read/model';

/** A read as stored: the session and the revision it has reached. */
export interface StoredRead {
  readId: string;
  patientId: string;
  readerName: string;
  revision: number;
  updatedAt: string;
  session: ReadSession;
}

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
  auditOf(readId: string): Promise<AuditEntry[]>;
  /** Keeps a replaced state of a read; resolves once durable. */
  keepVersion(version: ReadVersion): Promise<ReadVersion>;
  /** The kept versions of a read, newest first. */
  versionsOf(readId: string): Promise<ReadVersion[]>;
  close(): void;
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
      const stored: StoredRead = { ...previous, revision: previous.revision + 1, updatedAt: at, session: next };
      await transaction.objectStore('reads').put(stored);
      for (const entry of auditEntries(previous.session, next, { revision: stored.revision, at, command })) {
        await transaction.objectStore('audit').add(entry);
      }
      await transaction.done;
      return stored;
    },
    auditOf: (readId) => db.getAllFromIndex('audit', 'byRead', readId),
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

