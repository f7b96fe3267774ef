import { useEffect, useState } from 'react';
import type { SrExchange, SrImportContext, StoredSrReads } from '../../state/srExchange';

interface Found {
  context: SrImportContext | null;
  found: StoredSrReads;
}

/**
 * The reads of this patient by this reader stored as DICOM SR in the loaded studies (retrieved from a
 * PACS with the images, or dropped in with them). Other readers' reads are not offered: reads may be
 * blinded, and a reader should not meet a colleague's measurements unasked (their SR files can still
 * be imported on purpose).
 *
 * Returns null while the SRs of the current studies are still being read: the reads found in an
 * earlier, partial list of studies must not be offered as the whole read (they lack the timepoints
 * that arrived since).
 */
export function useSrReads(srExchange: SrExchange, context: SrImportContext): StoredSrReads | null {
  const [found, setFound] = useState<Found>({ context: null, found: { reads: [], unreadable: [] } });
  const { session, studies } = context;
  const key = `${context.expected.patientId}|${session.readerName}`;
  useEffect(() => {
    let live = true;
    void srExchange.readsIn(context).then((stored) => {
      if (live) setFound({ context, found: stored });
    });
    return () => {
      live = false;
    };
    // the reads depend on the studies and on who reads whom, not on every edit of the session
  }, [srExchange, studies, key]);
  const current = found.context !== null && found.context.studies === studies && `${found.context.expected.patientId}|${found.context.session.readerName}` === key;
  return current ? found.found : null;
}
