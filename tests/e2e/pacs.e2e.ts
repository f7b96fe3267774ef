import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../pacs/orthanc';
import { HCC_048, OTHER_PATIENT, PHANTOM } from '../pacs/fixtures';
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
  const page = () => session.page;
  const rendered = (role: string) => page().locator(`[data-testid="viewport-${role}"][data-render-count]`).waitFor({ timeout: 60_000 });

  beforeAll(async () => {
    const pacs = inject('pacs');
    if (pacs.orthancPort === 0) throw new Error(`the test PACS did not start: ${pacs.error}`);
    session = await openBrowser();
    requests = recordRequests(session);
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

  it('sent every request to its own origin, and asked for no frames', () => {
    const origin = new URL(inject('baseUrl')).origin;
    expect(requests.length).toBeGreaterThan(130);
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(requests.filter((url) => url.includes('/frames'))).toEqual([]);
    // One whole-instance retrieval per instance: 89 + 40 + the SR.
    expect(requests.filter((url) => /\/dicom-web\/studies\/[\d.]+\/series\/[\d.]+\/instances\/[\d.]+$/.test(url))).toHaveLength(130);
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
