import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ReadSession } from '../../workers/read/model';
import { DEFAULT_PROTOCOL, protocolOf } from '../../workers/read/protocol';
import { createReadController } from './readController';
import { SignedReadError } from './readStore';
import { BASELINE_TIMEPOINT, freshStore as freshStoreNamed, storeSession } from '../../tests/fixtures/storeSession';

const freshStore = () => freshStoreNamed('signoff');

const session: ReadSession = storeSession({ timepoints: [BASELINE_TIMEPOINT] });
const lesion = (id: string, label: string) => ({ id, label, role: 'target' as const, organ: 'liver', isLymphNode: false, firstStudyUid: 'bl', splitFrom: null });

/** A clock that ticks one minute a call, so every step has a time of its own. */
function clock() {
  let minute = 0;
  return () => new Date(Date.UTC(2026, 11, 3, 10, minute++)).toISOString();
}

async function signedRead() {
  const store = await freshStore();
  const controller = createReadController(store, await store.create(session, 't0'), clock());
  controller.dispatch({ kind: 'addLesion', lesion: lesion('a', 'L1') });
  expect(await controller.sign('Dr A', 'readPerProtocol')).toBeNull();
  return { store, controller };
}

describe('sign-off and amendments', () => {
  it('signs with the reader’s name, the meaning and the time, after storing every change, and locks the read', async () => {
    const { store, controller } = await signedRead();
    const stored = await store.load('read-1');
    expect(stored?.session.lesions.map((entry) => entry.label)).toEqual(['L1']);
    expect(stored?.workflow).toMatchObject({ kind: 'signed', signature: { signer: 'Dr A', meaning: 'readPerProtocol', at: '2026-12-03T10:01:00.000Z', version: 1 } });
    expect(controller.getState()).toMatchObject({ workflow: { kind: 'signed' }, canUndo: false, canRedo: false });
    controller.dispatch({ kind: 'addLesion', lesion: lesion('b', 'L2') });
    controller.undo();
    await controller.flushed();
    expect(controller.getState().session.lesions.map((entry) => entry.label)).toEqual(['L1']);
    expect((await store.load('read-1'))?.revision).toBe(stored?.revision);
    await expect(controller.replace({ lesions: [], observations: {} }, 'import of x.json')).rejects.toThrow('The read is signed already');
    expect(await store.versionsOf('read-1')).toEqual([]);
  });

  it('refuses a protocol change once signed, and takes one in an amendment: audited old → new, undone in one step', async () => {
    const { store, controller } = await signedRead();
    const signedRevision = (await store.load('read-1'))?.revision;
    controller.dispatch({ kind: 'setProtocol', changes: { requireConfirmation: true } });
    await controller.flushed();
    expect(controller.getState().session.protocol).toBeUndefined();
    expect((await store.load('read-1'))?.revision).toBe(signedRevision);
    expect(await controller.amend('the trial protocol asks for confirmed responses')).toBeNull();
    controller.dispatch({ kind: 'gesture', name: 'protocol: confirmation required', commands: [{ kind: 'setProtocol', changes: { requireConfirmation: true } }] });
    await controller.flushed();
    expect((await store.load('read-1'))?.session.protocol?.requireConfirmation).toBe(true);
    const entry = (await store.auditOf('read-1')).find((candidate) => candidate.path === 'protocol.requireConfirmation');
    expect(entry).toMatchObject({ gesture: 'protocol: confirmation required', oldValue: 'false', newValue: 'true', why: 'the trial protocol asks for confirmed responses' });
    controller.undo();
    await controller.flushed();
    // back to the read as signed: saved without settings, so assessed with the defaults
    expect(protocolOf((await store.load('read-1'))!.session)).toEqual(DEFAULT_PROTOCOL);
  });

  it.each([
    ['someone else’s name', 'Dr B', 'readPerProtocol' as const, 'Only the reader of this read can sign it'],
    ['no name', ' ', 'readPerProtocol' as const, 'Type your name to sign.'],
    ['no meaning', 'Dr A', null, 'Choose what your signature means.'],
  ])('refuses to sign with %s, and the read stays in progress', async (_, signer, meaning, refusal) => {
    const store = await freshStore();
    const controller = createReadController(store, await store.create(session, 't0'), clock());
    expect(await controller.sign(signer, meaning)).toContain(refusal);
    expect(controller.getState().workflow).toEqual({ kind: 'inProgress' });
    expect((await store.load('read-1'))?.workflow).toBeUndefined();
    expect(await store.auditOf('read-1')).toEqual([]);
  });

  it('refuses a change from another tab’s controller once the read is signed', async () => {
    const store = await freshStore();
    const created = await store.create(session, 't0');
    const signer = createReadController(store, created, clock());
    expect(await signer.sign('Dr A', 'readPerProtocol')).toBeNull();
    await expect(store.commit({ ...created, revision: 1 }, { kind: 'addLesion', lesion: lesion('b', 'L2') }, { ...session, lesions: [lesion('b', 'L2')] }, 'later')).rejects.toBeInstanceOf(SignedReadError);
  });

  it('amends with a reason: the signed read is kept as a version, edits carry the reason, and it is signed again as version 2', async () => {
    const { store, controller } = await signedRead();
    expect(await controller.amend('  ')).toBe('Say why the read is amended.');
    expect(await controller.amend('L1 remeasured on the 1 mm series')).toBeNull();
    expect(controller.getState().workflow).toMatchObject({ kind: 'amending', amendment: { reason: 'L1 remeasured on the 1 mm series', version: 2 } });
    const [kept] = await store.versionsOf('read-1');
    expect(kept).toMatchObject({ replacedBy: 'amendment 1 (L1 remeasured on the 1 mm series)', signature: { version: 1 } });
    expect(kept?.session.lesions.map((entry) => entry.label)).toEqual(['L1']);
    controller.dispatch({ kind: 'updateLesion', lesionId: 'a', changes: { organ: 'liver segment VII' } });
    expect(await controller.sign('Dr A', 'readPerProtocol')).toBeNull();
    expect(controller.getState().workflow).toMatchObject({ kind: 'signed', signature: { version: 2 }, history: [{ version: 1 }, { version: 2 }] });
    expect((await store.versionsOf('read-1'))[0]?.session.lesions[0]?.organ).toBe('liver');

    const audit = await store.auditOf('read-1');
    expect(audit.map((entry) => [entry.command, entry.path, entry.oldValue, entry.newValue, entry.why ?? null])).toEqual([
      ['addLesion', 'lesions.a', null, JSON.stringify(lesion('a', 'L1')), null],
      ['sign', 'status', '"in progress"', '"signed"', 'I read this patient per protocol'],
      ['amend', 'status', '"signed"', '"amendment 1 in progress"', 'L1 remeasured on the 1 mm series'],
      ['updateLesion', 'lesions.a', JSON.stringify(lesion('a', 'L1')), JSON.stringify({ ...lesion('a', 'L1'), organ: 'liver segment VII' }), 'L1 remeasured on the 1 mm series'],
      ['sign', 'status', '"amendment 1 in progress"', '"signed (amendment 1)"', 'I read this patient per protocol'],
    ]);
    expect(audit.every((entry) => entry.reader === 'Dr A')).toBe(true);
    expect(new Set(audit.map((entry) => entry.at)).size).toBe(audit.length);
  });
});
