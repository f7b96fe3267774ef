import { useState } from 'react';
import type { DicomWebService } from '../../datasources/dicomWeb';
import type { SrExchange, SrInstanceRef } from '../../state/srExchange';
import type { Study } from '../../state/studyModel';
import { ADJUDICATION_MEANINGS, ADJUDICATION_REFUSALS, adjudicate, type Adjudication, type Decisions } from '../../../workers/adjudicate/adjudication';
import type { Pair, ReadComparison, ReadUnderReview } from '../../../workers/adjudicate/compareReads';
import { CRITERION_LABELS } from '../../../workers/report/reportModel';
import { CappedText } from '../CappedText';
import { SignatureForm } from '../read/SignatureForm';

interface Props {
  comparison: ReadComparison;
  reads: Pair<ReadUnderReview>;
  instances: Pair<readonly SrInstanceRef[]>;
  decisions: Decisions;
  adjudicator: string;
  studies: readonly Study[];
  srExchange: SrExchange;
  dicomWeb: DicomWebService;
  signed: Adjudication | null;
  onSigned(adjudication: Adjudication): void;
}

type Notice = { kind: 'info' | 'error'; text: string } | null;

/**
 * The adjudicator's signature: every disagreement decided with a reason, the adjudicator's own name
 * typed and the meaning ticked; then the adjudication SR goes to the PACS. Refusals are listed, each
 * with its criterion, never thrown.
 */
export function AdjudicationSignOff({ comparison, reads, instances, decisions, adjudicator, studies, srExchange, dicomWeb, signed, onSigned }: Props) {
  const [signer, setSigner] = useState('');
  const [meant, setMeant] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [notice, setNotice] = useState<Notice>(null);
  const [working, setWorking] = useState(false);

  const store = async (adjudication: Adjudication) => {
    const file = await srExchange.writeAdjudication(adjudication, instances, studies, new Date());
    const client = dicomWeb.connect(dicomWeb.settings.load());
    const result = await client.storeInstances([{ name: file.fileName, sopInstanceUid: file.sopInstanceUid, bytes: file.bytes }]);
    if (result.failed.length > 0) throw new Error(`the PACS refused it (${result.failed.map((failure) => failure.reason).join(', ')})`);
    return `Signed. Stored the adjudication SR in the PACS at ${client.baseUrl}.`;
  };

  const sign = async () => {
    const result = adjudicate(comparison, reads, decisions, { adjudicator, signer, meaning: meant ? 'adjudicatedPerProtocol' : null, at: new Date().toISOString() });
    if (!result.ok) {
      setProblems(result.refusals.map(({ refusal, criterion }) => (criterion ? `${CRITERION_LABELS[criterion]}: ` : '') + ADJUDICATION_REFUSALS[refusal]));
      return;
    }
    setProblems([]);
    setWorking(true);
    onSigned(result.adjudication);
    try {
      setNotice({ kind: 'info', text: await store(result.adjudication) });
    } catch (error) {
      // the signature stands; storing is named as not done, and can be tried again
      setNotice({ kind: 'error', text: `signed, but the adjudication SR was not stored: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setWorking(false);
    }
  };

  const retry = async () => {
    if (!signed) return;
    setWorking(true);
    try {
      setNotice({ kind: 'info', text: await store(signed) });
    } catch (error) {
      setNotice({ kind: 'error', text: `the adjudication SR was not stored: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setWorking(false);
    }
  };

  return (
    <section className="sign-off adjudication-sign" aria-label="Adjudication sign-off" data-testid="adjudication-sign" data-status={signed ? 'signed' : 'open'}>
      {signed ? (
        <p className="sign-status" data-testid="adjudication-status">
          <strong>Adjudication signed</strong> by <CappedText text={signed.adjudicator} cap={60} />, {signed.signedAt.slice(0, 19).replace('T', ' ')} UTC: “{ADJUDICATION_MEANINGS[signed.meaning]}”.
        </p>
      ) : (
        <SignatureForm
          role="adjudicator"
          signer={signer}
          onSigner={setSigner}
          meaning={ADJUDICATION_MEANINGS.adjudicatedPerProtocol}
          meant={meant}
          onMeant={setMeant}
          testIdPrefix="adjudication-sign"
          onSubmit={() => void sign()}
        >
          <p className="muted">Signing stores the adjudication as its own SR in the PACS (<CappedText text={dicomWeb.settings.load()} cap={60} />), referencing both reads.</p>
          <button type="submit" disabled={working} data-testid="adjudication-sign-submit">
            Sign adjudication
          </button>
        </SignatureForm>
      )}
      {signed && notice?.kind === 'error' && (
        <button type="button" disabled={working} onClick={() => void retry()} data-testid="adjudication-store-again">
          Store in the PACS again
        </button>
      )}
      {problems.length > 0 && (
        <ul className="warning" role="alert" data-testid="adjudication-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {notice && (
        <p className={notice.kind === 'error' ? 'warning' : 'notice'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="adjudication-notice" data-kind={notice.kind}>
          {notice.text}
        </p>
      )}
    </section>
  );
}
