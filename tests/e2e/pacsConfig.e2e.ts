import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { contentSecurityPolicyFor, contentSecurityPolicy } from '../../scripts/vite/securityHeaders';
import { parseRuntimeConfig } from '../../src/datasources/runtimeConfig';
import { phantomRead } from '../fixtures/phantomRead';
import { freePort, deleteSeries, srSeriesOf as srSeriesIn } from '../pacs/orthanc';
import { PHANTOM } from '../pacs/fixtures';
import { startAuthProxy, type AuthProxy } from './authProxy';
import { openBrowser, type BrowserSession } from './browser';
import { waitForSave } from './phantom';

// A PACS on another origin (issue 15 §8): the test Orthanc behind a reverse proxy on another port
// that adds CORS and wants a bearer token (then basic credentials); `vite preview` serves the
// production build with a nadir.config.json naming that proxy, and the CSP written from it.

const root = new URL('../../', import.meta.url).pathname;
const artifacts = new URL('./artifacts/', import.meta.url).pathname;
const TOKEN = 'e2e-token.k3Yq9-Zx_7';
const WRONG_TOKEN = 'e2e-token.not-this-one';
const BASIC = { user: 'dr.ann', password: 'pw-Ä9!x' };
const basicHeader = `Basic ${Buffer.from(`${BASIC.user}:${BASIC.password}`, 'utf8').toString('base64')}`;
const READ = { ...phantomRead(), readerName: 'Dr Cross Origin' };
const CT_STUDIES = READ.timepoints.map((timepoint) => timepoint.studyInstanceUid);
/** Every form a credential could be written in. */
const SECRETS = [TOKEN, WRONG_TOKEN, 'rotated-token', BASIC.password, basicHeader.slice('Basic '.length)];

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(url).then((response) => response.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no preview server at ${url} within ${timeoutMs} ms`);
}

describe('a PACS on another origin, named by nadir.config.json, behind a token', () => {
  let proxy: AuthProxy;
  let preview: ChildProcess;
  let dir: string;
  let configPath: string;
  let appUrl: string;
  let session: BrowserSession;
  const orthanc = () => `http://127.0.0.1:${inject('pacs').orthancPort}`;
  const page = () => session.page;
  const dicomWebUrl = () => `${proxy.origin}/dicom-web`;
  const writeConfig = (auth: 'bearer' | 'basic') => writeFileSync(configPath, JSON.stringify({ dicomWeb: { baseUrl: dicomWebUrl(), auth } }, null, 2));
  const srSeriesOf = (studyUid: string) => srSeriesIn(inject('pacs').orthancPort, studyUid);
  const before = new Map<string, string[]>();
  const requests: string[] = [];
  /** how many requests the proxy had answered when the token was rotated */
  let rotatedAt = 0;

  beforeAll(async () => {
    if (inject('pacs').orthancPort === 0) throw new Error(`the test PACS did not start: ${inject('pacs').error}`);
    mkdirSync(artifacts, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'nadir-pacs-config-'));
    configPath = join(dir, 'nadir.config.json');
    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}/`;
    proxy = await startAuthProxy(inject('pacs').orthancPort, new URL(appUrl).origin, `Bearer ${TOKEN}`);
    writeConfig('bearer');
    // the same-origin /dicom-web proxy points at nothing (port 9, discard): only the configured server can answer
    preview = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
      cwd: root,
      stdio: 'ignore',
      detached: true,
      env: { ...process.env, NADIR_CONFIG: configPath, NADIR_ORTHANC_PORT: '9' },
    });
    await waitForServer(appUrl, 30_000);
    for (const study of CT_STUDIES) before.set(study, await srSeriesOf(study));
    session = await openBrowser();
    await page().addInitScript(() => {
      const violations: string[] = [];
      (window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
      document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    page().on('request', (request) => requests.push(request.url()));
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await session?.page.screenshot({ path: `${artifacts}pacs-config-failure.png` });
  });

  afterAll(async () => {
    await session?.close();
    if (preview?.pid) process.kill(-preview.pid, 'SIGTERM');
    await proxy?.close();
    // the SR series this test stored go again: other files count the SR series of these studies
    for (const study of CT_STUDIES) {
      for (const series of (await srSeriesOf(study).catch(() => [])).filter((uid) => !before.get(study)?.includes(uid))) await deleteSeries(inject('pacs').orthancPort, series);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the file and a CSP whose connect-src adds exactly that origin', async () => {
    const response = await page().goto(appUrl);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toBe(contentSecurityPolicyFor(parseRuntimeConfig(readFileSync(configPath, 'utf8'))));
    expect(policy).toBe(contentSecurityPolicy.replace("connect-src 'self'", `connect-src 'self' ${proxy.origin}`));
    const served = await fetch(`${appUrl}nadir.config.json`);
    expect(served.headers.get('cache-control')).toBe('no-store');
    expect(await served.json()).toEqual({ dicomWeb: { baseUrl: dicomWebUrl(), auth: 'bearer' } });
  });

  it('shows the configured server, not editable, and asks for the token before any search', async () => {
    const url = page().locator('[data-testid="dicomweb-url"]');
    expect(await url.inputValue()).toBe(dicomWebUrl());
    expect(await url.getAttribute('readonly')).not.toBeNull();
    expect(await page().locator('[data-testid="dicomweb-url-default"]').count()).toBe(0);
    await page().locator('[data-testid="pacs-credentials"][data-state="needed"]').waitFor();
    expect(await page().locator('[data-testid="dicomweb-search"]').isDisabled()).toBe(true);
    expect(proxy.requests).toEqual([]);
  });

  it('a wrong token: the PACS refused the credentials, asked again; nothing else breaks', async () => {
    await page().locator('[data-testid="pacs-token"]').fill(WRONG_TOKEN);
    await page().locator('[data-testid="pacs-credentials-submit"]').click();
    await page().locator('[data-testid="dicomweb-patient-id"]').fill(PHANTOM.patientId);
    await page().locator('[data-testid="dicomweb-search"]').click();
    await page().locator('[data-testid="pacs-credentials"][data-state="refused"]').waitFor();
    expect(await page().locator('[data-testid="dicomweb-error"]').innerText()).toBe('The search failed: the PACS refused the credentials (HTTP 401): enter them again');
    expect(await page().locator('[data-testid="pacs-credentials-refused"]').innerText()).toBe('The PACS refused the credentials. Enter them again.');
    expect(await page().locator('[data-testid="pacs-token"]').inputValue()).toBe('');
    expect(proxy.requests.filter((request) => request.method !== 'OPTIONS')).toEqual([expect.objectContaining({ method: 'GET', authorized: false })]);
    for (const [width, height] of [[1024, 768], [1280, 800], [1920, 1080]] as const) {
      await page().setViewportSize({ width, height });
      await page().locator('[data-testid="dicomweb-panel"]').scrollIntoViewIfNeeded();
      await page().screenshot({ path: `${artifacts}pacs-credentials-${width}x${height}.png` });
    }
    await page().setViewportSize({ width: 1280, height: 900 });
    expect(session.pageErrors).toEqual([]);
  });

  it('with the token: searches, opens the phantom and stores the read as SR on that server', async () => {
    await page().locator('[data-testid="pacs-token"]').fill(TOKEN);
    await page().locator('[data-testid="pacs-credentials-submit"]').click();
    await page().locator('[data-testid="pacs-credentials-held"]').waitFor();
    const panel = page().locator('[data-testid="dicomweb-panel"]');
    const searches = Number(await panel.getAttribute('data-search-count'));
    await page().locator('[data-testid="dicomweb-search"]').click();
    await page().locator(`[data-testid="dicomweb-panel"][data-search-count="${searches + 1}"]`).waitFor();
    expect(await page().locator('[data-testid="dicomweb-study"]').count()).toBe(PHANTOM.studies);
    await page().locator('[data-testid="dicomweb-open-patient"]').click();
    await page().locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 60_000 });
    await page().locator('[data-testid="reader-name"]').fill(READ.readerName);
    await page().locator('[data-testid="reader-start"]').click();
    await page().locator('[data-testid="loading"]').waitFor({ state: 'detached', timeout: 120_000 });

    const readFile = join(dir, 'read.json');
    writeFileSync(readFile, JSON.stringify({ format: 'nadir-read', version: 1, exportedAt: null, input: {}, output: null, read: READ }));
    const saved = Number(await page().locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));
    await page().locator('[data-testid="import-read"]').setInputFiles(readFile);
    await page().locator('[data-testid="import-review"][data-state="confirm"]').waitFor();
    await page().locator('[data-testid="import-replace"]').click();
    await waitForSave(page(), saved);
    await page().locator('[data-testid="store-sr"]').click();
    const notice = page().locator('[data-testid="exchange-notice"]', { hasText: 'Stored 3 DICOM SRs in the PACS' });
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.innerText()).toContain(`in the PACS at ${dicomWebUrl()} (BL, FU1, FU2)`);
    for (const study of CT_STUDIES) expect((await srSeriesOf(study)).length, study).toBe(before.get(study)!.length + 1);
  }, 240_000);

  it('a token refused while reading (rotated): the local message, asked again there, the read stays; the new token stores', async () => {
    proxy.expected = 'Bearer rotated-token';
    rotatedAt = proxy.requests.length;
    const lesions = await page().locator('[data-testid="lesion-row"]').count();
    await page().locator('[data-testid="store-sr"]').click();
    const refused = page().locator('[data-testid="exchange-notice"][data-kind="error"]');
    await refused.waitFor({ timeout: 30_000 });
    // the store's own request, or a retrieval still running in the background, met the refusal first
    expect(await refused.innerText()).toMatch(/the PACS refused the credentials( \(HTTP 401\))?: enter them again: nothing was stored$/);
    await page().locator('[data-testid="pacs-credentials"][data-state="refused"]').waitFor();
    await page().screenshot({ path: `${artifacts}pacs-credentials-refused-while-reading-1280x900.png` });
    expect(await page().locator('[data-testid="lesion-row"]').count()).toBe(lesions);
    await page().locator('[data-testid="pacs-token"]').fill('rotated-token');
    await page().locator('[data-testid="pacs-credentials-submit"]').click();
    await page().locator('[data-testid="pacs-credentials"]').waitFor({ state: 'detached' });
    await page().locator('[data-testid="store-sr"]').click();
    await page().locator('[data-testid="exchange-notice"]', { hasText: 'Stored 3 DICOM SRs in the PACS' }).waitFor({ timeout: 60_000 });
    proxy.expected = `Bearer ${TOKEN}`;
    expect(session.pageErrors).toEqual([]);
  }, 120_000);

  it('sent every DICOMweb request to that origin with the token, and nothing to this origin’s /dicom-web', () => {
    const sent = proxy.requests.filter((request) => request.method !== 'OPTIONS');
    const kinds = (pattern: RegExp, method = 'GET') => sent.filter((request) => request.method === method && pattern.test(request.path.split('?')[0]!));
    expect(kinds(/^\/dicom-web\/studies$/).length).toBeGreaterThanOrEqual(2); // QIDO
    expect(kinds(/\/series\/[\d.]+\/metadata$/).length).toBeGreaterThan(0); // WADO metadata
    expect(kinds(/\/instances\/[\d.]+$/).length).toBeGreaterThan(30); // WADO instances
    expect(kinds(/^\/dicom-web\/studies$/, 'POST').filter((request) => request.authorized)).toHaveLength(2); // STOW: stored, stored again after the rotation
    // refused: the wrong token's search, then only what was sent after the token was rotated
    const refused = proxy.requests.flatMap((request, index) => (request.method !== 'OPTIONS' && !request.authorized ? [{ index, what: `${request.method} ${request.path.split('?')[0]}` }] : []));
    expect(refused[0]?.what).toBe('GET /dicom-web/studies');
    expect(refused.slice(1).length).toBeGreaterThan(0);
    expect(refused.slice(1).every((request) => request.index >= rotatedAt)).toBe(true);
    expect(requests.filter((url) => new URL(url).pathname.startsWith('/dicom-web') && !url.startsWith(proxy.origin))).toEqual([]);
    expect(requests.filter((url) => SECRETS.some((secret) => url.includes(secret)))).toEqual([]);
  });

  it('the CSP allows that origin and no other', async () => {
    const other = `http://127.0.0.1:${await freePort()}/dicom-web/studies`;
    const outcome = await page().evaluate((url) => fetch(url).then(() => 'fetched', (error: Error) => error.name), other);
    expect(outcome).toBe('TypeError');
    const violations = await page().evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
    expect(violations).toEqual([`connect-src ${other}`]);
  });

  it('left no credential in localStorage, sessionStorage or IndexedDB, nor in the stored SRs', async () => {
    const stored = await page().evaluate(async () => {
      const text: string[] = [];
      for (const storage of [localStorage, sessionStorage]) {
        for (let index = 0; index < storage.length; index++) text.push(`${storage.key(index)}=${storage.getItem(storage.key(index)!)}`);
      }
      const request = <T,>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
      const open = (name: string) =>
        new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open(name);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      let records = 0;
      for (const info of await indexedDB.databases()) {
        const db = await open(info.name!);
        for (const store of [...db.objectStoreNames]) {
          const values = await request(db.transaction(store).objectStore(store).getAll());
          records += values.length;
          text.push(JSON.stringify(values));
        }
        db.close();
      }
      return { text: text.join('\n'), records };
    });
    // the read and its audit trail are there (the search below looks at something)
    expect(stored.records).toBeGreaterThan(0);
    expect(stored.text).toContain(READ.readerName);
    for (const secret of SECRETS) expect(stored.text.includes(secret), secret).toBe(false);
    // nor in what went to the PACS
    for (const study of CT_STUDIES) {
      for (const series of (await srSeriesOf(study)).filter((uid) => !before.get(study)!.includes(uid))) {
        const found = (await (await fetch(`${orthanc()}/tools/lookup`, { method: 'POST', body: series })).json()) as { ID: string }[];
        const instances = (await (await fetch(`${orthanc()}/series/${found[0]!.ID}/instances`)).json()) as { ID: string }[];
        for (const instance of instances) {
          const bytes = Buffer.from(await (await fetch(`${orthanc()}/instances/${instance.ID}/file`)).arrayBuffer()).toString('latin1');
          for (const secret of SECRETS) expect(bytes.includes(secret), secret).toBe(false);
        }
      }
    }
    expect(session.pageErrors).toEqual([]);
  });

  it('basic credentials: the same server asks for a user name and password after the file changes', async () => {
    writeConfig('basic');
    proxy.expected = basicHeader;
    const from = proxy.requests.length;
    const response = await page().goto(appUrl);
    expect(response?.headers()['content-security-policy']).toBe(contentSecurityPolicyFor(parseRuntimeConfig(readFileSync(configPath, 'utf8'))));
    await page().locator('[data-testid="pacs-credentials"][data-state="needed"]').waitFor();
    // the phantom open before the reload is not reopened without credentials: named, nothing sent
    await page().locator('[data-testid="load-report-entry"]').first().waitFor();
    expect(await page().locator('[data-testid="load-report-entry"]').allInnerTexts()).toContainEqual(expect.stringContaining('the PACS asks for credentials: enter them in the PACS panel of the start screen'));
    expect(proxy.requests.slice(from)).toEqual([]);
    await page().locator('[data-testid="pacs-user"]').fill(BASIC.user);
    await page().locator('[data-testid="pacs-password"]').fill(BASIC.password);
    await page().locator('[data-testid="pacs-credentials-submit"]').click();
    await page().locator('[data-testid="pacs-credentials-held"]').waitFor();
    const searches = Number(await page().locator('[data-testid="dicomweb-panel"]').getAttribute('data-search-count'));
    await page().locator('[data-testid="dicomweb-patient-id"]').fill(PHANTOM.patientId);
    await page().locator('[data-testid="dicomweb-search"]').click();
    await page().locator(`[data-testid="dicomweb-panel"][data-search-count="${searches + 1}"]`).waitFor();
    expect(await page().locator('[data-testid="dicomweb-error"]').count()).toBe(0);
    expect(await page().locator('[data-testid="dicomweb-study"]').count()).toBe(PHANTOM.studies);
    const sent = proxy.requests.slice(from).filter((request) => request.method !== 'OPTIONS');
    expect(sent[0]).toEqual({ method: 'GET', path: expect.stringMatching(/^\/dicom-web\/studies\?/), authorized: true });
    expect(sent.every((request) => request.authorized)).toBe(true);
    expect(session.pageErrors).toEqual([]);
  });
  it('a malformed file is named on the start screen; no PACS request, the strict policy', async () => {
    writeFileSync(configPath, JSON.stringify({ dicomWeb: { baseUrl: dicomWebUrl(), auth: 'token' } }));
    const from = proxy.requests.length;
    const response = await page().goto(appUrl);
    expect(response?.headers()['content-security-policy']).toBe(contentSecurityPolicy);
    const error = page().locator('[data-testid="dicomweb-config-error"]');
    await error.waitFor();
    expect(await error.innerText()).toBe(
      'The PACS cannot be used: nadir.config.json is malformed: dicomWeb.auth: Invalid option: expected one of "none"|"bearer"|"basic". Ask whoever deployed Nadir to correct it.',
    );
    expect(await page().locator('[data-testid="dicomweb-search"]').isDisabled()).toBe(true);
    expect(await page().locator('[data-testid="pacs-credentials"]').count()).toBe(0);
    expect(proxy.requests.slice(from)).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});
