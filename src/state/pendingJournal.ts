import type { ReadSession } from '../../workers/read/model';

/**
 * Shown changes that the store has not confirmed yet, written synchronously: what a closed tab, a
 * navigation or a crash would otherwise lose while a transaction is still under way. The next opening
 * of the read takes it back if the store is still at the revision it was based on.
 */
export interface PendingEntry {
  baseRevision: number;
  session: ReadSession;
}

export interface PendingJournal {
  save(readId: string, entry: PendingEntry): void;
  load(readId: string): PendingEntry | null;
  clear(readId: string): void;
}

const keyOf = (readId: string) => `nadir.pending.${readId}`;

/** The journal in localStorage (synchronous, kept when the tab closes). */
export function localStorageJournal(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = localStorage): PendingJournal {
  return {
    save(readId, entry) {
      try {
        storage.setItem(keyOf(readId), JSON.stringify(entry));
      } catch {
        // full or refused: the store still gets every change; only the closing-tab safety net is missing
      }
    },
    load(readId) {
      const text = storage.getItem(keyOf(readId));
      if (!text) return null;
      try {
        const entry = JSON.parse(text) as PendingEntry;
        return typeof entry.baseRevision === 'number' && entry.session?.readId === readId ? entry : null;
      } catch {
        return null;
      }
    },
    clear: (readId) => storage.removeItem(keyOf(readId)),
  };
}
