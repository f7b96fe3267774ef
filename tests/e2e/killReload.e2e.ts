import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, type BrowserSession } from './browser';
import { mulberry32 } from '../../workers/bench/cohort';
import { corpusDir } from './corpus';
import { editRow, lesionRows } from './lesionTable';

const ITERATIONS = Number(process.env.NADIR_KILL_ITERATIONS ?? 100);
const SEED = Number(process.env.NADIR_KILL_SEED ?? 20261122);
const studyDir = `${corpusDir}series/dcmqi_ct-3slice_abdomen`;

interface RowSnapshot {
  label: string;
  role: string;
  site: string;
  status: string;
  hu: string;
}

/** The read as the table shows it: the rows carry the lesion's fields, the (one) study's cell its status and HU. */
const snapshot = (page: Page): Promise<RowSnapshot[]> =>
  lesionRows(page).evaluateAll((rows) =>
    rows.map((row) => ({
      label: row.getAttribute('data-label') ?? '',
      role: row.getAttribute('data-role') ?? '',
      site: row.getAttribute('data-site') ?? '',
      status: row.querySelector('[data-testid="observation"]')?.getAttribute('data-status') ?? '',
      hu: row.querySelector('[data-testid="observation"] .measure-hu')?.textContent?.replace(/ HU$/, '') ?? '',
    })),
  );

const savedRevision = async (page: Page) => Number(await page.locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));

async function waitSaved(page: Page, atLeast: number): Promise<void> {
  await page.waitForFunction((revision) => {
    const element = document.querySelector('[data-testid="save-state"]');
    return Number(element?.getAttribute('data-saved-revision')) >= revision && element?.getAttribute('data-pending') === '0';
  }, atLeast);
}

const sites = ['liver segment II', 'liver segment VII', 'lung', 'portocaval lymph node', 'peritoneum'];

/** One change a reader might make, chosen at random among those the current read allows. */
async function randomChange(page: Page, random: () => number): Promise<void> {
  const count = await lesionRows(page).count();
  const index = Math.floor(random() * Math.max(1, count));
  const choice = count === 0 ? 0 : Math.floor(random() * 5);
  if (choice === 0) {
    await page.locator(random() < 0.7 ? '[data-testid="add-target"]' : '[data-testid="add-nontarget"]').click();
    return;
  }
  // the chosen lesion's fields are in the editor below the table
  const row = await editRow(page, index);
  const hu = row.locator('input.hu-input');
  if (choice === 1) {
    const current = await row.locator('select[aria-label="Site"]').inputValue();
    const others = sites.filter((site) => site !== current);
    await row.locator('select[aria-label="Site"]').selectOption(others[Math.floor(random() * others.length)]!);
  } else if (choice === 2 && (await hu.count()) > 0) {
    const current = await hu.inputValue();
    let value = String(Math.round(random() * 200 - 50));
    if (value === current) value = String(Number(value) + 1);
    await hu.fill(value);
    await hu.press('Enter'); // a typed value is recorded on Enter or blur
  } else if (choice === 3 && count > 2) {
    await row.locator('button[title="Remove this lesion from the read"]').click();
    await row.locator('[data-testid="remove-yes"]').click(); // removal asks first
  }
  else {
    // Toggle between present and not evaluated, so that the change always changes something.
    const status = await row.locator('select[aria-label="Status"]').inputValue();
    await row.locator('select[aria-label="Status"]').selectOption(status === 'present' ? 'notEvaluated' : 'present');
  }
}

describe('autosave survives a crashed tab', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser();
  });

  afterAll(async () => {
    await session?.close();
  });

  async function openRead(page: Page): Promise<void> {
    await page.goto(inject('baseUrl'));
    await page.locator('[data-testid="open-folder"]').setInputFiles(studyDir);
    await page.locator('[data-testid="save-state"]').or(page.locator('[data-testid="reader-name"]')).waitFor({ timeout: 30_000 });
  }

  it(`loses nothing committed over ${ITERATIONS} random changes and crashes (seed ${SEED})`, async () => {
    // Seeded, so that a failing sequence can be replayed (the seed is in the test name).
    const random = mulberry32(SEED);
    let page = session.page;
    await openRead(page);
    await page.locator('[data-testid="reader-name"]').fill('Dr Crash');
    await page.locator('[data-testid="reader-start"]').click();
    await page.locator('[data-testid="save-state"]').waitFor();
    let committed = { revision: await savedRevision(page), rows: await snapshot(page) };

    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const before = committed;
      await randomChange(page, random);
      const waitForCommit = random() < 0.7;
      let after: typeof committed | null = null;
      if (waitForCommit) {
        await waitSaved(page, before.revision + 1);
        after = { revision: await savedRevision(page), rows: await snapshot(page) };
      }
      // Kill the renderer outright: no unload handler runs, pending writes may be cut off.
      const cdp = await session.context.newCDPSession(page);
      const crashed = page.waitForEvent('crash', { timeout: 10_000 });
      // The crash answers no CDP reply; the page's own 'crash' event says it is dead.
      void cdp.send('Page.crash').catch(() => undefined);
      await crashed;
      await page.close().catch(() => undefined);
      page = await session.context.newPage();
      await openRead(page);
      await waitSaved(page, before.revision);
      const restored = { revision: await savedRevision(page), rows: await snapshot(page) };
      if (after) {
        expect(restored, `iteration ${iteration}: a confirmed change was lost`).toEqual(after);
      } else {
        // Not yet confirmed when the tab died: either state is correct, but nothing older.
        expect(restored.revision, `iteration ${iteration}`).toBeGreaterThanOrEqual(before.revision);
        if (restored.revision === before.revision) expect(restored.rows, `iteration ${iteration}`).toEqual(before.rows);
      }
      committed = restored;
    }
    expect(session.pageErrors).toEqual([]);
  }, 900_000);
});
