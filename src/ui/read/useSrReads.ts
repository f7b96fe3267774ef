import { useEffect, useState } from 'react';
import type { Study } from '../../dicom/studies';
import type { NadirRead } from '../../dicom/sr/nadirReads';

/**
 * The Nadir reads stored as DICOM SR in the loaded studies (retrieved from a PACS with the images,
 * or dropped in with them), of this patient. dcmjs loads only when there is an SR to look at.
 */
export function useSrReads(studies: readonly Study[], patientId: string): NadirRead[] {
  const [reads, setReads] = useState<NadirRead[]>([]);
  useEffect(() => {
    const instances = studies.flatMap((study) => study.otherSeries.filter((series) => series.modality === 'SR').flatMap((series) => series.instances));
    if (instances.length === 0) {
      setReads([]);
      return;
    }
    let live = true;
    void (async () => {
      const { nadirReadsIn } = await import('../../dicom/sr/nadirReads');
      const files = await Promise.all(instances.map(async (instance) => ({ name: instance.file.name, bytes: await instance.file.blob.arrayBuffer() })));
      const found = nadirReadsIn(files).filter((read) => read.patientId === patientId);
      if (live) setReads(found);
    })();
    return () => {
      live = false;
    };
  }, [studies, patientId]);
  return reads;
}
