import { describe, expect, it } from 'vitest';
import { parseMultipart } from './multipart';
import {
  createDicomWebClient,
  createDicomWebSettings,
  dicomJsonDateToIso,
  DicomWebError,
  normalizeBaseUrl,
  parseDicomJson,
  RetrievalCancelled,
  storeRequestBody,
  storeResultFromDicomJson,
  studyRowsFromDicomJson,
  studySearchParameters,
  type DicomWebFetch,
  type DicomWebResponse,
} from './dicomWeb';

const BASE = 'http://127.0.0.1:5173/dicom-web';
const STUDY = '1.2.3';

/** A study as Orthanc's QIDO-RS answers it (trimmed). */
const orthancStudy = {
  '00080020': { Value: ['20010812'], vr: 'DA' },
  '00080030': { vr: 'TM' },
  '00080061': { Value: ['CT', 'SR'], vr: 'CS' },
  '00081030': { Value: ['CT C/A/P LIVER PR'], vr: 'LO' },
  '00100010': { Value: [{ Alphabetic: 'HCC_048' }], vr: 'PN' },
  '00100020': { Value: ['HCC_048'], vr: 'LO' },
  '0020000D': { Value: [STUDY], vr: 'UI' },
  '00201208': { Value: [89], vr: 'IS' },
};

function response(status: number, body: string | Uint8Array, contentType: string): DicomWebResponse {
  const data = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 200 ? 'OK' : 'Error',
    headers: new Headers(contentType ? { 'content-type': contentType } : {}),
    arrayBuffer: async () => data.slice().buffer,
  };
}

const json = (value: unknown) => response(200, JSON.stringify(value), 'application/dicom+json');

function multipart(boundary: string, payload: string): DicomWebResponse {
  const body = `--${boundary}\r\nContent-Type: application/dicom\r\nContent-Length: ${payload.length}\r\n\r\n${payload}\r\n--${boundary}--\r\n`;
  return response(200, body, `multipart/related; type="application/dicom"; boundary="${boundary}"`);
}

/** A fake server: routes by path; records every request. */
function fakeServer(routes: Record<string, () => DicomWebResponse | Promise<DicomWebResponse>>) {
  const requests: { url: string; accept: string }[] = [];
  const fetchUrl: DicomWebFetch = async (url, init) => {
    requests.push({ url, accept: init.headers.Accept ?? '' });
    const path = url.slice(BASE.length).split('?')[0]!;
    const route = routes[path];
    return route ? route() : response(404, 'not found', 'text/plain');
  };
  return { requests, client: createDicomWebClient(fetchUrl, BASE) };
}

const uid = (tag: string, value: string) => ({ [tag]: { vr: 'UI', Value: [value] } });

describe('studyRowsFromDicomJson', () => {
  it('reads the study attributes of an Orthanc answer', () => {
    expect(studyRowsFromDicomJson([orthancStudy])).toEqual([
      {
        studyInstanceUid: STUDY,
        patientName: 'HCC_048',
        patientId: 'HCC_048',
        studyDate: '2001-08-12',
        description: 'CT C/A/P LIVER PR',
        modalities: ['CT', 'SR'],
        numberOfInstances: 89,
      },
    ]);
  });

  it('accepts lower-case tags and IS values given as strings', () => {
    const [row] = studyRowsFromDicomJson([{ '0020000d': { vr: 'UI', Value: ['1.2'] }, '00201208': { vr: 'IS', Value: [' 12 '] } }]);
    expect(row).toMatchObject({ studyInstanceUid: '1.2', numberOfInstances: 12, patientName: '', studyDate: null, modalities: [] });
  });

  it('leaves out a study without a valid Study Instance UID', () => {
    expect(studyRowsFromDicomJson([{}, uid('0020000D', '../../etc'), uid('0020000D', '1.2.x')])).toEqual([]);
  });

  it('survives values of the wrong shape (untrusted input)', () => {
    const [row] = studyRowsFromDicomJson([
      {
        ...uid('0020000D', '1.2'),
        '00100010': { vr: 'PN', Value: [{ Ideographic: '山田' }, null, 7] },
        '00080020': { vr: 'DA', Value: ['20011331'] },
        '00080061': { vr: 'CS', Value: [{}, 'MR', 'MR', ''] },
        '00081030': 'not an element',
        '00201208': { vr: 'IS', Value: [-1] },
      },
    ]);
    expect(row).toMatchObject({ patientName: '7', studyDate: null, modalities: ['MR'], description: '', numberOfInstances: null });
  });

  it('keeps a patient name with markup as plain text', () => {
    const [row] = studyRowsFromDicomJson([{ ...uid('0020000D', '1.2'), '00100010': { vr: 'PN', Value: [{ Alphabetic: '<img src=x onerror=alert(1)>' }] } }]);
    expect(row!.patientName).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('dicomJsonDateToIso', () => {
  it('converts valid dates and rejects impossible ones', () => {
    expect(dicomJsonDateToIso('20011111')).toBe('2001-11-11');
    expect(dicomJsonDateToIso('20000229')).toBe('2000-02-29');
    expect(dicomJsonDateToIso('20010229')).toBeNull();
    expect(dicomJsonDateToIso('2001-11-11')).toBeNull();
    expect(dicomJsonDateToIso('')).toBeNull();
  });
});

describe('parseDicomJson', () => {
  it('names an answer that is not JSON, or not a list of datasets', () => {
    expect(() => parseDicomJson('<!doctype html>', 'the study search')).toThrow('the answer to the study search is not DICOM JSON (it does not parse as JSON)');
    expect(() => parseDicomJson('{"a":1}', 'x')).toThrow(/not a list of datasets/);
    expect(() => parseDicomJson('[1]', 'x')).toThrow(/not a list of datasets/);
    expect(parseDicomJson('', 'x')).toEqual([]);
  });
});

describe('studySearchParameters', () => {
  const get = (parameters: URLSearchParams, name: string) => parameters.getAll(name);

  it('searches a name from its start, an ID exactly, and a date range', () => {
    const parameters = studySearchParameters({ patientName: ' HCC ', patientId: 'HCC_048', studyDateFrom: '2001-08-01', studyDateTo: '2001-08-31' });
    expect(get(parameters, 'PatientName')).toEqual(['HCC*']);
    expect(get(parameters, 'PatientID')).toEqual(['HCC_048']);
    expect(get(parameters, 'StudyDate')).toEqual(['20010801-20010831']);
    expect(get(parameters, 'includefield')).toEqual(['00100010', '00100020', '00080020', '00081030', '00080061', '00201208']);
    expect(get(parameters, 'limit')).toEqual(['101']);
  });

  it('keeps the wildcards a user typed, and gives open date ranges and single days', () => {
    expect(get(studySearchParameters({ patientName: 'D?e*' }), 'PatientName')).toEqual(['D?e*']);
    expect(get(studySearchParameters({ studyDateFrom: '2001-11-01' }), 'StudyDate')).toEqual(['20011101-']);
    expect(get(studySearchParameters({ studyDateTo: '2001-08-31' }), 'StudyDate')).toEqual(['-20010831']);
    expect(get(studySearchParameters({ studyDateFrom: '2001-08-12', studyDateTo: '2001-08-12' }), 'StudyDate')).toEqual(['20010812']);
  });

  it('leaves out empty fields', () => {
    const parameters = studySearchParameters({ patientName: '  ', patientId: '', studyDateFrom: '', studyDateTo: '' });
    expect([...new Set(parameters.keys())]).toEqual(['includefield', 'limit']);
  });

  it('refuses a reversed range and a date that is not one', () => {
    expect(() => studySearchParameters({ studyDateFrom: '2002-01-01', studyDateTo: '2001-01-01' })).toThrow('the start date is after the end date');
    expect(() => studySearchParameters({ studyDateFrom: '2001-02-30' })).toThrow(DicomWebError);
    expect(() => studySearchParameters({ studyDateTo: '20010101' })).toThrow(/not a date/);
  });
});

describe('normalizeBaseUrl', () => {
  const page = 'http://127.0.0.1:5173/';
  it('resolves against the page, drops trailing slashes, query and fragment', () => {
    expect(normalizeBaseUrl('/dicom-web/', page)).toBe('http://127.0.0.1:5173/dicom-web');
    expect(normalizeBaseUrl(' https://pacs.example/dicom-web?x=1#y ', page)).toBe('https://pacs.example/dicom-web');
  });
  it('refuses other schemes and credentials in the URL', () => {
    expect(() => normalizeBaseUrl('javascript:alert(1)', page)).toThrow(/http or https/);
    expect(() => normalizeBaseUrl('file:///etc', page)).toThrow(/http or https/);
    expect(() => normalizeBaseUrl('http://user:secret@host/dicom-web', page)).toThrow(/no user name or password/);
  });
});

describe('DICOMweb client: search', () => {
  it('sends a QIDO-RS study search and returns rows', async () => {
    const { client, requests } = fakeServer({ '/studies': () => json([orthancStudy]) });
    const result = await client.searchStudies({ patientId: 'HCC_048' });
    expect(result).toMatchObject({ truncated: false, studies: [{ studyInstanceUid: STUDY }] });
    expect(requests[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:5173\/dicom-web\/studies\?PatientID=HCC_048&includefield=/);
    expect(requests[0]!.accept).toContain('application/dicom+json');
  });

  it('takes 204 No Content as no match', async () => {
    const { client } = fakeServer({ '/studies': () => response(204, '', '') });
    expect(await client.searchStudies({})).toEqual({ studies: [], truncated: false });
  });

  it('says when more studies match than it shows', async () => {
    const many = Array.from({ length: 101 }, (_, index) => ({ ...orthancStudy, ...uid('0020000D', `1.2.${index}`) }));
    const { client } = fakeServer({ '/studies': () => json(many) });
    const result = await client.searchStudies({});
    expect(result.studies).toHaveLength(100);
    expect(result.truncated).toBe(true);
  });

  it('turns an unreachable server, an HTTP error and a web page into clear errors', async () => {
    const unreachable = createDicomWebClient(async () => {
      throw new TypeError('Failed to fetch');
    }, BASE);
    await expect(unreachable.searchStudies({})).rejects.toThrow(`could not reach the DICOMweb server at ${BASE} (Failed to fetch)`);
    await expect(fakeServer({ '/studies': () => response(503, 'down', 'text/plain') }).client.searchStudies({})).rejects.toThrow(
      `the DICOMweb server at ${BASE} answered HTTP 503 Error to the study search`,
    );
    await expect(fakeServer({ '/studies': () => response(200, '<!doctype html>', 'text/html') }).client.searchStudies({})).rejects.toThrow(
      /not DICOM JSON \(it is text\/html\): is .* a DICOMweb server\?/,
    );
    await expect(fakeServer({ '/studies': () => response(200, '{oops', 'application/json') }).client.searchStudies({})).rejects.toThrow(DicomWebError);
  });
});

describe('DICOMweb client: metadata first', () => {
  const described = (sop: string, seriesUid: string) => ({ ...uid('00080018', sop), ...uid('0020000E', seriesUid), '00280010': { vr: 'US', Value: [512] } });

  it('describes every instance from WADO-RS series metadata, in the server series order, without retrieving any', async () => {
    const { client, requests } = fakeServer({
      [`/studies/${STUDY}/series`]: () => json([uid('0020000E', '1.1'), uid('0020000E', '1.2')]),
      // the second series answers first: the instances still come in the server's series order
      [`/studies/${STUDY}/series/1.1/metadata`]: () => new Promise((resolve) => setTimeout(() => resolve(json([described('1.1.1', '1.1'), described('1.1.2', '1.1')])), 20)),
      [`/studies/${STUDY}/series/1.2/metadata`]: () => json([described('1.2.1', '1.2')]),
    });
    const progress: [number, number][] = [];
    const metadata = await client.retrieveMetadata(STUDY, (done, total) => progress.push([done, total]));
    expect(metadata.failures).toEqual([]);
    expect(metadata.instances.map(({ name, studyUid, seriesUid, sopUid }) => ({ name, studyUid, seriesUid, sopUid }))).toEqual([
      { name: `PACS/${STUDY}/1.1/1.1.1.dcm`, studyUid: STUDY, seriesUid: '1.1', sopUid: '1.1.1' },
      { name: `PACS/${STUDY}/1.1/1.1.2.dcm`, studyUid: STUDY, seriesUid: '1.1', sopUid: '1.1.2' },
      { name: `PACS/${STUDY}/1.2/1.2.1.dcm`, studyUid: STUDY, seriesUid: '1.2', sopUid: '1.2.1' },
    ]);
    expect(metadata.instances[0]!.dataset['00280010']).toEqual({ vr: 'US', Value: [512] });
    expect(progress.at(-1)).toEqual([2, 2]);
    expect(requests.map((request) => request.url.slice(BASE.length))).toEqual([`/studies/${STUDY}/series`, `/studies/${STUDY}/series/1.1/metadata`, `/studies/${STUDY}/series/1.2/metadata`]);
  });

  it('names a series whose metadata fails and an instance without a SOP Instance UID fit for a URL, and keeps the rest', async () => {
    const { client, requests } = fakeServer({
      [`/studies/${STUDY}/series`]: () => json([uid('0020000E', '1.1'), uid('0020000E', '1.2'), uid('0020000E', '1.3')]),
      [`/studies/${STUDY}/series/1.1/metadata`]: () => json([described('1.1.1', '1.1'), described('1.1.1/../../x', '1.1'), { '00080018': 'not an element' }]),
      [`/studies/${STUDY}/series/1.2/metadata`]: () => response(500, 'boom', 'text/plain'),
      [`/studies/${STUDY}/series/1.3/metadata`]: () => response(200, '<html>', 'text/html'),
    });
    const metadata = await client.retrieveMetadata(STUDY, () => {});
    expect(metadata.instances.map((instance) => instance.sopUid)).toEqual(['1.1.1']);
    expect(metadata.failures).toEqual([
      { fileName: `PACS/${STUDY}/1.1/instance 2`, message: "the server's metadata gives no valid SOP Instance UID: not retrieved" },
      { fileName: `PACS/${STUDY}/1.1/instance 3`, message: "the server's metadata gives no valid SOP Instance UID: not retrieved" },
      { fileName: `PACS/${STUDY}/1.2`, message: expect.stringMatching(/^the metadata of this series could not be retrieved: .*HTTP 500/) },
      { fileName: `PACS/${STUDY}/1.3`, message: expect.stringMatching(/^the metadata of this series could not be retrieved: .*not DICOM JSON \(it is text\/html\)/) },
    ]);
    expect(requests.some((request) => request.url.includes('x'))).toBe(false);
  });

  it('fails as a whole with a clear message when the server cannot be reached', async () => {
    const client = createDicomWebClient(async () => {
      throw new TypeError('Failed to fetch');
    }, BASE);
    await expect(client.retrieveMetadata(STUDY, () => {})).rejects.toThrow(/could not reach the DICOMweb server/);
  });

  it('never puts a value that is not a UID into a URL', async () => {
    const { client, requests } = fakeServer({
      [`/studies/${STUDY}/series`]: () => json([uid('0020000E', '../../system'), uid('0020000E', '1.1')]),
      [`/studies/${STUDY}/series/1.1/metadata`]: () => json([described('1.1.1?x=1', '1.1')]),
    });
    await expect(client.retrieveMetadata('1.2/../x', () => {})).rejects.toThrow(/not a Study Instance UID/);
    const metadata = await client.retrieveMetadata(STUDY, () => {});
    expect(metadata.instances).toEqual([]);
    expect(requests.map((request) => request.url.slice(BASE.length))).toEqual([`/studies/${STUDY}/series`, `/studies/${STUDY}/series/1.1/metadata`]);
  });

  it('retrieves one instance whole when asked, and says why it could not', async () => {
    const { client, requests } = fakeServer({
      [`/studies/${STUDY}/series/1.1/instances/1.1.1`]: () => multipart('abc', 'first'),
      [`/studies/${STUDY}/series/1.1/instances/1.1.2`]: () => response(503, '', 'text/plain'),
      [`/studies/${STUDY}/series/1.1/instances/1.1.3`]: () => response(200, '--b\r\n\r\ncut', 'multipart/related; boundary=b'),
    });
    expect(await (await client.retrieveInstance({ studyUid: STUDY, seriesUid: '1.1', sopUid: '1.1.1' })).text()).toBe('first');
    await expect(client.retrieveInstance({ studyUid: STUDY, seriesUid: '1.1', sopUid: '1.1.2' })).rejects.toThrow(/^could not be retrieved: .*answered HTTP 503/);
    await expect(client.retrieveInstance({ studyUid: STUDY, seriesUid: '1.1', sopUid: '1.1.3' })).rejects.toThrow(/^could not be retrieved: the server's answer is not a readable multipart body/);
    expect(requests.map((request) => request.accept)).toEqual(Array(3).fill('multipart/related; type="application/dicom"; transfer-syntax=*'));
  });

  it('retrieves one instance as bytes of its own, the file alone: what the viewer moves to a decoder', async () => {
    const { client } = fakeServer({
      [`/studies/${STUDY}/series/1.1/instances/1.1.1`]: () => multipart('abc', 'first'),
      [`/studies/${STUDY}/series/1.1/instances/1.1.2`]: () => response(200, 'plain', 'application/dicom'),
      [`/studies/${STUDY}/series/1.1/instances/1.1.3`]: () => response(503, '', 'text/plain'),
    });
    const text = (bytes: ArrayBuffer) => new TextDecoder().decode(bytes);
    // a multipart answer's part, not the answer: the boundaries are not moved along
    const part = await client.retrieveInstanceBytes({ studyUid: STUDY, seriesUid: '1.1', sopUid: '1.1.1' });
    expect([text(part), part.byteLength]).toEqual(['first', 5]);
    expect(text(await client.retrieveInstanceBytes({ studyUid: STUDY, seriesUid: '1.1', sopUid: '1.1.2' }))).toBe('plain');
    await expect(client.retrieveInstanceBytes({ studyUid: STUDY, seriesUid: '1.1', sopUid: '1.1.3' })).rejects.toThrow(/^could not be retrieved: .*answered HTTP 503/);
  });
});

describe('DICOMweb: a cancelled opening', () => {
  /** A server that never answers: only the request's signal ends it, as a browser's fetch is ended. */
  function silentServer() {
    const requests: string[] = [];
    const fetchUrl: DicomWebFetch = (url, init) => {
      requests.push(url);
      return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    };
    return { requests, client: createDicomWebClient(fetchUrl, BASE) };
  }
  const instance = { studyUid: STUDY, seriesUid: '1.1', sopUid: '1.1.1' };

  it('stops a retrieval on the wire and says it was cancelled, not that the server failed', async () => {
    const { client, requests } = silentServer();
    const opening = new AbortController();
    const retrieval = client.retrieveInstance(instance, opening.signal);
    const metadata = client.retrieveMetadata(STUDY, () => {}, opening.signal);
    opening.abort();
    await expect(retrieval).rejects.toBeInstanceOf(RetrievalCancelled);
    await expect(metadata).rejects.toBeInstanceOf(RetrievalCancelled);
    expect(requests).toHaveLength(2);
  });

  it('stops retrieving a cohort’s SRs when the cohort view is left: no instance asked for after the abort', async () => {
    const requests: string[] = [];
    const leaving = new AbortController();
    const fetchUrl: DicomWebFetch = async (url, init) => {
      requests.push(url.slice(BASE.length));
      const path = url.slice(BASE.length).split('?')[0]!;
      if (path === '/studies') return json([uid('0020000D', STUDY)]);
      if (path === `/studies/${STUDY}/series`) return json([uid('0020000E', '1.9')]);
      if (path === `/studies/${STUDY}/series/1.9/instances`) return json(Array.from({ length: 20 }, (_, index) => uid('00080018', `1.9.${index + 1}`)));
      // the first instance's answer never comes: the view is left meanwhile
      leaving.abort();
      return new Promise((_, reject) => (init.signal?.aborted ? reject(new DOMException('aborted', 'AbortError')) : init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))));
    };
    const retrieval = createDicomWebClient(fetchUrl, BASE).retrieveStructuredReports(() => {}, leaving.signal);
    await expect(retrieval).rejects.toBeInstanceOf(RetrievalCancelled);
    // the requests in flight when it was left (at most 6 at once), none after
    expect(requests.filter((path) => path.includes('/instances/')).length).toBeLessThanOrEqual(6);
  });

  it('sends nothing once the opening is cancelled', async () => {
    const { client, requests } = silentServer();
    const opening = new AbortController();
    opening.abort();
    await expect(client.retrieveInstance(instance, opening.signal)).rejects.toBeInstanceOf(RetrievalCancelled);
    await expect(client.retrieveMetadata(STUDY, () => {}, opening.signal)).rejects.toBeInstanceOf(RetrievalCancelled);
    expect(requests).toEqual([]);
  });
});

describe('DICOMweb client: series matching a query (a case\'s reference read, issue 16)', () => {
  const OTHER = '1.2.4';
  const query = { Modality: 'SR', SeriesNumber: '9201' };

  it('asks each study for the matching series, and retrieves only from those that hold one', async () => {
    const { client, requests } = fakeServer({
      [`/studies/${STUDY}/series`]: () => json([uid('0020000E', '1.9')]),
      [`/studies/${OTHER}/series`]: () => response(204, '', ''),
      [`/studies/${STUDY}/series/1.9/instances`]: () => json([uid('00080018', '1.9.1')]),
      [`/studies/${STUDY}/series/1.9/instances/1.9.1`]: () => multipart('abc', 'reference'),
    });
    expect(await client.hasSeriesMatching([STUDY, OTHER], query)).toBe(true);
    expect(await client.hasSeriesMatching([OTHER], query)).toBe(false);
    const fetched = await client.retrieveSeriesMatching([STUDY, OTHER], query, () => {});
    // a study without such a series is no failure
    expect(fetched.failures).toEqual([]);
    expect(await Promise.all(fetched.files.map(async (file) => [file.name, await file.blob.text()]))).toEqual([[`PACS/${STUDY}/1.9/1.9.1.dcm`, 'reference']]);
    const searches = requests.map((request) => request.url.slice(BASE.length)).filter((url) => url.includes('?'));
    expect(new Set(searches)).toEqual(new Set([`/studies/${STUDY}/series?Modality=SR&SeriesNumber=9201`, `/studies/${OTHER}/series?Modality=SR&SeriesNumber=9201`]));
  });

  it('never puts a value that is not a UID into a URL', async () => {
    const { client, requests } = fakeServer({});
    await expect(client.hasSeriesMatching(['1.2/../x'], query)).rejects.toThrow(/is not a Study Instance UID/);
    expect(requests).toEqual([]);
  });
});

describe('DICOMweb settings', () => {
  const memory = () => {
    const items = new Map<string, string>();
    return {
      items,
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    };
  };

  it('remembers a server and forgets it when set back to the default', () => {
    const storage = memory();
    const settings = createDicomWebSettings(storage, 'http://127.0.0.1:5173/dicom-web');
    expect(settings.load()).toBe('http://127.0.0.1:5173/dicom-web');
    settings.save('http://127.0.0.1:8042/dicom-web');
    expect(createDicomWebSettings(storage, 'http://127.0.0.1:5173/dicom-web').load()).toBe('http://127.0.0.1:8042/dicom-web');
    settings.save('http://127.0.0.1:5173/dicom-web');
    expect(storage.items.size).toBe(0);
  });

  it('falls back to the default when storage is missing or throws', () => {
    expect(createDicomWebSettings(null, 'd').load()).toBe('d');
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {},
    };
    const settings = createDicomWebSettings(throwing, 'd');
    expect(settings.load()).toBe('d');
    expect(() => settings.save('x')).not.toThrow();
  });
});

describe('DICOMweb client: STOW-RS', () => {
  const files = [
    { name: 'a.dcm', sopInstanceUid: '1.2.3.1', bytes: new Uint8Array([1, 2, 3]).buffer },
    { name: 'b.dcm', sopInstanceUid: '1.2.3.2', bytes: new Uint8Array([4, 5]).buffer },
  ];
  const referenced = (uid: string) => ({ '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.88.34'] }, '00081155': { vr: 'UI', Value: [uid] } });

  it('posts one application/dicom part per file', async () => {
    const body = new Uint8Array(await storeRequestBody(files, 'b0undary').arrayBuffer());
    const parts = parseMultipart(body, 'b0undary');
    expect(parts.map((part) => [part.headers['content-type'], [...part.body]])).toEqual([
      ['application/dicom', [1, 2, 3]],
      ['application/dicom', [4, 5]],
    ]);
  });

  it('sends a POST to /studies with the multipart type, and reads a partial success (202)', async () => {
    const calls: { url: string; method?: string; type?: string }[] = [];
    const answer = [{ '00081199': { vr: 'SQ', Value: [referenced('1.2.3.1')] }, '00081198': { vr: 'SQ', Value: [{ ...referenced('1.2.3.2'), '00081197': { vr: 'US', Value: [0xa900] } }] } }];
    const client = createDicomWebClient(async (url, init) => {
      calls.push({ url, method: init.method, type: init.headers['Content-Type'] });
      return response(202, JSON.stringify(answer), 'application/dicom+json');
    }, BASE);
    expect(await client.storeInstances(files)).toEqual({ stored: ['1.2.3.1'], failed: [{ sopInstanceUid: '1.2.3.2', reason: 'the data set does not match the SOP class' }] });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ url: `${BASE}/studies`, method: 'POST' });
    expect(calls[0]!.type).toMatch(/^multipart\/related; type="application\/dicom"; boundary=nadir-[0-9a-f-]+$/);
  });

  it('takes a 200 without a body as all stored, and a refusal or an unreachable server as a clear error', async () => {
    const ok = createDicomWebClient(async () => response(200, '', ''), BASE);
    expect(await ok.storeInstances(files)).toEqual({ stored: ['1.2.3.1', '1.2.3.2'], failed: [] });
    const refused = createDicomWebClient(async () => response(409, '', ''), BASE);
    await expect(refused.storeInstances(files)).rejects.toThrow('refused the store request (HTTP 409) without saying why');
    const down = createDicomWebClient(async () => Promise.reject(new TypeError('Failed to fetch')), BASE);
    await expect(down.storeInstances(files)).rejects.toThrow(DicomWebError);
  });

  it('reads failure reasons it does not know by their number', () => {
    expect(storeResultFromDicomJson([{ '00081198': { vr: 'SQ', Value: [{ ...referenced('9.9'), '00081197': { vr: 'US', Value: [42] } }] } }])).toEqual({
      stored: [],
      failed: [{ sopInstanceUid: '9.9', reason: 'failure reason 42' }],
    });
  });
});
