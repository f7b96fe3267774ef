import type { CohortService } from '../state/cohort';
import type { EngineClient } from '../state/engine';
import type { ServerRead } from '../../workers/cohort/adjudicated';
import type { EngineAnswer } from '../../workers/cohort/assemble';
import { cohortTable } from '../../workers/cohort/cohortView';

/**
 * The cohort view's service (issue 15 §6): the server's SRs (WADO-RS), read in a worker within a time
 * budget (src/dicom/sr/srReader.ts), each read assessed by the app's engine, then the pure table
 * (workers/cohort/cohortView.ts). The SR modules load on first use.
 */
export function createCohortService(engine: EngineClient): CohortService {
  return {
    async load(client, onProgress, signal) {
      const fetched = await client.retrieveStructuredReports((done, total) => onProgress({ stage: 'retrieving', done, total }), signal);
      const files = await Promise.all(fetched.files.map(async (file) => ({ name: file.name, bytes: await file.blob.arrayBuffer() })));
      onProgress({ stage: 'reading', done: 0, total: files.length });
      const { cohortSrsInWorker } = await import('../dicom/sr/srReader');
      const srs = await cohortSrsInWorker(files, signal);
      const answers = new Map<ServerRead, EngineAnswer>();
      let done = 0;
      onProgress({ stage: 'assessing', done, total: srs.reads.length });
      for (const read of srs.reads) {
        if (signal.aborted) throw new DOMException('the cohort view was left', 'AbortError');
        answers.set(read, await engine.assessRead(read.input));
        onProgress({ stage: 'assessing', done: ++done, total: srs.reads.length });
      }
      return {
        ...cohortTable(srs.reads, srs.adjudications, (read) => answers.get(read)!),
        srCount: fetched.files.length,
        unreadable: [...fetched.failures.map((failure) => ({ name: failure.fileName, message: failure.message })), ...srs.unreadable],
      };
    },
  };
}
