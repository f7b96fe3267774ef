import { useEffect, useState, useSyncExternalStore } from 'react';
import type { CriteriaName } from '../../workers/domain/input';
import type { ReadSession, TimepointRef } from '../../workers/read/model';
import { createReadController, type ReadController, type ReadState } from './readController';
import type { ReadStore } from './readStore';

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
export function useRead(store: ReadStore, identity: ReadIdentity, timepoints: readonly TimepointRef[]): ReadOpening {
  const [opening, setOpening] = useState<ReadOpening>({ kind: 'opening' });
  const { patientId, patientName, readerName } = identity;

  useEffect(() => {
    let live = true;
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
      };
      const read = await store.openOrCreate(session, now);
      if (live) setOpening({ kind: 'open', controller: createReadController(store, read) });
    })().catch((error: unknown) => live && setOpening({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      live = false;
    };
  }, [store, patientId, patientName, readerName]);

  const controller = opening.kind === 'open' ? opening.controller : null;
  useEffect(() => {
    if (controller && timepoints.length > 0 && !sameTimepoints(controller.getState().session.timepoints, timepoints)) {
      controller.sync({ kind: 'setTimepoints', timepoints: [...timepoints] });
    }
  }, [controller, timepoints]);
  return opening;
}

export function useReadState(controller: ReadController): ReadState {
  return useSyncExternalStore(controller.subscribe, controller.getState);
}
