import { useEffect, useState } from 'react';
import type { Study } from '../../dicom/studies';
import type { NadirRead } from '../../dicom/sr/nadirReads';

interface Found {
  studies: readonly Study[];
  patientId: string;
  readerName: string;
  reads: NadirRead[];
}

/**
 * The reads of this patient by this reader stored as DICOM SR in the loaded studies (retrieved from a
 * PACS with the images, or dropped in with them). Other readers' reads are not offered: reads may be
 * blinded, and a reader should not meet a colleague's measurements unasked (their SR files can still
 * be imported on purpose). dcmjs loads only when there is an SR to look at, in a worker.
 *
 * Returns null while the SRs of the current studies are still being read: the reads found in an
 * earlier, partial list of studies must not be offered as the whole read (they lack the timepoints
 * that arrived since).
 */
export function useSrReads(studies: readonly Study[], patientId: string, readerName: string): NadirRead[] | null {
  const [found, setFound] = useState<Found>({ studies: [], patientId: '', readerName: '', reads: [] });
  useEffect(() => {
    const instances = studies.flatMap((study) => study.otherSeries.filter((series) => series.modality === 'SR').flatMap((series) => series.instances));
    if (instances.length === 0) {
      setFound({ studies, patientId, readerName, reads: [] });
      return;
    }
    let live = true;
    void (async () => {
      const { nadirReadsInWorker } = await import('../../dicom/sr/srReader');
      const files = await Promise.all(instances.map(async (instance) => ({ name: instance.file.name, bytes: await instance.file.blob.arrayBuffer() })));
      // In a worker, within a time budget: a hostile SR among the loaded studies must not freeze the page.
      const reads = (await nadirReadsInWorker(files)).reads.filter((read) => read.patientId === patientId && read.readerName === readerName);
      if (live) setFound({ studies, patientId, readerName, reads });
    })();
    return () => {
      live = false;
    };
  }, [studies, patientId, readerName]);
  const current = found.studies === studies && found.patientId === patientId && found.readerName === readerName;
  return current ? found.reads : null;
}
