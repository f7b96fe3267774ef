import { readFileSync } from 'node:fs';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../pacs/orthanc';
import { dicomFilesBelow, HCC_048, OTHER_PATIENT, PHANTOM } from '../pacs/fixtures';
import { readDicomFile } from '../../src/dicom/readDicomFile';
import { sortSlices } from '../../src/dicom/sortSlices';
import { openBrowser, type BrowserSession } from './browser';

// The global setup runs one Orthanc with HCC_048's baseline and follow-up (plus an SR in the
// follow-up) and another patient's SR; `vite preview` proxies /dicom-web to it.

/** URLs the page asked for over the network (data: and blob: URLs never leave the browser). */
function recordRequests(session: BrowserSession): string[] {
  const urls: string[] = [];
  session.page.on('request', (request: Request) => {
    if (!/^(data|blob):/.test(request.url())) urls.push(request.url());
  });
  return urls;
}

/** WADO-RS retrievals of whole instances: study, series and SOP Instance UID. */
const INSTANCE_URL = /\/dicom-web\/studies\/([\d.]+)\/series\/([\d.]+)\/instances\/([\d.]+)$/;
const sopOf = (url: string) => INSTANCE_URL.exec(url)?.[3] ?? null;

/** Instance retrievals whose answer has fully arrived, in the order they finished. */
function recordFinishedInstances(session: BrowserSession): string[] {
  const finished: string[] = [];
  session.page.on('requestfinished', (request: Request) => {
    if (INSTANCE_URL.test(request.url())) finished.push(request.url());
  });
  return finished;
}

/** SOP Instance UIDs of a folder's slices in reading order, as the viewport stacks them. */
function readingOrder(dir: string): string[] {
  const slices = dicomFilesBelow(dir).map((path) => {
    const bytes = readFileSync(path);
    const result = readDicomFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
    if (result.kind !== 'image') throw new Error(`${path} is not an image`);
    return { metadata: result.metadata };
  });
  return sortSlices(slices).map((slice) => slice.metadata.sopInstanceUid);
}

const BASELINE_DIR = new URL('../../sample-data/hcc048-baseline-ct/', import.meta.url).pathname;
const FOLLOW_UP_DIR = new URL('../../../shared/dicom/series/hcc-tace-seg_HCC_048_SYNTHETIC-followup_ct_jpegls/', import.meta.url).pathname;

interface Query {
  patientName?: string;
  patientId?: string;
  dateFrom?: string;
  dateTo?: string;
}

/**
 * Fills the search form (every field, so nothing of an earlier search stays) and waits for the
 * answer; returns the error the panel shows, or ''.
 */
async function search(session: BrowserSession, query: Query): Promise<string> {
  const page = session.page;
  const panel = page.locator('[data-testid="dicomweb-panel"]');
  const before = Number(await panel.getAttribute('data-search-count'));
  await page.locator('[data-testid="dicomweb-patient-name"]').fill(query.patientName ?? '');
  await page.locator('[data-testid="dicomweb-patient-id"]').fill(query.patientId ?? '');
  await page.locator('[data-testid="dicomweb-date-from"]').fill(query.dateFrom ?? '');
  await page.locator('[data-testid="dicomweb-date-to"]').fill(query.dateTo ?? '');
  await page.locator('[data-testid="dicomweb-search"]').click();
  await page.locator(`[data-testid="dicomweb-panel"][data-search-count="${before + 1}"]`).waitFor({ timeout: 15_000 });
  const error = page.locator('[data-testid="dicomweb-error"]');
  return (await error.count()) > 0 ? await error.innerText() : '';
}

/** A search that must succeed. */
async function searchOk(session: BrowserSession, query: Query): Promise<void> {
  expect(await search(session, query)).toBe('');
}

const resultUids = (session: BrowserSession) =>
  session.page.locator('[data-testid="dicomweb-study"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-study-uid') ?? '').sort());

describe('PACS: search and open studies over DICOMweb (Orthanc)', () => {
  let session: BrowserSession;
  let requests: string[];
  let finishedInstances: string[];
  /** instance retrievals finished when the baseline's first image was on screen */
  let finishedAtFirstImage = -1;
  const page = () => session.page;
  const rendered = (role: string) => page().locator(`[data-testid="viewport-${role}"][data-render-count]`).waitFor({ timeout: 60_000 });

  beforeAll(async () => {
    const pacs = inject('pacs');
    if (pacs.orthancPort === 0) throw new Error(`the test PACS did not start: ${pacs.error}`);
    session = await openBrowser();
    requests = recordRequests(session);
    finishedInstances = recordFinishedInstances(session);
    await page().goto(inject('baseUrl'));
  });

  afterAll(async () => {
    await session?.close();
  });

  it('uses this origin’s /dicom-web by default', async () => {
    expect(await page().locator('[data-testid="dicomweb-url"]').inputValue()).toBe(`${new URL(inject('baseUrl')).origin}/dicom-web`);
  });

  it('finds the two studies of HCC_048 by patient ID, with date, description and count', async () => {
    await searchOk(session, { patientId: 'HCC_048' });
    expect(await resultUids(session)).toEqual([HCC_048.baselineStudyUid, HCC_048.followUpStudyUid].sort());
    const rows = await page().locator('[data-testid="dicomweb-study"]').allInnerTexts();
    expect(rows.find((row) => row.includes(HCC_048.baselineDate))).toMatch(/CT C\/A\/P LIVER PR\s+CT\s+89/);
    expect(rows.find((row) => row.includes(HCC_048.followUpDate))).toMatch(/SYNTHETIC FOLLOW-UP/);
  });

  it('narrows by patient name and by study date range', async () => {
    await searchOk(session, {});
    expect(await resultUids(session)).toHaveLength(3 + PHANTOM.studies);
    await searchOk(session, { patientName: 'qin' });
    expect(await resultUids(session)).toEqual([OTHER_PATIENT.studyUid]);
    await searchOk(session, { patientName: 'HCC', dateFrom: '2001-08-01', dateTo: '2001-08-31' });
    expect(await resultUids(session)).toEqual([HCC_048.baselineStudyUid]);
    await searchOk(session, { dateFrom: '2001-11-01', dateTo: '2023-12-31' });
    expect(await resultUids(session)).toEqual([HCC_048.followUpStudyUid]);
    await searchOk(session, { patientId: 'NOBODY' });
    expect(await page().locator('[data-testid="dicomweb-no-results"]').count()).toBe(1);
  });

  it('opens both studies of the patient: baseline and follow-up rendered, the SR listed as a non-image series', async () => {
    await searchOk(session, { patientId: 'HCC_048' });
    await page().locator('[data-testid="dicomweb-open-patient"]').click();
    await rendered('baseline');
    finishedAtFirstImage = finishedInstances.length;
    await rendered('follow-up');
    const timepoints = await page().locator('[data-testid="timepoint"]').allInnerTexts();
    expect(timepoints).toHaveLength(2);
    expect(timepoints[0]).toContain(HCC_048.baselineDate);
    expect(timepoints[1]).toContain(HCC_048.followUpDate);
    expect(timepoints[1]).toMatch(/SR: .*\(1\), not an image/);
    expect(await page().locator('[data-testid="viewport-panel-baseline"]').innerText()).toContain(HCC_048.baselineDate);
    expect(await page().locator('[data-testid="viewport-panel-follow-up"]').innerText()).toContain(HCC_048.followUpDate);
    expect(await page().locator('[data-testid="load-report-entry"]').allInnerTexts()).toEqual([]);
  });

  it('showed the first image before the series was retrieved: metadata first, the shown slice first', async () => {
    // the baseline's image instances, none retrieved up front: far fewer than its 89 were in when it showed
    expect(finishedAtFirstImage).toBeGreaterThanOrEqual(0);
    expect(finishedAtFirstImage).toBeLessThan(HCC_048.baselineInstances);
    // one metadata request per series (baseline CT, follow-up CT, follow-up SR), no instance list
    expect(requests.filter((url) => /\/series\/[\d.]+\/metadata$/.test(url))).toHaveLength(3);
    expect(requests.filter((url) => /\/instances$/.test(url))).toEqual([]);
    // the first image instance asked for is the slice each viewport opens on (the middle), the baseline's first
    const baselineOrder = readingOrder(BASELINE_DIR);
    const followUpOrder = readingOrder(FOLLOW_UP_DIR);
    const imageRetrievals = requests.map(sopOf).filter((sop): sop is string => sop !== null && (baselineOrder.includes(sop) || followUpOrder.includes(sop)));
    expect(imageRetrievals[0]).toBe(baselineOrder[Math.floor(baselineOrder.length / 2)]);
    expect(imageRetrievals.find((sop) => followUpOrder.includes(sop))).toBe(followUpOrder[Math.floor(followUpOrder.length / 2)]);
  });

  it('fills both series in and retrieves each instance once, whole, from its own origin, never /frames', async () => {
    await page().locator(`[data-testid="viewport-baseline"][data-slices-decoded="${HCC_048.baselineInstances}"]`).waitFor({ timeout: 120_000 });
    await page().locator(`[data-testid="viewport-follow-up"][data-slices-decoded="${HCC_048.followUpInstances}"]`).waitFor({ timeout: 120_000 });
    const origin = new URL(inject('baseUrl')).origin;
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(requests.filter((url) => url.includes('/frames'))).toEqual([]);
    // One whole-instance retrieval per instance: 89 + 40 + the SR.
    const retrievals = requests.filter((url) => INSTANCE_URL.test(url));
    expect(retrievals).toHaveLength(HCC_048.baselineInstances + HCC_048.followUpInstances + 1);
    expect(new Set(retrievals).size).toBe(retrievals.length);
    expect(await page().locator('[data-testid="load-report-entry"]').allInnerTexts()).toEqual([]);
    // Both open fitted to their (equal) fields of view: the baseline's viewport is not rebuilt when the
    // follow-up arrives, with a zoom taken before its first image showed.
    const bar = async (role: string) => {
      const element = page().locator(`[data-testid="scale-bar-${role}"]`);
      return { mm: await element.getAttribute('data-length-mm'), px: Number(await element.getAttribute('data-length-px')) };
    };
    const [baselineBar, followUpBar] = [await bar('baseline'), await bar('follow-up')];
    expect(baselineBar.mm).toBe(followUpBar.mm);
    expect(Math.abs(baselineBar.px - followUpBar.px)).toBeLessThan(2);
  });

  it('raised no page error', () => {
    expect(session.pageErrors).toEqual([]);
  });
});

describe('PACS: a link that names the studies', () => {
  it('opens the studies named in the address at once, and names what is not a UID', async () => {
    const session = await openBrowser();
    try {
      const address = new URL(inject('baseUrl'));
      address.search = `?study=${HCC_048.baselineStudyUid},${HCC_048.followUpStudyUid}&study=../../instances`;
      await session.page.goto(address.toString());
      await session.page.locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 60_000 });
      await session.page.locator('[data-testid="viewport-follow-up"][data-render-count]').waitFor({ timeout: 60_000 });
      expect(await session.page.locator('[data-testid="timepoint"]').count()).toBe(2);
      expect(await session.page.locator('[data-testid="load-report-entry"]').allInnerTexts()).toEqual([expect.stringContaining('address: study=../../instances')]);

      // The same tab without the address: the studies open before come back from the configured server.
      await session.page.goto(inject('baseUrl'));
      await session.page.locator('[data-testid="viewport-follow-up"][data-render-count]').waitFor({ timeout: 60_000 });
      expect(await session.page.locator('[data-testid="timepoint"]').count()).toBe(2);
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

describe('PACS: instances the server fails or answers with a damaged file', () => {
  it('names each while the rest of the series shows and fills in', async () => {
    const session = await openBrowser();
    try {
      const order = readingOrder(BASELINE_DIR);
      const middle = Math.floor(order.length / 2);
      // one the viewport asks for early, one late; the real Orthanc answers every other request
      const [failing, damaged] = [order[middle + 1]!, order[order.length - 1]!];
      await session.page.route(`**/instances/${failing}`, (route) => route.fulfill({ status: 503, contentType: 'text/plain', body: 'busy' }));
      const truncated = readFileSync(new URL('../../../shared/dicom/malformed/derived_from_HCC048/trunc_half_of_pixel_data.dcm', import.meta.url));
      const multipartBody = Buffer.concat([Buffer.from('--cut\r\nContent-Type: application/dicom\r\n\r\n'), truncated, Buffer.from('\r\n--cut--\r\n')]);
      await session.page.route(`**/instances/${damaged}`, (route) =>
        route.fulfill({ status: 200, headers: { 'content-type': 'multipart/related; type="application/dicom"; boundary=cut' }, body: multipartBody }),
      );
      const address = new URL(inject('baseUrl'));
      address.search = `?study=${HCC_048.baselineStudyUid}`;
      await session.page.goto(address.toString());
      await session.page.locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 60_000 });
      await session.page.locator(`[data-testid="viewport-baseline"][data-slices-decoded="${HCC_048.baselineInstances}"]`).waitFor({ timeout: 120_000 });
      const entries = session.page.locator('[data-testid="load-report-entry"]');
      await entries.nth(1).waitFor({ timeout: 10_000 });
      // the long PACS names are capped on screen; the whole name is one click away
      for (const toggle of await entries.locator('[data-testid="capped-text-toggle"]').all()) await toggle.click();
      const report = await entries.evaluateAll((items) =>
        items.map((item) => ({ name: item.querySelector('textarea')?.value ?? '', message: (item.textContent ?? '').split('.dcm: ').at(-1) })),
      );
      const messageFor = (sop: string) => report.find((entry) => entry.name.endsWith(`/${sop}.dcm`))?.message;
      expect(report).toHaveLength(2);
      expect(messageFor(failing)).toMatch(/^could not be retrieved: the DICOMweb server at \S+ answered HTTP 503/);
      // the same words as for the same damaged file dropped from disk
      expect(messageFor(damaged)).toBe('truncated at byte 264,772: the data runs to byte 526,916');
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

describe('PACS: a server that cannot be used', () => {
  let session: BrowserSession;
  let requests: string[];
  const page = () => session.page;
  const panel = () => page().locator('[data-testid="dicomweb-panel"]');

  beforeAll(async () => {
    session = await openBrowser();
    requests = recordRequests(session);
    await page().goto(inject('baseUrl'));
  });

  afterAll(async () => {
    await session?.close();
  });

  it('says the server cannot be reached, and remembers the URL the user set', async () => {
    // A loopback port nothing listens on.
    const unreachable = `http://127.0.0.1:${await freePort()}/dicom-web`;
    await page().locator('[data-testid="dicomweb-url"]').fill(unreachable);
    await search(session, { patientId: 'HCC_048' });
    expect(await page().locator('[data-testid="dicomweb-error"]').innerText()).toContain(`could not reach the DICOMweb server at ${unreachable}`);
    expect(await panel().getAttribute('aria-busy')).toBe('false');

    await page().reload();
    expect(await page().locator('[data-testid="dicomweb-url"]').inputValue()).toBe(unreachable);
    expect(requests.every((url) => url.startsWith(inject('baseUrl')) || url.startsWith(`${unreachable}/`))).toBe(true);
  });

  it('says when the address is not a DICOMweb server', async () => {
    await page().locator('[data-testid="dicomweb-url"]').fill(`${inject('baseUrl')}not-dicom-web`);
    await search(session, {});
    expect(await page().locator('[data-testid="dicomweb-error"]').innerText()).toMatch(/answered HTTP 404|is not DICOM JSON/);
  });

  it('refuses a URL that is not http or https', async () => {
    await page().locator('[data-testid="dicomweb-url"]').fill('javascript:alert(1)');
    await search(session, {});
    expect(await page().locator('[data-testid="dicomweb-error"]').innerText()).toContain('must be an http or https URL');
    await page().locator('[data-testid="dicomweb-url-default"]').click();
    expect(await page().locator('[data-testid="dicomweb-url"]').inputValue()).toBe(`${new URL(inject('baseUrl')).origin}/dicom-web`);
  });

  it('raised no page error', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
