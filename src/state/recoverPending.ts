import { RevisionConflictError, SignedReadError, type ReadStore, type StoredRead } from './readStore';
import type { PendingJournal } from './pendingJournal';

/**
 * Changes shown before a tab closed and kept in the journal are taken back, as one recorded change,
 * when the store is still at the revision they were based on (else the read moved on elsewhere).
 *
 * A closing tab's last save may land while this tab opens: it starts on `pagehide` and the closing
 * renderer can finish it after this tab read the store. So the store is read again after the
 * journal (a save that cleared the journal has landed by then), and a recovery that loses the race
 * to that save takes what the store holds; it is the same state, and this tab stays editable.
 */
export async function recoverPending(store: ReadStore, journal: PendingJournal, opened: StoredRead): Promise<StoredRead> {
  const pending = journal.load(opened.readId);
  const current = (await store.load(opened.readId)) ?? opened;
  if (!pending) return current;
  if (pending.baseRevision !== current.revision || JSON.stringify(pending.session) === JSON.stringify(current.session)) {
    journal.clear(current.readId);
    return current;
  }
  try {
    const recovered = await store.commit(current, { kind: 'restore', session: pending.session, reason: 'recovered' }, pending.session, new Date().toISOString());
    journal.clear(current.readId);
    return recovered;
  } catch (error) {
    if (!(error instanceof RevisionConflictError || error instanceof SignedReadError)) throw error;
    journal.clear(current.readId);
    return (await store.load(current.readId)) ?? current;
  }
}
