import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readPart10, writePart10 } from '../../scripts/sample-data/dcmjs';
import { contentSecurityPolicy } from '../../scripts/vite/securityHeaders';
import { openBrowser, type BrowserSession } from './browser';
import { corpusDir } from './corpus';

const payload = (marker: string) => `<img src=x onerror="window.__xss='${marker}'"><script>window.__xss='${marker}'</script>`;
const fileName = `<img src=x onerror=window.__xss=1>.dcm`;

/** A real CT slice whose patient name, series description and file name carry script payloads. */
function writeHostileFile(dir: string): string {
  const source = readFileSync(`${corpusDir}syntaxes/ct_abdomen_from_HCC048/ct_explicit-le_1.2.840.10008.1.2.1.dcm`);
  const dataset = readPart10(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength));
  dataset.PatientName = payload('name');
  dataset.SeriesDescription = payload('series');
  dataset.StudyDescription = payload('study');
  const path = join(dir, fileName);
  writeFileSync(path, Buffer.from(writePart10(dataset, '2.25.1')));
  return path;
}

describe('security of the production build', () => {
  let session: BrowserSession;
  let dir: string;
  const requests: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nadir-xss-'));
    session = await openBrowser();
    await session.page.addInitScript(() => {
      const violations: string[] = [];
      (window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
      document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    session.page.on('request', (request) => requests.push(request.url()));
  });

  afterAll(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a strict Content-Security-Policy', async () => {
    const response = await session.page.goto(inject('baseUrl'));
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toMatch(/'unsafe-eval'/);
    // no nadir.config.json: this origin only, the policy of before the file existed; 204 says there is none without a console error
    expect(policy).toBe(contentSecurityPolicy);
    expect(policy).toContain("connect-src 'self';");
    expect((await fetch(`${inject('baseUrl')}nadir.config.json`)).status).toBe(204);
  });

  it('shows hostile DICOM text and file names as text, and runs none of it', async () => {
    const page = session.page;
    const hostileBadFile = join(dir, '<img src=x onerror=window.__xss=2>.dcm');
    writeFileSync(hostileBadFile, 'not DICOM at all');
    await page.locator('[data-testid="open-files"]').setInputFiles([writeHostileFile(dir), hostileBadFile]);
    await page.locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 30_000 });
    const overlay = await page.locator('[data-testid="overlay-baseline"]').innerText();
    expect(overlay).toContain("<img src=x onerror=\"window.__xss='series'\">");
    expect(await page.locator('[data-testid="timepoint"]').innerText()).toContain('<script>');
    expect(await page.locator('[data-testid="load-report-entry"]').innerText()).toContain('<img src=x onerror=window.__xss=2>.dcm: not a DICOM file');
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
  });

  it('reported no CSP violation and requested nothing from another origin', async () => {
    expect(await session.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    const origin = new URL(inject('baseUrl')).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});
