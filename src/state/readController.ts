import { applyCommand, type ReadCommand } from '../../workers/read/commands';
import type { ReadSession } from '../../workers/read/model';
import type { ReadStore, StoredRead } from './readStore';

export interface ReadState {
  session: ReadSession;
  /** The last revision the store confirmed durable: what survives a crash or a reload */
  savedRevision: number;
  /** Changes shown but not yet confirmed by the store */
  pendingChanges: number;
  error: string | null;
  canUndo: boolean;
  canRedo: boolean;
}

export type EditCommand = Exclude<ReadCommand, { kind: 'restore' }>;

export interface ReadController {
  getState(): ReadState;
  subscribe(listener: () => void): () => void;
  /** One gesture of the reader: one undo step. Several commands are named as one gesture. */
  dispatch(command: EditCommand): void;
  /** A change the reader did not make (the studies on screen set the timepoints): never undone. */
  sync(command: EditCommand): void;
  undo(): void;
  redo(): void;
  /** Resolves when every change dispatched so far is committed (or has failed). */
  flushed(): Promise<void>;
}

const UNDO_DEPTH = 100;

/**
 * The live read: every change is shown at once and stored at once, in order, one transaction each.
 * Undo and redo are changes too (the audit log records them). The undo history starts with this
 * controller, so undo never goes back before the read was opened (nor before its creation).
 */
export function createReadController(store: ReadStore, initial: StoredRead, now: () => string = () => new Date().toISOString()): ReadController {
  let committed = initial;
  let state: ReadState = { session: initial.session, savedRevision: initial.revision, pendingChanges: 0, error: null, canUndo: false, canRedo: false };
  const undoStack: ReadSession[] = [];
  const redoStack: ReadSession[] = [];
  const listeners = new Set<() => void>();
  let queue: Promise<void> = Promise.resolve();

  const publish = (changes: Partial<ReadState>) => {
    state = { ...state, ...changes, canUndo: undoStack.length > 0, canRedo: redoStack.length > 0 };
    listeners.forEach((listener) => listener());
  };

  const record = (command: ReadCommand) => {
    const next = applyCommand(state.session, command);
    if (next === state.session) return false;
    publish({ session: next, pendingChanges: state.pendingChanges + 1 });
    queue = queue.then(async () => {
      if (state.error) return; // after a failed commit, keep changes in memory and say so; never write out of order
      try {
        committed = await store.commit(committed, command, next, now());
        publish({ savedRevision: committed.revision, pendingChanges: state.pendingChanges - 1 });
      } catch (error) {
        publish({ error: `Not saved: ${error instanceof Error ? error.message : String(error)}` });
      }
    });
    return true;
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispatch(command) {
      const before = state.session;
      if (record(command)) {
        undoStack.push(before);
        if (undoStack.length > UNDO_DEPTH) undoStack.shift();
        redoStack.length = 0;
        publish({});
      }
    },
    sync(command) {
      record(command);
    },
    undo() {
      const target = undoStack.pop();
      if (!target) return;
      redoStack.push(state.session);
      // The timepoints follow the loaded studies, not the reader's steps: undo keeps them.
      record({ kind: 'restore', session: { ...target, timepoints: state.session.timepoints }, reason: 'undo' });
      publish({});
    },
    redo() {
      const target = redoStack.pop();
      if (!target) return;
      undoStack.push(state.session);
      record({ kind: 'restore', session: { ...target, timepoints: state.session.timepoints }, reason: 'redo' });
      publish({});
    },
    flushed: () => queue,
  };
}
