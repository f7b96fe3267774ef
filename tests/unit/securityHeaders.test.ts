import { describe, expect, it } from 'vitest';
import { contentSecurityPolicyFor, productionHeaders, productionHeadersFor } from '../../scripts/vite/securityHeaders';
import { parseRuntimeConfig } from '../../src/datasources/runtimeConfig';

/** The policy as it was before nadir.config.json existed, byte for byte. */
const TODAY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const configured = (baseUrl: string, auth = 'bearer') => parseRuntimeConfig(JSON.stringify({ dicomWeb: { baseUrl, auth } }));
const directives = (policy: string) => policy.split('; ');

describe('the Content-Security-Policy written from nadir.config.json', () => {
  it.each([
    ['no file', null],
    ['a path on this origin', configured('/dicom-web', 'none')],
    ['a path on this origin, with a token', configured('/pacs/dicom-web', 'bearer')],
  ])('%s: today’s policy, byte for byte', (_name, config) => {
    expect(contentSecurityPolicyFor(config)).toBe(TODAY);
  });

  it.each([
    ['https://pacs.example.org/dicom-web', "connect-src 'self' https://pacs.example.org"],
    ['https://pacs.example.org:8443/orthanc/dicom-web', "connect-src 'self' https://pacs.example.org:8443"],
    ['https://PACS.Example.org:443/dicom-web', "connect-src 'self' https://pacs.example.org"],
    ['http://127.0.0.1:8043/dicom-web', "connect-src 'self' http://127.0.0.1:8043"],
  ])('%s: connect-src names exactly its origin, and nothing else changes', (baseUrl, connect) => {
    const policy = contentSecurityPolicyFor(configured(baseUrl));
    expect(directives(policy)).toEqual(directives(TODAY).map((directive) => (directive === "connect-src 'self'" ? connect : directive)));
  });

  it('the same policy whatever the authentication', () => {
    const url = 'https://pacs.example.org/dicom-web';
    expect(new Set(['none', 'bearer', 'basic'].map((auth) => contentSecurityPolicyFor(configured(url, auth)))).size).toBe(1);
  });

  it('the other production headers do not depend on the file', () => {
    const { 'Content-Security-Policy': _policy, ...others } = productionHeadersFor(configured('https://pacs.example.org/dicom-web'));
    const { 'Content-Security-Policy': policy, ...defaults } = productionHeaders;
    expect(others).toEqual(defaults);
    expect(policy).toBe(TODAY);
  });
});
