import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NadirReadExport } from '../../workers/report';
import { phantomRead } from '../fixtures/phantomRead';
import { downloadsOf, openBrowser, type BrowserSession } from './browser';
import { sideColumnProblems } from './layout';
import { expectedResponses, startPhantomRead, waitForSave } from './phantom';

// The read's protocol settings (issue 15 §4) in real Chromium against the production build: the phantom
// read, confirmation required (BOR-3) ticked in the read panel, the verdicts follow, Undo takes it back,
// and the report (screen and PDF) and the JSON export name the setting.

const READER = 'Dr Protocol Reader';
const artifacts = new URL('./artifacts/protocol/', import.meta.url).pathname;
const DEFAULTS = 'no confirmation required; SD ≥ 42 days (6 weeks); WHO PD by sum';
const CONFIRMED = 'confirmation required; SD ≥ 42 days (6 weeks); WHO PD by sum';

describe('the protocol settings of a read', () => {
  let session: BrowserSession;
  let dir: string;
  const page = () => session.page;
  const revision = async () => Number(await page().locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));
  const summary = () => page().locator('[data-testid="protocol-summary"]');
  const best = (criterion: string) => page().locator(`[data-testid="criterion-${criterion}"]`).getAttribute('data-best');
  /** the panel once the engine has answered for what is shown */
  const settled = () => page().locator('[data-testid="response-panel"][data-state="done"]').waitFor();

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'nadir-protocol-'));
    // the phantom read as saved before protocols existed: no settings, so the defaults
    writeFileSync(join(dir, 'read.json'), JSON.stringify({ format: 'nadir-read', version: 1, exportedAt: null, input: {}, output: null, read: { ...phantomRead(), readerName: READER } }));
    session = await openBrowser();
    await startPhantomRead(page(), inject('baseUrl'), READER);
    const saved = await revision();
    await page().locator('[data-testid="import-read"]').setInputFiles(join(dir, 'read.json'));
    await page().locator('[data-testid="import-review"][data-state="confirm"]').waitFor();
    await page().locator('[data-testid="import-replace"]').click();
    await waitForSave(page(), saved);
    await settled();
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await page().screenshot({ path: `${artifacts}failure.png` });
  });

  afterAll(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the settings in force in the panel: the defaults, under which the phantom is the hand-worked answer', async () => {
    expect(await summary().innerText()).toBe(DEFAULTS);
    // scripts/sample-data/EXPECTED.md: EASL's PR at FU1 is its best response (no confirmation asked)
    expect(expectedResponses().criteria.EASL!.bestOverallResponse).toBe('PR');
    expect(await best('EASL')).toBe('PR');
  });

  it('shows the control whole in the side column at 1024×768, 1280×800 and 1920×1080', async () => {
    await page().locator('[data-testid="protocol"] summary').click();
    await page().locator('[data-testid="protocol-requireConfirmation"]').waitFor();
    for (const [width, height] of [[1024, 768], [1280, 800], [1920, 1080]] as const) {
      await page().setViewportSize({ width, height });
      // whole in view, as a reader scrolls the side column to it
      await page().locator(`[data-testid="protocol"]`).evaluate((element) => element.scrollIntoView({ block: 'center' }));
      const problems = await sideColumnProblems(page());
      expect(problems, `at ${width}×${height}`).toEqual([]);
      const box = (await page().locator('[data-testid="protocol"]').boundingBox())!;
      expect(box.y + box.height, `the control inside the window at ${width}×${height}`).toBeLessThanOrEqual(height + 1);
      await page().screenshot({ path: `${artifacts}protocol-${width}x${height}.png` });
    }
    await page().setViewportSize({ width: 1280, height: 800 });
  });

  it('confirmation required: the unconfirmed PRs of EASL, mRECIST and Choi become SD (BOR-3), named in the audit trail', async () => {
    const saved = await revision();
    await page().locator('[data-testid="protocol-requireConfirmation"]').check();
    await waitForSave(page(), saved);
    expect(await revision()).toBe(saved + 1);
    expect(await summary().innerText()).toBe(CONFIRMED);
    await page().locator('[data-testid="criterion-EASL"][data-best="SD"]').waitFor();
    await settled();
    expect([await best('EASL'), await best('mRECIST'), await best('Choi')]).toEqual(['SD', 'SD', 'SD']);
    // RECIST 1.1 had no PR to confirm: unchanged
    expect(await best('RECIST1.1')).toBe(expectedResponses().criteria['RECIST1.1']!.bestOverallResponse);
    await page().locator('[data-testid="audit-trail"] summary').click();
    const row = page().locator('[data-testid="audit-row"]', { hasText: 'protocol: confirmation required' }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('protocol.requireConfirmation');
    expect(await row.innerText()).toContain('false → true');
    await page().locator('[data-testid="audit-trail"] summary').click();
  });

  it('names the setting in the report, on screen and in its PDF, and in the JSON export', async () => {
    await page().locator('[data-testid="open-report"]').click();
    expect(await page().locator('[data-testid="report-protocol"]').innerText()).toBe(CONFIRMED);
    const pdf = join(dir, 'report.pdf');
    await page().pdf({ path: pdf, format: 'A4' });
    expect(execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' })).toContain(`Protocol ${CONFIRMED}`);
    await page().locator('[data-testid="report-back"]').click();
    const [path] = await downloadsOf(page(), 1, dir, () => page().locator('[data-testid="export-read"]').click());
    const exported = JSON.parse(readFileSync(path!, 'utf8')) as NadirReadExport;
    expect(exported.read.protocol).toEqual({ requireConfirmation: true, minSdDurationDays: 42, whoProgressionMode: 'sum' });
    expect(exported.input.options).toMatchObject({ requireConfirmation: true });
    expect(exported.output?.criteria.EASL?.bestOverallResponse).toBe('SD');
  });

  it('Ctrl+Z takes the change back in one step: the defaults, and EASL PR again', async () => {
    const saved = await revision();
    await page().locator('[data-testid="protocol-requireConfirmation"]').focus();
    await page().keyboard.press('Control+z');
    await waitForSave(page(), saved);
    expect(await revision()).toBe(saved + 1);
    expect(await summary().innerText()).toBe(DEFAULTS);
    expect(await page().locator('[data-testid="protocol-requireConfirmation"]').isChecked()).toBe(false);
    await page().locator('[data-testid="criterion-EASL"][data-best="PR"]').waitFor();
    await settled();
    expect([await best('EASL'), await best('mRECIST'), await best('Choi')]).toEqual(['PR', 'PR', 'PR']);
  });

  it('shows a signed read\'s settings without offering them: no control, and Ctrl+Z changes nothing', async () => {
    await page().locator('[data-testid="sign-open"]').click();
    await page().locator('[data-testid="sign-name"]').fill(READER);
    await page().locator('[data-testid="sign-meaning"]').check();
    await page().locator('[data-testid="sign-store"]').uncheck();
    await page().locator('[data-testid="sign-submit"]').click();
    await page().locator('[data-testid="sign-off"][data-status="signed"]').waitFor();
    const saved = await revision();
    const drawer = page().locator('[data-testid="protocol"]');
    if ((await drawer.getAttribute('open')) === null) await drawer.locator('summary').click();
    expect(await page().locator('[data-testid="protocol-locked"]').innerText()).toContain('Amend it to change them');
    expect(await page().locator('[data-testid="protocol-requireConfirmation"]').count()).toBe(0);
    await page().keyboard.press('Control+z');
    expect(await summary().innerText()).toBe(DEFAULTS);
    expect(await revision()).toBe(saved);
    expect(session.pageErrors).toEqual([]);
    expect(session.consoleErrors).toEqual([]);
  });
});
