import { publicationAuditEntry, type AuditEntry, type ReadPublication } from '../../workers/read/audit';
import { applyCommand, type ReadCommand } from '../../workers/read/commands';
import type { ReadSession } from '../../workers/read/model';
import { isLocked, workflowOf, WORKFLOW_REFUSALS, type ReadWorkflow, type SignatureMeaning, type WorkflowEvent } from '../../workers/read/workflow';
import type { PendingJournal } from './pendingJournal';
import { RevisionConflictError, type ReadStore, type ReadVersion, type StoredRead } from './readStore';

export interface ReadState {
  session: ReadSession;
  /** The last revision the store confirmed durable: what survives a crash or a reload */
  savedRevision: number;
  /** Changes shown but not yet confirmed by the store (typing that waits for a pause counts) */
  pendingChanges: number;
  error: string | null;
  /** another tab changed this read: this one shows what is stored and takes no edit until reloaded */
  readOnly: boolean;
  /** sign-off: a signed read is locked (takes no edit) until it is amended */
  workflow: ReadWorkflow;
  canUndo: boolean;
  canRedo: boolean;
}

export type EditCommand = Exclude<ReadCommand, { kind: 'restore' }>;
export type ReadContents = Pick<ReadSession, 'lesions' | 'observations' | 'protocol'>;

export interface ReadController {
  getState(): ReadState;
  subscribe(listener: () => void): () => void;
  /** One gesture of the reader: one undo step. Several commands are named as one gesture. */
  dispatch(command: EditCommand): void;
  /** A change the reader did not make (the studies on screen set the timepoints): never undone. */
  sync(command: EditCommand): void;
  undo(): void;
  redo(): void;
  /** Starts saving typing that waits for a pause (blur, leaving the page). */
  flushTyping(): void;
  /** Resolves when every change dispatched so far is committed (or has failed). */
  flushed(): Promise<void>;
  /**
   * Replaces the read's lesions and observations (an import, a restore) as one undoable change, after
   * keeping the current state as a version that can be restored later, after a reload too.
   */
  replace(contents: ReadContents, replacedBy: string): Promise<void>;
  /** Kept versions of this read, newest first. */
  versions(): Promise<ReadVersion[]>;
  /**
   * Signs the read once every change is stored (the time is recorded; the read is locked). Resolves
   * to null when signed, or to why not, in words for the reader.
   */
  sign(signer: string, meaning: SignatureMeaning | null): Promise<string | null>;
  /** Opens an amendment of a signed read: a new version, the signed one kept. Null, or why not. */
  amend(reason: string): Promise<string | null>;
  /** The read's audit trail, oldest first. */
  audit(): Promise<AuditEntry[]>;
  /** Records that the read, as stored now, was published as its case's reference (issue 16 §1). */
  markedReference(publication: Pick<ReadPublication, 'destination' | 'timepoints' | 'sopInstanceUids'>): Promise<void>;
  /** Another tab committed `revision`: this one turns read-only and shows what is stored. */
  changedElsewhere(revision: number): Promise<void>;
  /** Stops the typing timer. */
  dispose(): void;
}

const UNDO_DEPTH = 100;
/** typing is saved once it pauses this long */
export const TYPING_PAUSE_MS = 400;

const READ_ONLY_MESSAGE = 'This read was changed in another tab: this tab shows what is stored and is read-only until you reload it.';

/** A label typed key by key: merged into one change (one commit, one undo step) until typing pauses. */
const isTyping = (command: ReadCommand): command is Extract<ReadCommand, { kind: 'updateLesion' }> =>
  command.kind === 'updateLesion' && Object.keys(command.changes).every((key) => key === 'label');

export interface ReadControllerOptions {
  now?: () => string;
  /** where shown-but-unsaved changes wait, synchronously, for the store (a closed tab, a crash) */
  journal?: PendingJournal;
  /** told of each committed revision (other tabs) */
  onCommitted?(revision: number): void;
}

/**
 * The live read: every change is shown at once and stored in order, one transaction each; typing is
 * stored when it pauses. Until the store confirms, the shown state is also in the journal.
 * Undo and redo are changes too (the audit log records them). The undo history starts with this
 * controller, so undo never goes back before the read was opened (nor before its creation).
 */
export function createReadController(store: ReadStore, initial: StoredRead, options: ReadControllerOptions | (() => string) = {}): ReadController {
  const { now = () => new Date().toISOString(), journal, onCommitted } = typeof options === 'function' ? { now: options } : options;
  let committed = initial;
  let state: ReadState = { session: initial.session, savedRevision: initial.revision, pendingChanges: 0, error: null, readOnly: false, workflow: workflowOf(initial), canUndo: false, canRedo: false };
  const undoStack: ReadSession[] = [];
  const redoStack: ReadSession[] = [];
  const listeners = new Set<() => void>();
  let queue: Promise<void> = Promise.resolve();
  let typing: { command: Extract<ReadCommand, { kind: 'updateLesion' }>; timer: ReturnType<typeof setTimeout> } | null = null;

  const publish = (changes: Partial<ReadState>) => {
    state = { ...state, ...changes };
    const editable = !state.readOnly && !isLocked(state.workflow);
    state = { ...state, canUndo: undoStack.length > 0 && editable, canRedo: redoStack.length > 0 && editable };
    if (changes.readOnly) state = { ...state, canUndo: false, canRedo: false };
    listeners.forEach((listener) => listener());
  };

  const enqueue = (command: ReadCommand, next: ReadSession) => {
    queue = queue.then(async () => {
      if (state.error) return; // after a failed commit, keep changes in memory and say so; never write out of order
      try {
        committed = await store.commit(committed, command, next, now());
        const pendingChanges = state.pendingChanges - 1;
        // the journal always holds what is shown, based on the newest revision stored
        if (pendingChanges === 0) journal?.clear(committed.readId);
        else journal?.save(committed.readId, { baseRevision: committed.revision, session: state.session });
        publish({ savedRevision: committed.revision, pendingChanges });
        onCommitted?.(committed.revision);
      } catch (error) {
        if (error instanceof RevisionConflictError) void showStored();
        publish({ error: `Not saved: ${error instanceof Error ? error.message : String(error)}` });
      }
    });
  };

  const flushTyping = () => {
    if (!typing) return;
    clearTimeout(typing.timer);
    const { command } = typing;
    typing = null;
    enqueue(command, state.session);
  };

  const record = (command: ReadCommand) => {
    if (state.readOnly || isLocked(state.workflow)) return false;
    const next = applyCommand(state.session, command);
    if (next === state.session) return false;
    const merging = typing && isTyping(command) && typing.command.lesionId === command.lesionId;
    if (!merging) flushTyping();
    journal?.save(committed.readId, { baseRevision: committed.revision, session: next });
    if (isTyping(command)) {
      if (typing) clearTimeout(typing.timer);
      typing = { command: merging ? { ...command, changes: { ...typing!.command.changes, ...command.changes } } : command, timer: setTimeout(flushTyping, TYPING_PAUSE_MS) };
      publish({ session: next, pendingChanges: state.pendingChanges + (merging ? 0 : 1) });
      return merging ? 'merged' : true;
    }
    publish({ session: next, pendingChanges: state.pendingChanges + 1 });
    enqueue(command, next);
    return true;
  };

  /** What is stored replaces what is shown; no more edits here. */
  async function showStored() {
    if (typing) clearTimeout(typing.timer);
    typing = null;
    const stored = await store.load(committed.readId);
    publish({ readOnly: true, error: READ_ONLY_MESSAGE, ...(stored ? { session: stored.session, savedRevision: stored.revision, pendingChanges: 0, workflow: workflowOf(stored) } : {}) });
  }

  /** Signs or amends once every change is stored; the undo history does not reach back past it. */
  async function advance(eventAt: (at: string) => WorkflowEvent): Promise<string | null> {
    await controller.flushed();
    if (state.readOnly || state.error) return state.error ?? READ_ONLY_MESSAGE;
    // the time of the signature is when it is given, after the last change it covers was stored
    const event = eventAt(now());
    try {
      const result = await store.advance(committed, event, event.at);
      if (!result.ok) return WORKFLOW_REFUSALS[result.refusal];
      committed = result.stored;
      undoStack.length = 0;
      redoStack.length = 0;
      publish({ workflow: workflowOf(committed), savedRevision: committed.revision });
      onCommitted?.(committed.revision);
      return null;
    } catch (error) {
      if (error instanceof RevisionConflictError) void showStored();
      return error instanceof Error ? error.message : String(error);
    }
  }

  const controller: ReadController = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispatch(command) {
      const before = state.session;
      const recorded = record(command);
      if (recorded === true) {
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
      flushTyping();
      const target = undoStack.pop();
      if (!target || state.readOnly) return;
      redoStack.push(state.session);
      // The timepoints follow the loaded studies, not the reader's steps: undo keeps them.
      record({ kind: 'restore', session: { ...target, timepoints: state.session.timepoints }, reason: 'undo' });
      publish({});
    },
    redo() {
      flushTyping();
      const target = redoStack.pop();
      if (!target || state.readOnly) return;
      undoStack.push(state.session);
      record({ kind: 'restore', session: { ...target, timepoints: state.session.timepoints }, reason: 'redo' });
      publish({});
    },
    flushTyping,
    flushed() {
      flushTyping();
      return queue;
    },
    async replace(contents, replacedBy) {
      await controller.flushed();
      if (state.readOnly || state.error) throw new Error(state.error ?? READ_ONLY_MESSAGE);
      if (isLocked(state.workflow)) throw new Error(WORKFLOW_REFUSALS.alreadySigned);
      await store.keepVersion({ readId: committed.readId, replacedAt: now(), replacedBy, revision: committed.revision, session: committed.session });
      controller.dispatch({ kind: 'importRead', lesions: contents.lesions, observations: contents.observations, ...(contents.protocol ? { protocol: contents.protocol } : {}) });
      await controller.flushed();
    },
    versions: () => store.versionsOf(committed.readId),
    sign: (signer, meaning) => advance((at) => ({ kind: 'sign', signer, meaning, at })),
    amend: (reason) => advance((at) => ({ kind: 'amend', by: committed.readerName, reason, at })),
    audit: () => store.auditOf(committed.readId),
    async markedReference(publication) {
      await controller.flushed();
      await store.note(publicationAuditEntry(committed.readId, committed.revision, { kind: 'markReference', by: committed.readerName, at: now(), ...publication }));
    },
    async changedElsewhere(revision) {
      if (revision > committed.revision && !state.readOnly) await showStored();
    },
    dispose() {
      if (typing) clearTimeout(typing.timer);
    },
  };
  return controller;
}
