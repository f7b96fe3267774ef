import { describe, expect, it } from 'vitest';
import type { DicomWebClient, StoreFile } from '../../datasources/dicomWeb';
import type { SrExchange, SrReports } from '../../state/srExchange';
import { FIXTURE_SESSION } from '../../../tests/fixtures/reportRead';
import type { PatientOutput } from '../../../workers/domain/result';
import { storeQuizRead } from './storeQuizRead';

type ReportFile = SrReports['files'][number];

const file = (kind: 'SR' | 'SEG', timepoint: string, uid: string): ReportFile => ({ kind, studyInstanceUid: '1.2', timepoint, sopInstanceUid: uid, fileName: `${uid}.dcm`, bytes: new ArrayBuffer(8) });

/** Only the two calls storeQuizRead makes; the rest of each interface is never reached. */
function parts(files: ReportFile[], answer: (sent: readonly StoreFile[]) => { stored: string[]; failed: { sopInstanceUid: string; reason: string }[] }) {
  const srExchange = { writeQuizRead: async () => ({ files, skipped: [] }) } as Partial<SrExchange> as SrExchange;
  const client = { baseUrl: 'http://pacs/dicom-web', storeInstances: async (sent: readonly StoreFile[]) => answer(sent) } as Partial<DicomWebClient> as DicomWebClient;
  return { srExchange, client };
}

const OUTPUT = {} as PatientOutput;

describe('a submitted quiz read stored in the PACS', () => {
  it('names each timepoint once, though a timepoint stores its segmentations beside its SR', async () => {
    const files = [file('SEG', 'BL', '1.1'), file('SR', 'BL', '1.2'), file('SR', 'FU1', '1.3'), file('SR', 'FU2', '1.4')];
    const { srExchange, client } = parts(files, (sent) => ({ stored: sent.map((one) => one.sopInstanceUid), failed: [] }));
    expect(await storeQuizRead(srExchange, client, FIXTURE_SESSION, OUTPUT, [])).toEqual({ kind: 'stored', server: 'http://pacs/dicom-web', timepoints: 'BL, FU1, FU2' });
  });

  it('names the timepoint of each file the PACS refused, with its reason', async () => {
    const files = [file('SR', 'BL', '1.2'), file('SR', 'FU1', '1.3')];
    const { srExchange, client } = parts(files, () => ({ stored: ['1.2'], failed: [{ sopInstanceUid: '1.3', reason: 'out of resources' }] }));
    expect(await storeQuizRead(srExchange, client, FIXTURE_SESSION, OUTPUT, [])).toEqual({ kind: 'failed', server: 'http://pacs/dicom-web', message: 'the PACS refused FU1 (out of resources)' });
  });

  it('stores nothing for a read with no assessed lesion', async () => {
    const { srExchange, client } = parts([], () => {
      throw new Error('nothing should be sent');
    });
    expect(await storeQuizRead(srExchange, client, FIXTURE_SESSION, null, [])).toEqual({ kind: 'failed', server: 'http://pacs/dicom-web', message: 'your read has no assessed lesion yet' });
  });
});
