import { describe, expect, it } from 'vitest';
import { IN_PROGRESS, describeWorkflow, isLocked, transition, workflowOf, type ReadWorkflow, type WorkflowEvent, type WorkflowRefusal } from './workflow';

const READER = 'Reader^Rita';
const sign = (signer = READER, at = '2026-12-03T10:00:00.000Z'): WorkflowEvent => ({ kind: 'sign', signer, meaning: 'readPerProtocol', at });
const amend = (reason = 'L2 remeasured on the thinner series', at = '2026-12-04T09:00:00.000Z'): WorkflowEvent => ({ kind: 'amend', by: READER, reason, at });

function after(...events: WorkflowEvent[]): ReadWorkflow {
  return events.reduce<ReadWorkflow>((workflow, event) => {
    const result = transition(workflow, event, READER);
    if (!result.ok) throw new Error(result.refusal);
    return result.workflow;
  }, IN_PROGRESS);
}

const SIGNED = after(sign());
const AMENDING = after(sign(), amend());
const RESIGNED = after(sign(), amend(), sign(READER, '2026-12-04T09:30:00.000Z'));

describe('the read workflow: in progress → signed → amending → signed …', () => {
  it.each<[string, ReadWorkflow, WorkflowEvent, ReadWorkflow['kind']]>([
    ['in progress, signed by its reader', IN_PROGRESS, sign(), 'signed'],
    ['signed, amended with a reason', SIGNED, amend(), 'amending'],
    ['amending, signed again', AMENDING, sign(), 'signed'],
    ['signed again, amended again', RESIGNED, amend('second thoughts on NT1'), 'amending'],
    ['in progress, signed with the name in other case and spaces', IN_PROGRESS, sign('  reader^rita '), 'signed'],
  ])('%s', (_, from, event, to) => {
    const result = transition(from, event, READER);
    expect(result.ok && result.workflow.kind).toBe(to);
  });

  it.each<[string, ReadWorkflow, WorkflowEvent, WorkflowRefusal]>([
    ['an in-progress read cannot be amended', IN_PROGRESS, amend(), 'notSigned'],
    ['a signed read cannot be signed again', SIGNED, sign(), 'alreadySigned'],
    ['an open amendment cannot be opened twice', AMENDING, amend(), 'alreadyAmending'],
    ['signing needs a name', IN_PROGRESS, sign('   '), 'signerMissing'],
    ['only the reader signs', IN_PROGRESS, sign('Second^Sam'), 'signerNotReader'],
    ['an amendment is signed by the reader too', AMENDING, sign('Second^Sam'), 'signerNotReader'],
    ['signing needs its meaning', IN_PROGRESS, { kind: 'sign', signer: READER, meaning: null, at: '2026-12-03T10:00:00.000Z' }, 'meaningMissing'],
    ['an amendment needs a reason', SIGNED, amend('  '), 'reasonMissing'],
    ['a reason has a length limit', SIGNED, amend('x'.repeat(1001)), 'reasonTooLong'],
  ])('refuses: %s', (_, from, event, refusal) => expect(transition(from, event, READER)).toEqual({ ok: false, refusal }));

  it('records who signed, what the signature means, when, and which version', () => {
    expect(SIGNED).toEqual({
      kind: 'signed',
      signature: { signer: READER, meaning: 'readPerProtocol', at: '2026-12-03T10:00:00.000Z', version: 1 },
      history: [{ signer: READER, meaning: 'readPerProtocol', at: '2026-12-03T10:00:00.000Z', version: 1 }],
    });
  });

  it('keeps every earlier signature when amended and signed again, and numbers the versions', () => {
    expect(AMENDING).toMatchObject({ kind: 'amending', amendment: { reason: 'L2 remeasured on the thinner series', version: 2 } });
    expect(RESIGNED.kind === 'signed' && RESIGNED.history.map((signature) => [signature.version, signature.at])).toEqual([
      [1, '2026-12-03T10:00:00.000Z'],
      [2, '2026-12-04T09:30:00.000Z'],
    ]);
  });

  it.each<[ReadWorkflow, boolean, string]>([
    [IN_PROGRESS, false, 'in progress'],
    [SIGNED, true, 'signed'],
    [AMENDING, false, 'amendment 1 in progress'],
    [RESIGNED, true, 'signed (amendment 1)'],
  ])('locks only a signed read (%#: %s)', (workflow, locked, text) => {
    expect(isLocked(workflow)).toBe(locked);
    expect(describeWorkflow(workflow)).toBe(text);
  });

  it('takes a read stored before sign-off existed as in progress', () => expect(workflowOf({})).toEqual(IN_PROGRESS));
});
