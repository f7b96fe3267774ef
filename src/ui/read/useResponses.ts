import { useEffect, useState } from 'react';
import type { ReadAssessment } from '../../../workers/engine';
import type { ReadSession } from '../../../workers/read/model';
import { toExchangeInput } from '../../../workers/read/toExchangeInput';
import type { EngineClient } from '../../state/engine';

export type Responses = { kind: 'idle' } | { kind: 'computing'; last: ReadAssessment | null } | { kind: 'done'; reply: ReadAssessment };

const DEBOUNCE_MS = 120;

/** Recomputes every enabled criterion in the engine worker after each change, debounced; each criterion on its own. */
export function useResponses(engine: EngineClient, session: ReadSession): Responses {
  const [responses, setResponses] = useState<Responses>({ kind: 'idle' });
  useEffect(() => {
    if (session.timepoints.length === 0 || session.lesions.length === 0) {
      setResponses({ kind: 'idle' });
      return;
    }
    let live = true;
    setResponses((previous) => ({ kind: 'computing', last: previous.kind === 'done' ? previous.reply : previous.kind === 'computing' ? previous.last : null }));
    const timer = setTimeout(() => {
      engine.assessRead(toExchangeInput(session)).then(
        (reply) => live && setResponses({ kind: 'done', reply }),
        (error: unknown) => live && setResponses({ kind: 'done', reply: { ok: false, problems: [{ path: '$', message: String(error), criteria: [] }] } }),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [engine, session]);
  return responses;
}
