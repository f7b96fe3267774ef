import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ReadSession } from '../../workers/read/model';
import type { PendingJournal, PendingEntry } from './pendingJournal';
import type { ReadStore, StoredRead } from './readStore';
import { freshStore, storeSession } from '../../tests/fixtures/storeSession';
import { recoverPending } from './recoverPending';

const base: ReadSession = storeSession({ lesions: [{ id: 'a', label: 'L1', role: 'target', organ: 'liver', isLymphNode: false, firstStudyUid: 'bl', splitFrom: null }] });
const typed: ReadSession = { ...base, lesions: [{ ...base.lesions[0]!, label: 'L1-typed' }] };

function memoryJournal(): PendingJournal & { entries: Map<string, PendingEntry> } {
  const entries = new Map<string, PendingEntry>();
  return { entries, save: (id, entry) => entries.set(id, entry), load: (id) => entries.get(id) ?? null, clear: (id) => entries.delete(id) };
}

/** A store, a read at revision 0, and the closing tab's unsaved typing in the journal. */
async function closedWhileTyping() {
  const store = await freshStore('recover');
  const opened = await store.create(base, 't0');
  const journal = memoryJournal();
  journal.save(base.readId, { baseRevision: 0, session: typed });
  /** the closing tab's last save, which lands whenever the race puts it */
  const closingTabSaves = async () => {
    await store.commit(opened, { kind: 'updateLesion', lesionId: 'a', changes: { label: 'L1-typed' } }, typed, 't1');
    journal.clear(base.readId);
  };
  return { store, opened, journal, closingTabSaves };
}

describe('reopening a read that a tab closed while typing', () => {
  it('takes back the journal as one recorded change when the store is where the typing began', async () => {
    const { store, opened, journal } = await closedWhileTyping();
    const read = await recoverPending(store, journal, opened);
    expect(read.revision).toBe(1);
    expect(read.session.lesions[0]!.label).toBe('L1-typed');
    expect(journal.entries.size).toBe(0);
    expect((await store.auditOf(base.readId)).map((entry) => entry.revision)).toContain(1);
  });

  it('shows the closing tab\'s save that landed after this tab first read the store (journal already cleared)', async () => {
    const { store, opened, journal, closingTabSaves } = await closedWhileTyping();
    await closingTabSaves(); // after `opened` was read, before the journal is
    const read = await recoverPending(store, journal, opened);
    expect(read).toMatchObject({ revision: 1, session: typed });
  });

  it('takes the store\'s state when the closing tab\'s save wins the race with the recovery, without failing', async () => {
    const { store, opened, journal, closingTabSaves } = await closedWhileTyping();
    let raced = false;
    const racing: ReadStore = {
      ...store,
      async commit(previous, command, next, at): Promise<StoredRead> {
        if (!raced) {
          raced = true;
          await closingTabSaves();
        }
        return store.commit(previous, command, next, at);
      },
    };
    const read = await recoverPending(racing, journal, opened);
    expect(read).toMatchObject({ revision: 1, session: typed });
    expect(journal.entries.size).toBe(0);
  });

  it('drops a journal based on a revision the read has moved past (another tab went on)', async () => {
    const { store, opened, journal } = await closedWhileTyping();
    const elsewhere = { ...base, lesions: [{ ...base.lesions[0]!, label: 'L1-other-tab' }] };
    await store.commit(opened, { kind: 'updateLesion', lesionId: 'a', changes: { label: 'L1-other-tab' } }, elsewhere, 't1');
    const read = await recoverPending(store, journal, opened);
    expect(read).toMatchObject({ revision: 1, session: elsewhere });
    expect(journal.entries.size).toBe(0);
  });

  it('returns the read as stored when nothing is pending', async () => {
    const { store, opened } = await closedWhileTyping();
    expect(await recoverPending(store, memoryJournal(), opened)).toEqual(opened);
  });
});
