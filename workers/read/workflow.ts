/**
 * The sign-off workflow of a read (issue 15 §1), as explicit states and a transition table:
 *
 *   in progress --sign--> signed --amend(reason)--> amending --sign--> signed --amend--> ...
 *
 * A read is in progress until its reader signs it; a signed read is locked. An amendment opens a new
 * version (the signed one is kept as it was) with a stated reason, and is signed again. Everything
 * else is refused with a reason from a closed set, never thrown: the UI says why.
 */

/** What a signature means, in words the signer agrees to; a closed set, so exports can name it. */
export const SIGNATURE_MEANINGS = {
  readPerProtocol: 'I read this patient per protocol',
} as const;
export type SignatureMeaning = keyof typeof SIGNATURE_MEANINGS;

export interface Signature {
  /** the name the signer typed, equal to the read's reader */
  signer: string;
  meaning: SignatureMeaning;
  /** ISO 8601, UTC */
  at: string;
  /** 1 for the first signature, 2 for the first amendment's, ... */
  version: number;
}

export interface Amendment {
  reason: string;
  by: string;
  at: string;
  /** the version this amendment will be when signed */
  version: number;
}

export type ReadWorkflow =
  | { kind: 'inProgress' }
  | { kind: 'signed'; signature: Signature; history: readonly Signature[] }
  | { kind: 'amending'; amendment: Amendment; history: readonly Signature[] };

export type ReadWorkflowKind = ReadWorkflow['kind'];

export type WorkflowEvent =
  | { kind: 'sign'; signer: string; meaning: SignatureMeaning | null; at: string }
  | { kind: 'amend'; by: string; reason: string; at: string };

export const WORKFLOW_REFUSALS = {
  alreadySigned: 'The read is signed already: amend it to change it.',
  notSigned: 'Only a signed read can be amended; this one is still in progress.',
  alreadyAmending: 'An amendment is open already: sign it first.',
  signerMissing: 'Type your name to sign.',
  signerNotReader: 'Only the reader of this read can sign it: the name typed is not the reader’s.',
  meaningMissing: 'Choose what your signature means.',
  reasonMissing: 'Say why the read is amended.',
  reasonTooLong: 'The reason is too long (at most 1000 characters).',
} as const;
export type WorkflowRefusal = keyof typeof WORKFLOW_REFUSALS;

export type TransitionResult = { ok: true; workflow: ReadWorkflow } | { ok: false; refusal: WorkflowRefusal };

export const IN_PROGRESS: ReadWorkflow = { kind: 'inProgress' };
export const MAX_REASON_LENGTH = 1000;

/** A stored read from before sign-off existed has no workflow: it is in progress. */
export const workflowOf = (stored: { workflow?: ReadWorkflow }): ReadWorkflow => stored.workflow ?? IN_PROGRESS;

/** Only a signed read is locked: in progress and amending take edits. */
export const isLocked = (workflow: ReadWorkflow) => workflow.kind === 'signed';

const refuse = (refusal: WorkflowRefusal): TransitionResult => ({ ok: false, refusal });
const history = (workflow: ReadWorkflow): readonly Signature[] => (workflow.kind === 'inProgress' ? [] : workflow.history);
const nextVersion = (workflow: ReadWorkflow) => history(workflow).length + 1;

function sign(workflow: ReadWorkflow, event: Extract<WorkflowEvent, { kind: 'sign' }>, readerName: string): TransitionResult {
  const signer = event.signer.trim();
  if (signer === '') return refuse('signerMissing');
  // the name typed is the reader's: a signature by someone else at this screen is not the reader's
  if (signer.toLocaleLowerCase() !== readerName.trim().toLocaleLowerCase()) return refuse('signerNotReader');
  if (event.meaning === null) return refuse('meaningMissing');
  const signature: Signature = { signer, meaning: event.meaning, at: event.at, version: nextVersion(workflow) };
  return { ok: true, workflow: { kind: 'signed', signature, history: [...history(workflow), signature] } };
}

function amend(workflow: Extract<ReadWorkflow, { kind: 'signed' }>, event: Extract<WorkflowEvent, { kind: 'amend' }>): TransitionResult {
  const reason = event.reason.trim();
  if (reason === '') return refuse('reasonMissing');
  if (reason.length > MAX_REASON_LENGTH) return refuse('reasonTooLong');
  return { ok: true, workflow: { kind: 'amending', amendment: { reason, by: event.by, at: event.at, version: nextVersion(workflow) }, history: workflow.history } };
}

/** The transition table: state × event → the next state, or why not. */
export function transition(workflow: ReadWorkflow, event: WorkflowEvent, readerName: string): TransitionResult {
  switch (workflow.kind) {
    case 'inProgress':
      return event.kind === 'sign' ? sign(workflow, event, readerName) : refuse('notSigned');
    case 'signed':
      return event.kind === 'amend' ? amend(workflow, event) : refuse('alreadySigned');
    case 'amending':
      return event.kind === 'sign' ? sign(workflow, event, readerName) : refuse('alreadyAmending');
  }
}

/** One line for the audit trail and the panel: "signed (version 1)", "amending (version 2)". */
export function describeWorkflow(workflow: ReadWorkflow): string {
  switch (workflow.kind) {
    case 'inProgress':
      return 'in progress';
    case 'signed':
      return workflow.signature.version === 1 ? 'signed' : `signed (amendment ${workflow.signature.version - 1})`;
    case 'amending':
      return `amendment ${workflow.amendment.version - 1} in progress`;
  }
}
