import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizingFetch } from './authorizingFetch';
import { createDicomWebClient, DicomWebAuthError, type DicomWebFetch, type DicomWebResponse } from './dicomWeb';
import { createCredentialsStore } from './pacsCredentials';

const BASE = 'https://pacs.example.org/dicom-web';
const TOKEN = 'eyJhbGciOi.secret-token_42';
const STUDY = '1.2.3';
const SERIES = '1.2.3.4';
const SOP = '1.2.3.4.5';

function answer(status: number, body: string, contentType: string): DicomWebResponse {
  const bytes = new TextEncoder().encode(body);
  return { ok: status >= 200 && status < 300, status, statusText: '', headers: new Headers({ 'content-type': contentType }), arrayBuffer: async () => bytes.slice().buffer };
}

/** A PACS behind a proxy that wants `Authorization: <expected>`: 401 otherwise; records what it was sent. */
function guardedServer(expected: () => string) {
  const sent: { url: string; authorization: string | undefined; method: string }[] = [];
  const fetchUrl: DicomWebFetch = async (url, init) => {
    sent.push({ url, authorization: init.headers.Authorization, method: init.method ?? 'GET' });
    if (init.headers.Authorization !== expected()) return answer(401, 'no', 'text/plain');
    const path = url.slice(BASE.length).split('?')[0]!;
    if (path === '/studies' && init.method === 'POST') return answer(200, '[{"00081199":{"vr":"SQ","Value":[{"00081155":{"vr":"UI","Value":["9.9"]}}]}}]', 'application/dicom+json');
    if (path === '/studies') return answer(200, `[{"0020000D":{"vr":"UI","Value":["${STUDY}"]}}]`, 'application/dicom+json');
    if (path === `/studies/${STUDY}/series`) return answer(200, `[{"0020000E":{"vr":"UI","Value":["${SERIES}"]}}]`, 'application/dicom+json');
    if (path === `/studies/${STUDY}/series/${SERIES}/metadata`) return answer(200, `[{"00080018":{"vr":"UI","Value":["${SOP}"]}}]`, 'application/dicom+json');
    if (path === `/studies/${STUDY}/series/${SERIES}/instances/${SOP}`) return answer(200, 'DICM', 'application/dicom');
    return answer(404, 'not found', 'text/plain');
  };
  return { sent, fetchUrl };
}

/** Everything every request kind does, in order: search, metadata, an instance, a store. */
async function everyRequestKind(fetchUrl: DicomWebFetch) {
  const client = createDicomWebClient(fetchUrl, BASE);
  await client.searchStudies({ patientId: 'HCC_048' });
  const metadata = await client.retrieveMetadata(STUDY, () => {});
  await client.retrieveInstance(metadata.instances[0]!);
  return client.storeInstances([{ name: 'sr.dcm', sopInstanceUid: '9.9', bytes: new ArrayBuffer(4) }]);
}

describe('the credentials store', () => {
  it.each([
    ['none', 'not-needed'],
    ['bearer', 'needed'],
    ['basic', 'needed'],
  ] as const)('%s starts %s', (auth, state) => {
    expect(createCredentialsStore(auth).state()).toBe(state);
  });

  it.each([
    [{ kind: 'bearer', token: '' }, 'enter the token'],
    [{ kind: 'bearer', token: 'two words' }, 'the token holds characters a bearer token cannot have (RFC 6750)'],
    [{ kind: 'bearer', token: 'abc\r\nX-Evil: 1' }, 'the token holds characters'],
    [{ kind: 'basic', user: 'ann', password: 'x' }, 'this PACS asks for a bearer token'],
  ] as const)('refuses %j for bearer: %s', (credentials, problem) => {
    const store = createCredentialsStore('bearer');
    expect(store.set(credentials)).toContain(problem);
    expect(store.state()).toBe('needed');
    expect(store.authorization()).toBeNull();
  });

  it.each([
    [{ kind: 'basic', user: '', password: 'x' }, 'enter the user name'],
    [{ kind: 'basic', user: 'a:b', password: 'x' }, 'a user name cannot contain a colon (RFC 7617)'],
    [{ kind: 'basic', user: 'ann', password: 'x\ny' }, 'the user name or password holds a control character'],
  ] as const)('refuses %j for basic: %s', (credentials, problem) => {
    expect(createCredentialsStore('basic').set(credentials)).toBe(problem);
  });

  it('writes the header values of RFC 6750 and RFC 7617 (UTF-8)', () => {
    const bearer = createCredentialsStore('bearer');
    expect(bearer.set({ kind: 'bearer', token: ` ${TOKEN} ` })).toBeNull();
    expect(bearer.authorization()).toBe(`Bearer ${TOKEN}`);
    const basic = createCredentialsStore('basic');
    expect(basic.set({ kind: 'basic', user: 'Aladdin', password: 'open sesame' })).toBeNull();
    expect(basic.authorization()).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    basic.set({ kind: 'basic', user: 'zoë', password: 'é' });
    expect(basic.authorization()).toBe(`Basic ${Buffer.from('zoë:é', 'utf8').toString('base64')}`);
  });

  it('tells its listeners, and forgets', () => {
    const store = createCredentialsStore('bearer');
    const seen: string[] = [];
    const stop = store.subscribe(() => seen.push(store.state()));
    store.set({ kind: 'bearer', token: TOKEN });
    store.refused();
    store.set({ kind: 'bearer', token: TOKEN });
    store.forget();
    stop();
    store.set({ kind: 'bearer', token: TOKEN });
    expect(seen).toEqual(['held', 'refused', 'held', 'needed']);
    expect(JSON.stringify(store)).not.toContain(TOKEN);
  });
});

describe('DICOMweb requests with the credentials', () => {
  it('every request kind (QIDO, WADO metadata, WADO instance, STOW) carries the Authorization header', async () => {
    const store = createCredentialsStore('bearer');
    store.set({ kind: 'bearer', token: TOKEN });
    const server = guardedServer(() => `Bearer ${TOKEN}`);
    const stored = await everyRequestKind(authorizingFetch(server.fetchUrl, store, BASE));
    expect(stored.stored).toEqual(['9.9']);
    expect(server.sent.map((request) => `${request.method} ${request.url.slice(BASE.length).split('?')[0]}`)).toEqual([
      'GET /studies',
      `GET /studies/${STUDY}/series`,
      `GET /studies/${STUDY}/series/${SERIES}/metadata`,
      `GET /studies/${STUDY}/series/${SERIES}/instances/${SOP}`,
      'POST /studies',
    ]);
    expect(server.sent.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(server.sent.some((request) => request.url.includes(TOKEN))).toBe(false);
  });

  it('sends nothing without credentials, and says where to enter them', async () => {
    const server = guardedServer(() => `Bearer ${TOKEN}`);
    const client = createDicomWebClient(authorizingFetch(server.fetchUrl, createCredentialsStore('bearer'), BASE), BASE);
    await expect(client.searchStudies({})).rejects.toThrow(new DicomWebAuthError('the PACS asks for credentials: enter them in the PACS panel of the start screen'));
    expect(server.sent).toEqual([]);
  });

  it('a refusal (401) is the local message, drops the credentials and asks again; the message never holds them', async () => {
    const store = createCredentialsStore('bearer');
    store.set({ kind: 'bearer', token: 'wrong-token' });
    const server = guardedServer(() => `Bearer ${TOKEN}`);
    const client = createDicomWebClient(authorizingFetch(server.fetchUrl, store, BASE), BASE);
    const error = await client.searchStudies({}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DicomWebAuthError);
    expect((error as Error).message).toBe('the PACS refused the credentials (HTTP 401): enter them again');
    expect(store.state()).toBe('refused');
    expect(store.authorization()).toBeNull();
    // a store refused says nothing was stored, and is an auth error too
    store.set({ kind: 'bearer', token: 'still-wrong' });
    const storeError = await client.storeInstances([{ name: 'sr.dcm', sopInstanceUid: '9.9', bytes: new ArrayBuffer(4) }]).catch((caught: unknown) => caught);
    expect(storeError).toBeInstanceOf(DicomWebAuthError);
    expect((storeError as Error).message).toBe('the PACS refused the credentials (HTTP 401): enter them again: nothing was stored');
    expect(`${(error as Error).message} ${(storeError as Error).message}`).not.toMatch(/wrong-token|still-wrong/);
  });

  it('after a refusal, a request sent before the credentials are typed again says they were refused', async () => {
    const store = createCredentialsStore('bearer');
    store.set({ kind: 'bearer', token: TOKEN });
    store.refused(); // a retrieval in the background met the refusal first
    const server = guardedServer(() => `Bearer ${TOKEN}`);
    const client = createDicomWebClient(authorizingFetch(server.fetchUrl, store, BASE), BASE);
    await expect(client.storeInstances([{ name: 'sr.dcm', sopInstanceUid: '9.9', bytes: new ArrayBuffer(4) }])).rejects.toThrow(
      new DicomWebAuthError('the PACS refused the credentials: enter them again: nothing was stored'),
    );
    expect(server.sent).toEqual([]);
  });

  it('a 403 on an instance is an auth error naming the instance retrieval', async () => {
    const store = createCredentialsStore('bearer');
    store.set({ kind: 'bearer', token: TOKEN });
    const fetchUrl: DicomWebFetch = async () => answer(403, 'forbidden', 'text/plain');
    const client = createDicomWebClient(authorizingFetch(fetchUrl, store, BASE), BASE);
    await expect(client.retrieveInstance({ studyUid: STUDY, seriesUid: SERIES, sopUid: SOP })).rejects.toThrow(
      new DicomWebAuthError('could not be retrieved: the PACS refused the credentials (HTTP 403): enter them again'),
    );
    expect(store.state()).toBe('refused');
  });

  it('a late refusal of credentials already replaced leaves the new ones', async () => {
    const store = createCredentialsStore('bearer');
    store.set({ kind: 'bearer', token: 'old-token' });
    const fetchUrl: DicomWebFetch = async () => {
      store.set({ kind: 'bearer', token: TOKEN }); // typed while the old request was on its way
      return answer(401, 'no', 'text/plain');
    };
    await authorizingFetch(fetchUrl, store, BASE)(`${BASE}/studies`, { headers: {} });
    expect(store.state()).toBe('held');
    expect(store.authorization()).toBe(`Bearer ${TOKEN}`);
  });

  it('never sends the credentials to another server, even one sharing the prefix', async () => {
    const store = createCredentialsStore('basic');
    store.set({ kind: 'basic', user: 'ann', password: 'pw' });
    const sent: string[] = [];
    const send = authorizingFetch(async (url) => (sent.push(url), answer(200, '[]', 'application/dicom+json')), store, BASE);
    for (const url of ['https://pacs.example.org/dicom-web-other/studies', 'https://evil.example.org/dicom-web/studies']) {
      await expect(send(url, { headers: {} })).rejects.toThrow(`${BASE} is the only DICOMweb server this deployment allows`);
    }
    expect(sent).toEqual([]);
  });

  it('without authentication, requests go as before: no header added', async () => {
    const seen: Record<string, string>[] = [];
    const send = authorizingFetch(async (_url, init) => (seen.push(init.headers), answer(200, '[]', 'application/dicom+json')), createCredentialsStore('none'), BASE);
    await createDicomWebClient(send, 'http://127.0.0.1:5173/dicom-web').searchStudies({});
    expect(seen).toEqual([{ Accept: 'application/dicom+json, application/json' }]);
  });
});

describe('no credential written to any storage', () => {
  let writes: string[];
  const originals = { localStorage: globalThis.localStorage, sessionStorage: globalThis.sessionStorage };
  /** A Storage that records what is written to it. */
  const recordingStorage = (name: string): Storage => {
    const items = new Map<string, string>();
    return {
      get length() {
        return items.size;
      },
      clear: () => items.clear(),
      getItem: (key) => items.get(key) ?? null,
      key: (index) => [...items.keys()][index] ?? null,
      removeItem: (key) => void items.delete(key),
      setItem: (key, value) => {
        writes.push(`${name} ${key}=${value}`);
        items.set(key, value);
      },
    };
  };

  beforeEach(() => {
    writes = [];
    Object.assign(globalThis, { localStorage: recordingStorage('localStorage'), sessionStorage: recordingStorage('sessionStorage') });
  });
  afterEach(() => {
    Object.assign(globalThis, originals);
  });

  it('typing, using, being refused and retyping them writes nothing anywhere; IndexedDB holds no database', async () => {
    const store = createCredentialsStore('basic');
    store.set({ kind: 'basic', user: 'ann', password: 'pw-1' });
    const server = guardedServer(() => `Basic ${btoa('ann:pw-2')}`);
    await expect(everyRequestKind(authorizingFetch(server.fetchUrl, store, BASE))).rejects.toThrow(DicomWebAuthError);
    store.set({ kind: 'basic', user: 'ann', password: 'pw-2' });
    await everyRequestKind(authorizingFetch(server.fetchUrl, store, BASE));
    expect(writes).toEqual([]);
    expect(await indexedDB.databases()).toEqual([]);
  });
});
