import { useEffect, useMemo, useState } from 'react';
import type { DicomWebService } from '../../datasources/dicomWeb';
import type { EngineClient } from '../../state/engine';
import type { SignedSrRead, SrExchange } from '../../state/srExchange';
import type { FileReport, Study } from '../../state/studyModel';
import type { StudyViews } from '../../state/placeStore';
import type { CornerstoneRuntime } from '../../viewer/cornerstoneRuntime';
import { ViewportPair } from '../viewer/ViewportPair';
import { adjudicationCalipers } from './adjudicationCalipers';
import { compareTwoReads, type Pair, type ReadUnderReview } from '../../../workers/adjudicate/compareReads';
import type { Adjudication, Decisions } from '../../../workers/adjudicate/adjudication';
import { toExchangeInput } from '../../../workers/read/toExchangeInput';
import { CappedText } from '../CappedText';
import { AdjudicationSignOff } from './AdjudicationSignOff';
import { ComparisonTables, READ_CLASS } from './ComparisonTables';

interface Props {
  engine: EngineClient;
  srExchange: SrExchange;
  dicomWeb: DicomWebService;
  /** every loaded study, oldest first */
  studies: readonly Study[];
  patientId: string;
  adjudicator: string;
  /** more studies are on their way: the SRs are looked for once all are here */
  loadingMore: boolean;
  /** the viewports, for both reads' calipers on the images */
  runtime: CornerstoneRuntime;
  baseline: Study;
  followUp: Study | null;
  onSliceErrors(errors: FileReport[]): void;
  views: StudyViews;
}

type Found = { kind: 'looking' } | { kind: 'found'; reads: SignedSrRead[]; unreadable: number } | { kind: 'failed'; message: string };
type Assessed = { kind: 'none' } | { kind: 'computing' } | { kind: 'done'; reads: Pair<ReadUnderReview> } | { kind: 'failed'; message: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The engine's verdicts for a read rebuilt from its SRs; a read the engine cannot assess is named. */
async function underReview(engine: EngineClient, read: SignedSrRead): Promise<ReadUnderReview> {
  const reply = await engine.assessRead(toExchangeInput(read.session));
  if (!reply.ok) throw new Error(`${read.readerName}'s read cannot be assessed: ${reply.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`);
  return { readerName: read.readerName, session: read.session, output: reply.output };
}

/**
 * The adjudicator's screen (issue 15 §3): the patient's signed reads found in the PACS, two of them
 * compared, a read chosen per criterion where they disagree (with a reason), and the signed
 * adjudication stored in the PACS as its own SR.
 */
export function AdjudicationView({ engine, srExchange, dicomWeb, studies, patientId, adjudicator, loadingMore, runtime, baseline, followUp, onSliceErrors, views }: Props) {
  const [showImages, setShowImages] = useState(true);
  const [found, setFound] = useState<Found>({ kind: 'looking' });
  const [chosen, setChosen] = useState<Pair<string> | null>(null);
  const [assessed, setAssessed] = useState<Assessed>({ kind: 'none' });
  const [decisions, setDecisions] = useState<Decisions>({});
  const [signed, setSigned] = useState<Adjudication | null>(null);

  useEffect(() => {
    if (loadingMore) return;
    let live = true;
    setFound({ kind: 'looking' });
    srExchange.signedReadsIn(studies, patientId).then(
      ({ reads, unreadable }) => {
        if (!live) return;
        const readers = [...new Set(reads.map((read) => read.readerName))].sort();
        setFound({ kind: 'found', reads, unreadable: unreadable.length });
        setChosen(readers.length >= 2 ? { A: readers[0]!, B: readers[1]! } : null);
      },
      (error: unknown) => live && setFound({ kind: 'failed', message: messageOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [srExchange, studies, patientId, loadingMore]);

  const pair = useMemo(() => {
    if (found.kind !== 'found' || !chosen || chosen.A === chosen.B) return null;
    const byReader = (name: string) => found.reads.find((read) => read.readerName === name);
    const [a, b] = [byReader(chosen.A), byReader(chosen.B)];
    return a && b ? { A: a, B: b } : null;
  }, [found, chosen]);

  useEffect(() => {
    if (!pair) return setAssessed({ kind: 'none' });
    let live = true;
    setAssessed({ kind: 'computing' });
    setDecisions({});
    Promise.all([underReview(engine, pair.A), underReview(engine, pair.B)]).then(
      ([A, B]) => live && setAssessed({ kind: 'done', reads: { A, B } }),
      (error: unknown) => live && setAssessed({ kind: 'failed', message: messageOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [engine, pair]);

  const comparison = useMemo(() => (assessed.kind === 'done' ? compareTwoReads(assessed.reads) : null), [assessed]);
  const calipers = useMemo(() => {
    if (!pair) return { baseline: [], 'follow-up': [] };
    const sessions = { A: pair.A.session, B: pair.B.session };
    return { baseline: adjudicationCalipers(sessions, baseline.studyInstanceUid), 'follow-up': followUp ? adjudicationCalipers(sessions, followUp.studyInstanceUid) : [] };
  }, [pair, baseline, followUp]);
  const readers = found.kind === 'found' ? [...new Set(found.reads.map((read) => read.readerName))].sort() : [];

  return (
    <main className="adjudication-main" aria-label="Adjudication" data-testid="adjudication" data-state={comparison ? 'compared' : found.kind}>
      <h2>
        Adjudication of <CappedText text={patientId} cap={64} />
      </h2>
      <p className="muted">
        Adjudicator: <strong data-testid="adjudicator-name">{adjudicator}</strong>. Signed reads of this patient found in the loaded studies’ SRs; each reader read blind.
      </p>
      {loadingMore && <p>Waiting for every study to arrive before looking for signed reads…</p>}
      {!loadingMore && found.kind === 'looking' && <p>Looking for signed reads…</p>}
      {found.kind === 'failed' && <p className="warning" role="alert">The SRs could not be read: {found.message}</p>}
      {found.kind === 'found' && readers.length < 2 && (
        <p className="warning" role="alert" data-testid="adjudication-too-few">
          Adjudication needs signed reads by two readers; found {readers.length === 0 ? 'none' : `only ${readers.join(', ')}`}. A read counts once its reader has signed it and its SRs are in the PACS.
        </p>
      )}
      {found.kind === 'found' && found.unreadable > 0 && <p className="warning">{found.unreadable} SR file(s) could not be read and were left out.</p>}
      {chosen && readers.length >= 2 && (
        <div className="toolbar" role="toolbar" aria-label="Reads compared">
          {(['A', 'B'] as const).map((key) => (
            <label key={key} className={READ_CLASS[key]}>
              Read {key}{' '}
              <select value={chosen[key]} disabled={signed !== null} onChange={(event) => setChosen({ ...chosen, [key]: event.target.value })} data-testid={`adjudication-read-${key}`}>
                {readers.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          ))}
          {chosen.A === chosen.B && <span className="warning">Choose two different readers.</span>}
          <label>
            <input type="checkbox" checked={showImages} onChange={(event) => setShowImages(event.target.checked)} data-testid="adjudication-images" /> Both reads’ calipers on the images
            (A blue, B orange; the follow-up as chosen under Timepoints)
          </label>
        </div>
      )}
      {assessed.kind === 'computing' && <p>Computing both reads’ verdicts…</p>}
      {assessed.kind === 'failed' && <p className="warning" role="alert">{assessed.message}</p>}
      {pair && showImages && (
        <div className="adjudication-images" data-testid="adjudication-viewports">
          <ViewportPair runtime={runtime} baseline={baseline} followUp={followUp} onSliceErrors={onSliceErrors} measurements={calipers} focus={null} views={views} />
        </div>
      )}
      {comparison && assessed.kind === 'done' && pair && (
        <>
          <ComparisonTables comparison={comparison} decisions={decisions} locked={signed !== null} onDecision={(criterion, decision) => setDecisions({ ...decisions, [criterion]: decision })} />
          <AdjudicationSignOff
            comparison={comparison}
            reads={assessed.reads}
            instances={{ A: pair.A.instances, B: pair.B.instances }}
            decisions={decisions}
            adjudicator={adjudicator}
            studies={studies}
            srExchange={srExchange}
            dicomWeb={dicomWeb}
            signed={signed}
            onSigned={setSigned}
          />
        </>
      )}
    </main>
  );
}
