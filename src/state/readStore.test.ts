import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { EMPTY_PRESENT, type ReadSession } from '../../workers/read/model';
import { localStorageJournal } from './pendingJournal';
import { createReadController, TYPING_PAUSE_MS } from './readController';
import { RevisionConflictError } from './readStore';
import { BASELINE_TIMEPOINT, freshStore as freshStoreNamed, storeSession } from '../../tests/fixtures/storeSession';

const freshStore = () => freshStoreNamed('store');

const session: ReadSession = storeSession({ timepoints: [BASELINE_TIMEPOINT] });

const lesion = { id: 'a', label: 'L1', role: 'target' as const, organ: 'liver', isLymphNode: false, firstStudyUid: 'bl', splitFrom: null };

describe('read store and controller', () => {
  it('commits every change durably, in order, with its audit trail', async () => {
    const store = await freshStore();
    const controller = createReadController(store, await store.create(session, 't0'), () => '2024-05-01T10:00:00Z');
    controller.dispatch({ kind: 'addLesion', lesion });
    controller.dispatch({ kind: 'setObservation', studyUid: 'bl', lesionId: 'a', observation: EMPTY_PRESENT });
    controller.dispatch({ kind: 'updateLesion', lesionId: 'a', changes: { organ: 'liver segment VII' } });
    expect(controller.getState().pendingChanges).toBe(3);
    await controller.flushed();
    expect(controller.getState()).toMatchObject({ savedRevision: 3, pendingChanges: 0, error: null });

    const reopened = await store.load('read-1');
    expect(reopened?.revision).toBe(3);
    expect(reopened?.session.lesions[0]?.organ).toBe('liver segment VII');
    const audit = await store.auditOf('read-1');
    expect(audit.map((entry) => [entry.revision, entry.command, entry.path])).toEqual([
      [1, 'addLesion', 'lesions.a'],
      [2, 'setObservation', 'observations.bl.a'],
      [3, 'updateLesion', 'lesions.a'],
    ]);
    expect(audit.every((entry) => entry.reader === 'Dr A' && entry.at === '2024-05-01T10:00:00Z')).toBe(true);
  });

  it('undoes and redoes, and records both in the audit log', async () => {
    const store = await freshStore();
    const controller = createReadController(store, await store.create(session, 't0'));
    controller.dispatch({ kind: 'addLesion', lesion });
    controller.undo();
    expect(controller.getState().session.lesions).toEqual([]);
    controller.redo();
    expect(controller.getState().session.lesions).toEqual([lesion]);
    await controller.flushed();
    expect((await store.auditOf('read-1')).map((entry) => entry.reason ?? entry.command)).toEqual(['addLesion', 'undo', 'redo']);
    expect((await store.load('read-1'))?.session.lesions).toEqual([lesion]);
  });

  it('refuses to overwrite a newer revision written elsewhere, and says so', async () => {
    const store = await freshStore();
    const created = await store.create(session, 't0');
    await store.commit(created, { kind: 'addLesion', lesion }, { ...session, lesions: [lesion] }, 't1');
    await expect(store.commit(created, { kind: 'removeLesion', lesionId: 'a' }, session, 't2')).rejects.toBeInstanceOf(RevisionConflictError);
    const stale = createReadController(store, created);
    stale.dispatch({ kind: 'addLesion', lesion: { ...lesion, id: 'b' } });
    await stale.flushed();
    expect(stale.getState().error).toMatch(/^Not saved: the read read-1 was changed elsewhere/);
    expect((await store.load('read-1'))?.session.lesions).toEqual([lesion]);
  });

  it('gives two racing openers of the same reader the same read, never two', async () => {
    const store = await freshStore();
    const [first, second] = await Promise.all([
      store.openOrCreate({ ...session, readId: 'race-1' }, 't0'),
      store.openOrCreate({ ...session, readId: 'race-2' }, 't0'),
    ]);
    expect(first.readId).toBe(second.readId);
    expect(await store.readsOfPatient('P1')).toHaveLength(1);
  });

  it('keeps one read per reader and lists them by patient', async () => {
    const store = await freshStore();
    await store.create(session, 't0');
    await store.create({ ...session, readId: 'read-2', readerName: 'Dr B' }, 't0');
    expect((await store.readsOfPatient('P1')).map((read) => read.readerName).sort()).toEqual(['Dr A', 'Dr B']);
  });

  it('stores a label typed key by key as one change once typing pauses, and keeps it in the journal until then', async () => {
    const store = await freshStore();
    const storage = new Map<string, string>();
    const journal = localStorageJournal({ getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => storage.set(key, value), removeItem: (key) => storage.delete(key) });
    const controller = createReadController(store, await store.create({ ...session, lesions: [lesion] }, 't0'), { journal });
    for (const label of ['L1x', 'L1xy', 'L1xyz']) controller.dispatch({ kind: 'updateLesion', lesionId: 'a', changes: { label } });
    expect(controller.getState().pendingChanges).toBe(1);
    expect(journal.load('read-1')?.session.lesions[0]?.label).toBe('L1xyz');
    await new Promise((resolve) => setTimeout(resolve, TYPING_PAUSE_MS + 50));
    await controller.flushed();
    expect((await store.load('read-1'))?.session.lesions[0]?.label).toBe('L1xyz');
    expect((await store.auditOf('read-1')).map((entry) => entry.command)).toEqual(['updateLesion']);
    expect(journal.load('read-1')).toBeNull();
    controller.undo();
    expect(controller.getState().session.lesions[0]?.label).toBe('L1'); // one undo step for the word
  });

  it('keeps the replaced state as a version, and turns read-only with what is stored when another tab commits', async () => {
    const store = await freshStore();
    const created = await store.create(session, 't0');
    const first = createReadController(store, created);
    const second = createReadController(store, created);
    await first.replace({ lesions: [lesion], observations: {} }, 'import of read.json');
    expect((await first.versions()).map((version) => [version.replacedBy, version.session.lesions.length])).toEqual([['import of read.json', 0]]);
    await second.changedElsewhere(first.getState().savedRevision);
    expect(second.getState()).toMatchObject({ readOnly: true, savedRevision: 1 });
    expect(second.getState().session.lesions).toEqual([lesion]);
    second.dispatch({ kind: 'removeLesion', lesionId: 'a' });
    expect(second.getState().session.lesions).toEqual([lesion]);
  });
});
