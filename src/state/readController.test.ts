import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { EMPTY_PRESENT, type ReadSession } from '../../workers/read/model';
import { createReadController } from './readController';
import { auditAction } from '../../workers/read/audit';
import { freshStore as freshStoreNamed, storeSession } from '../../tests/fixtures/storeSession';

const freshStore = () => freshStoreNamed('controller');

const session: ReadSession = storeSession();
const timepoints = [{ studyInstanceUid: 'bl', date: '2024-01-10', modality: 'CT', sliceThicknessMm: 5 }];
const lesion = { id: 'a', label: 'NL1', role: 'new' as const, organ: 'liver', isLymphNode: false, firstStudyUid: 'bl', splitFrom: null };

describe('read controller: one gesture, one undo step', () => {
  it('a gesture of several commands is one undo step and one audit revision, named', async () => {
    const store = await freshStore();
    const controller = createReadController(store, await store.create(session, 't0'));
    controller.sync({ kind: 'setTimepoints', timepoints });
    controller.dispatch({
      kind: 'gesture',
      name: 'caliper records NL1',
      commands: [
        { kind: 'addLesion', lesion },
        { kind: 'setObservation', studyUid: 'bl', lesionId: 'a', observation: EMPTY_PRESENT },
      ],
    });
    expect(controller.getState().session.lesions).toEqual([lesion]);
    controller.undo();
    expect(controller.getState().session.lesions).toEqual([]);
    expect(controller.getState().session.observations['bl']?.['a']).toBeUndefined();
    await controller.flushed();
    const audit = await store.auditOf('read-1');
    const gestureEntries = audit.filter((entry) => entry.command === 'gesture');
    expect(new Set(gestureEntries.map((entry) => entry.revision)).size).toBe(1);
    expect(gestureEntries.every((entry) => entry.gesture === 'caliper records NL1')).toBe(true);
  });

  it('undo never goes back before the read was opened, and keeps the timepoints the studies set', async () => {
    const store = await freshStore();
    const controller = createReadController(store, await store.create(session, 't0'));
    controller.sync({ kind: 'setTimepoints', timepoints });
    expect(controller.getState().canUndo).toBe(false);
    controller.dispatch({ kind: 'addLesion', lesion });
    controller.undo();
    controller.undo();
    controller.undo();
    expect(controller.getState().session.timepoints).toEqual(timepoints);
    expect(controller.getState().canUndo).toBe(false);
  });
});

describe('read controller: a read marked as its case reference (issue 16 §1)', () => {
  it('is recorded in the audit trail once every change is stored: who, when, where, which SRs; the read itself is unchanged', async () => {
    const store = await freshStore();
    const controller = createReadController(store, await store.create(session, 't0'), { now: () => '2026-12-03T21:30:00.000Z' });
    controller.sync({ kind: 'setTimepoints', timepoints });
    controller.dispatch({ kind: 'addLesion', lesion });
    await controller.markedReference({ destination: 'PACS at http://pacs/dicom-web', timepoints: ['BL'], sopInstanceUids: ['2.25.1'] });
    const audit = await store.auditOf('read-1');
    const marked = audit.filter((entry) => entry.command === 'markReference');
    expect(marked).toHaveLength(1);
    expect(marked[0]).toMatchObject({ reader: session.readerName, at: '2026-12-03T21:30:00.000Z', path: 'reference', oldValue: null });
    expect(JSON.parse(marked[0]!.newValue!)).toEqual({ destination: 'PACS at http://pacs/dicom-web', timepoints: 'BL', sopInstanceUids: '2.25.1' });
    expect(auditAction(marked[0]!)).toBe('marked as the reference');
    // after the lesion it covers: the lesion's entry is stored first, and the mark carries its revision
    expect(audit.indexOf(marked[0]!)).toBeGreaterThan(audit.findIndex((entry) => entry.command === 'addLesion'));
    expect(marked[0]!.revision).toBe((await store.load('read-1'))!.revision);
  });
});
