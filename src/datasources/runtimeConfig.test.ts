import { describe, expect, it } from 'vitest';
import { defaultRuntimeConfig, dicomWebOrigin, loadRuntimeConfig, parseRuntimeConfig, RuntimeConfigError, type ConfigFetch } from './runtimeConfig';

const file = (dicomWeb: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ dicomWeb, ...extra });

describe('parseRuntimeConfig', () => {
  it.each([
    ['a path on this origin', file({ baseUrl: '/dicom-web' }), { baseUrl: '/dicom-web', auth: 'none' }],
    ['another origin, bearer', file({ baseUrl: 'https://pacs.example.org/dicom-web', auth: 'bearer' }), { baseUrl: 'https://pacs.example.org/dicom-web', auth: 'bearer' }],
    ['a port and basic', file({ baseUrl: 'http://10.1.2.3:8443/orthanc/dicom-web', auth: 'basic' }), { baseUrl: 'http://10.1.2.3:8443/orthanc/dicom-web', auth: 'basic' }],
    ['trailing slashes and spaces go', file({ baseUrl: ' https://pacs.example.org/dicom-web// ', auth: 'none' }), { baseUrl: 'https://pacs.example.org/dicom-web', auth: 'none' }],
  ])('reads %s', (_name, text, dicomWeb) => {
    expect(parseRuntimeConfig(text)).toEqual({ dicomWeb, fromFile: true });
  });

  it.each([
    ['not JSON', '{dicomWeb:', 'nadir.config.json is not JSON'],
    ['no dicomWeb', '{}', 'dicomWeb: '],
    ['a list', '[]', '(top level): '],
    ['no baseUrl', file({ auth: 'none' }), 'dicomWeb.baseUrl: '],
    ['an unknown auth kind', file({ baseUrl: '/dicom-web', auth: 'token' }), 'dicomWeb.auth: '],
    ['another scheme', file({ baseUrl: 'ftp://pacs.example.org/dicom-web' }), 'dicomWeb.baseUrl: must be an http or https URL, not ftp:'],
    ['javascript:', file({ baseUrl: 'javascript:alert(1)' }), 'dicomWeb.baseUrl: must be an http or https URL'],
    ['a relative path without /', file({ baseUrl: 'dicom-web' }), 'dicomWeb.baseUrl: must be an absolute http or https URL, or a path starting with /'],
    ['a protocol-relative URL', file({ baseUrl: '//pacs.example.org/dicom-web' }), 'dicomWeb.baseUrl: must be an absolute'],
    ['credentials in the URL', file({ baseUrl: 'https://ann:secret@pacs.example.org/dicom-web' }), 'without a user name or password'],
    ['a query', file({ baseUrl: 'https://pacs.example.org/dicom-web?token=x' }), 'without query or fragment'],
    ['a query on a path', file({ baseUrl: '/dicom-web?token=x' }), 'a path without query or fragment'],
    ['a token in the file', file({ baseUrl: '/dicom-web', auth: 'bearer', token: 'x' }), 'dicomWeb: '],
    ['a misspelt key', file({ baseURL: 'https://pacs.example.org' }), 'dicomWeb'],
    ['an unknown top-level key', file({ baseUrl: '/dicom-web' }, { csp: "connect-src *" }), '(top level): '],
  ])('refuses %s, naming the field', (_name, text, message) => {
    expect(() => parseRuntimeConfig(text)).toThrow(RuntimeConfigError);
    expect(() => parseRuntimeConfig(text)).toThrow(message);
  });

  it('never repeats a credential put in the URL', () => {
    expect(() => parseRuntimeConfig(file({ baseUrl: 'https://ann:s3cret@pacs.example.org/' }))).not.toThrow(/s3cret/);
  });
});

describe('dicomWebOrigin', () => {
  it.each([
    ['/dicom-web', null],
    ['https://pacs.example.org/dicom-web', 'https://pacs.example.org'],
    ['https://pacs.example.org:443/dicom-web', 'https://pacs.example.org'],
    ['http://127.0.0.1:8043/dicom-web', 'http://127.0.0.1:8043'],
  ])('%s: %s', (baseUrl, origin) => {
    expect(dicomWebOrigin({ dicomWeb: { baseUrl, auth: 'none' }, fromFile: true })).toBe(origin);
  });
});

describe('loadRuntimeConfig', () => {
  const answering =
    (status: number, text: string): ConfigFetch =>
    async () => ({ ok: status >= 200 && status < 300, status, text: async () => text });

  it('asks for nadir.config.json beside the page, never cached', async () => {
    const asked: string[] = [];
    await loadRuntimeConfig(async (url, init) => {
      asked.push(`${url} ${init.cache}`);
      return { ok: false, status: 404, text: async () => '' };
    }, 'https://nadir.example.org/app/index.html');
    expect(asked).toEqual(['https://nadir.example.org/app/nadir.config.json no-store']);
  });

  it.each([
    ['204, our servers saying there is none', 204, ''],
    ['404, a static server without the file', 404, 'not found'],
  ])('takes no file (%s) as the default', async (_name, status, text) => {
    expect(await loadRuntimeConfig(answering(status, text), 'http://127.0.0.1:5173/')).toEqual({ kind: 'ok', config: defaultRuntimeConfig });
  });

  it('reads a served file', async () => {
    const loaded = await loadRuntimeConfig(answering(200, file({ baseUrl: 'https://pacs.example.org/dicom-web', auth: 'bearer' })), 'http://127.0.0.1:5173/');
    expect(loaded).toEqual({ kind: 'ok', config: { dicomWeb: { baseUrl: 'https://pacs.example.org/dicom-web', auth: 'bearer' }, fromFile: true } });
  });

  it.each([
    ['a malformed file', answering(200, file({ baseUrl: 'ftp://x' })), 'nadir.config.json is malformed: dicomWeb.baseUrl: must be an http or https URL, not ftp:'],
    ['an HTML page instead (a fallback route)', answering(200, '<!doctype html>'), 'nadir.config.json is not JSON'],
    ['a server error', answering(500, ''), 'nadir.config.json could not be read (HTTP 500)'],
    [
      'a failed request',
      (async () => {
        throw new TypeError('Failed to fetch');
      }) as ConfigFetch,
      'nadir.config.json could not be read (Failed to fetch)',
    ],
  ])('names %s instead of guessing a server', async (_name, fetchUrl, message) => {
    expect(await loadRuntimeConfig(fetchUrl, 'http://127.0.0.1:5173/')).toEqual({ kind: 'malformed', message });
  });
});
