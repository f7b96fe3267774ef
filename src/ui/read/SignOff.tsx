import { useState } from 'react';
import type { ReadController } from '../../state/readController';
import { SIGNATURE_MEANINGS, describeWorkflow, type ReadWorkflow, type SignatureMeaning } from '../../../workers/read/workflow';
import { CappedText } from '../CappedText';
import { SignatureForm, SubmitForm } from './SignatureForm';

interface Props {
  controller: ReadController;
  workflow: ReadWorkflow;
  busy: boolean;
  /** where signed SRs go; the reader may untick it (no PACS at hand) */
  pacsUrl: string;
  /** stores the read's SRs in the PACS; resolves to what to tell the reader, rejects with why not */
  storeReports(): Promise<string>;
  onNotice(notice: { kind: 'info' | 'error'; text: string }): void;
}

/** "2026-12-03T10:01:00.000Z" → "2026-12-03 10:01:00" */
const shortDateTime = (iso: string) => iso.slice(0, 19).replace('T', ' ');

const MEANING: SignatureMeaning = 'readPerProtocol';

/**
 * Sign-off (issue 15 §1): the read's status, the signature form (the reader's name typed, the meaning
 * ticked) and the amendment form (a reason). Signing stores the SRs in the PACS when asked to.
 */
export function SignOff({ controller, workflow, busy, pacsUrl, storeReports, onNotice }: Props) {
  const [form, setForm] = useState<'none' | 'sign' | 'amend'>('none');
  const [signer, setSigner] = useState('');
  const [meant, setMeant] = useState(false);
  const [store, setStore] = useState(true);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const disabled = busy || working;

  const sign = async () => {
    setWorking(true);
    try {
      const refusal = await controller.sign(signer, meant ? MEANING : null);
      setProblem(refusal);
      if (refusal !== null) return;
      setForm('none');
      setSigner('');
      setMeant(false);
      if (!store) return onNotice({ kind: 'info', text: 'Signed. The SRs were not stored in a PACS (Store SR in PACS does it later).' });
      // the signature stands whatever the PACS says: a refusal is named, and storing can be done again
      await storeReports().then(
        (text) => onNotice({ kind: 'info', text: `Signed. ${text}` }),
        (error: unknown) => onNotice({ kind: 'error', text: `signed, but the SRs were not stored: ${error instanceof Error ? error.message : String(error)}` }),
      );
    } finally {
      setWorking(false);
    }
  };

  const amend = async () => {
    setWorking(true);
    try {
      const refusal = await controller.amend(reason);
      setProblem(refusal);
      if (refusal === null) {
        setForm('none');
        setReason('');
      }
    } finally {
      setWorking(false);
    }
  };

  const open = (next: 'sign' | 'amend') => {
    setProblem(null);
    setForm(next);
  };

  return (
    <section className="sign-off" aria-label="Sign-off" data-testid="sign-off" data-status={workflow.kind}>
      <p className="sign-status" data-testid="sign-status">
        <strong>Status: {describeWorkflow(workflow)}</strong>
        {workflow.kind === 'signed' && (
          <>
            {' '}
            by <CappedText text={workflow.signature.signer} cap={60} />, {shortDateTime(workflow.signature.at)} UTC: “{SIGNATURE_MEANINGS[workflow.signature.meaning]}”. The read is locked.
          </>
        )}
        {workflow.kind === 'amending' && (
          <>
            {' '}
            since {shortDateTime(workflow.amendment.at)} UTC. Reason: <CappedText text={workflow.amendment.reason} cap={160} />
          </>
        )}
      </p>
      {form === 'none' && workflow.kind !== 'signed' && (
        <button type="button" disabled={disabled} onClick={() => open('sign')} data-testid="sign-open">
          Sign read…
        </button>
      )}
      {form === 'none' && workflow.kind === 'signed' && (
        <button type="button" disabled={disabled} onClick={() => open('amend')} data-testid="amend-open">
          Amend…
        </button>
      )}
      {form === 'sign' && (
        <SignatureForm role="reader" signer={signer} onSigner={setSigner} meaning={SIGNATURE_MEANINGS[MEANING]} meant={meant} onMeant={setMeant} testIdPrefix="sign" onSubmit={() => void sign()}>
          <label className="check">
            <input type="checkbox" checked={store} onChange={(event) => setStore(event.target.checked)} data-testid="sign-store" />
            Store the signed SRs in the PACS (<CappedText text={pacsUrl} cap={60} />)
          </label>
          <div className="toolbar">
            <button type="submit" disabled={disabled} data-testid="sign-submit">
              Sign
            </button>
            <button type="button" onClick={() => setForm('none')}>
              Cancel
            </button>
          </div>
        </SignatureForm>
      )}
      {form === 'amend' && (
        <SubmitForm onSubmit={() => void amend()}>
          <label>
            Why is the read amended?
            <textarea value={reason} onChange={(event) => setReason(event.target.value)} rows={3} data-testid="amend-reason" />
          </label>
          <div className="toolbar">
            <button type="submit" disabled={disabled} data-testid="amend-submit">
              Start amendment
            </button>
            <button type="button" onClick={() => setForm('none')}>
              Cancel
            </button>
          </div>
        </SubmitForm>
      )}
      {problem && (
        <p className="warning" role="alert" data-testid="sign-problem">
          {problem}
        </p>
      )}
    </section>
  );
}
