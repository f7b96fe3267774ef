import { useEffect, useState, useSyncExternalStore } from 'react';
import type { CriteriaName } from '../../workers/domain/input';
import type { ReadSession, TimepointRef } from '../../workers/read/model';
import { DEFAULT_PROTOCOL } from '../../workers/read/protocol';
import type { PendingJournal } from './pendingJournal';
import { createReadController, type ReadController, type ReadState } from './readController';
import type { ReadStore } from './readStore';
import { recoverPending } from './recoverPending';

export const ALL_CRITERIA: CriteriaName[] = ['RECIST1.1', 'WHO', 'EASL', 'mRECIST', 'Choi', 'iRECIST'];

export interface ReadIdentity {
  patientId: string;
  patientName: string;
  readerName: string;
}

export type ReadOpening = { kind: 'opening' } | { kind: 'open'; controller: ReadController } | { kind: 'failed'; message: string };

const sameTimepoints = (a: readonly TimepointRef[], b: readonly TimepointRef[]) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Opens this reader's read of this patient (one read per reader), creating it the first time, and
 * keeps its timepoints equal to the studies the reader has chosen.
 */
export function useRead(store: ReadStore, journal: PendingJournal, identity: ReadIdentity, timepoints: readonly TimepointRef[]): ReadOpening {
  const [opening, setOpening] = useState<ReadOpening>({ kind: 'opening' });
  const { patientId, patientName, readerName } = identity;

  useEffect(() => {
    let live = true;
    let dispose = () => undefined as void;
    setOpening({ kind: 'opening' });
    void (async () => {
      const now = new Date().toISOString();
      const session: ReadSession = {
        schemaVersion: 1,
        readId: crypto.randomUUID(),
        patientId,
        patientName,
        readerName,
        createdAt: now,
        timepoints: [],
        lesions: [],
        observations: {},
        criteria: ALL_CRITERIA,
        protocol: DEFAULT_PROTOCOL,
      };
      const read = await recoverPending(store, journal, await store.openOrCreate(session, now));
      if (!live) return;
      const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`nadir-read-${read.readId}`) : null;
      const controller = createReadController(store, read, { journal, onCommitted: (revision) => channel?.postMessage({ revision }) });
      channel?.addEventListener('message', (event: MessageEvent<{ revision?: unknown }>) => {
        if (typeof event.data.revision === 'number') void controller.changedElsewhere(event.data.revision);
      });
      dispose = () => {
        channel?.close();
        controller.dispose();
      };
      setOpening({ kind: 'open', controller });
    })().catch((error: unknown) => live && setOpening({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      live = false;
      dispose();
    };
  }, [store, journal, patientId, patientName, readerName]);

  const controller = opening.kind === 'open' ? opening.controller : null;
  useEffect(() => {
    if (controller && timepoints.length > 0 && !sameTimepoints(controller.getState().session.timepoints, timepoints)) {
      controller.sync({ kind: 'setTimepoints', timepoints: [...timepoints] });
    }
  }, [controller, timepoints]);
  useLeaveGuard(controller);
  return opening;
}

/**
 * Typing waiting for a pause is saved when a field loses focus and when the page goes away; while a
 * save is pending, leaving the page asks first.
 */
function useLeaveGuard(controller: ReadController | null) {
  useEffect(() => {
    if (!controller) return;
    const flush = () => controller.flushTyping();
    const warn = (event: BeforeUnloadEvent) => {
      controller.flushTyping();
      if (controller.getState().pendingChanges > 0) {
        event.preventDefault();
        event.returnValue = '';
      }
    };
    const hidden = () => document.visibilityState === 'hidden' && flush();
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', warn);
    document.addEventListener('focusout', flush);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('beforeunload', warn);
      document.removeEventListener('focusout', flush);
      document.removeEventListener('visibilitychange', hidden);
    };
  }, [controller]);
}

export function useReadState(controller: ReadController): ReadState {
  return useSyncExternalStore(controller.subscribe, controller.getState);
}
