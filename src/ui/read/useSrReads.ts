import { useEffect, useState } from 'react';
import type { Study } from '../../dicom/studies';
import type { NadirRead } from '../../dicom/sr/nadirReads';

/**
 * The reads of this patient by this reader stored as DICOM SR in the loaded studies (retrieved from a
 * PACS with the images, or dropped in with them). Other readers' reads are not offered: reads may be
 * blinded, and a reader should not meet a colleague's measurements unasked (their SR files can still
 * be imported on purpose). dcmjs loads only when there is an SR to look at, in a worker.
 */
export function useSrReads(studies: readonly Study[], patientId: string, readerName: string): NadirRead[] {
  const [reads, setReads] = useState<NadirRead[]>([]);
  useEffect(() => {
    const instances = studies.flatMap((study) => study.otherSeries.filter((series) => series.modality === 'SR').flatMap((series) => series.instances));
    if (instances.length === 0) {
      setReads([]);
      return;
    }
    let live = true;
    void (async () => {
      const { nadirReadsInWorker } = await import('../../dicom/sr/srReader');
      const files = await Promise.all(instances.map(async (instance) => ({ name: instance.file.name, bytes: await instance.file.blob.arrayBuffer() })));
      // In a worker, within a time budget: a hostile SR among the loaded studies must not freeze the page.
      const found = (await nadirReadsInWorker(files)).reads.filter((read) => read.patientId === patientId && read.readerName === readerName);
      if (live) setReads(found);
    })();
    return () => {
      live = false;
    };
  }, [studies, patientId, readerName]);
  return reads;
}
