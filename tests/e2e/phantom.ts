import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { LesionTruth, Point3 } from '../../scripts/sample-data/groundTruth';

export type { LesionTruth };

export interface StudyTruth {
  study: { studyInstanceUID: string; date: string; timepoint: string };
  series: { description: string; sliceCount: number }[];
  lesions: LesionTruth[];
}

export const phantomDir = new URL('../../sample-data/phantom-net-01/', import.meta.url);

export function studyTruth(folder: string): StudyTruth {
  return JSON.parse(readFileSync(new URL(`${folder}/ground-truth.json`, phantomDir), 'utf8')) as StudyTruth;
}

export function expectedResponses(): { criteria: Record<string, { timepoints: { id: string; overallResponse: string }[]; bestOverallResponse: string }> } {
  return JSON.parse(readFileSync(new URL('expected-responses.json', phantomDir), 'utf8'));
}

type Role = 'baseline' | 'follow-up';
const viewport = (page: Page, role: Role) => page.locator(`[data-testid="viewport-${role}"]`);

const sliceDescription = async (page: Page, role: Role) =>
  (await page.locator(`[data-testid="series-picker-${role}"] option:checked`).innerText()).split(': ')[1]!.replace(/ \(\d+\)$/, '');

/** The index of a lesion's largest slice in the series the viewport shows (the ground truth counts files from the top, as the viewer does). */
export async function largestSliceIndex(page: Page, role: Role, lesion: LesionTruth): Promise<number> {
  const description = await sliceDescription(page, role);
  return lesion.largestSlice.find((candidate) => candidate.seriesDescription === description)!.index;
}

const sliceIndexOf = async (page: Page, role: Role) => Number(await viewport(page, role).getAttribute('data-slice-index'));

/** Scrolls with the wheel over the viewport, a notch at a time, as a reader does (wheel down: toward the feet). */
export async function scrollToSlice(page: Page, role: Role, index: number): Promise<void> {
  const box = (await viewport(page, role).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height - 12);
  for (let current = await sliceIndexOf(page, role); current !== index; current = await sliceIndexOf(page, role)) {
    await page.mouse.wheel(0, current < index ? 100 : -100);
    await page.waitForFunction(([selector, before]) => document.querySelector(selector)?.getAttribute('data-slice-index') !== before, [`[data-testid="viewport-${role}"]`, String(current)] as const);
  }
}

/** Scrolls to the lesion's largest slice and brings the lesion into view large enough to place calipers. */
export async function goToLargestSlice(page: Page, role: Role, _study: StudyTruth, lesion: LesionTruth): Promise<void> {
  await scrollToSlice(page, role, await largestSliceIndex(page, role, lesion));
  await zoomOnto(page, role, lesion.centreMm, lesion.longAxisMm);
}

/**
 * Where a patient point is on screen, once the viewport has settled. A window resize reaches the
 * canvas a frame later (the viewport's ResizeObserver), so a position read at once can be the old
 * canvas's: the same answer two frames apart is the settled one. A series just chosen has no
 * position until its first slice is drawn (the probe answers null): that is waited for.
 */
export const toClient = (page: Page, role: Role, point: Point3) =>
  viewport(page, role).evaluate(async (element, p) => {
    const probe = element as HTMLElement & { nadirWorldToClient(p: Point3): [number, number] | null };
    const twoFrames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const deadline = performance.now() + 30_000;
    let previous = probe.nadirWorldToClient(p);
    for (let settledChecks = 0; settledChecks < 20 || (!previous && performance.now() < deadline); settledChecks++) {
      await twoFrames();
      const current = probe.nadirWorldToClient(p);
      if (current && previous && Math.abs(current[0] - previous[0]) < 0.5 && Math.abs(current[1] - previous[1]) < 0.5) return current;
      previous = current;
    }
    if (!previous) throw new Error('the viewport showed no image within 30 s');
    return previous;
  }, point);

/** The calipers the read shows on a viewport (its annotations), by key: what should be drawn. */
export async function calipers(page: Page, role: Role): Promise<{ key: string; points: Point3[] }[]> {
  return viewport(page, role).evaluate((element) => (element as HTMLElement & { nadirCalipers?: () => { key: string; points: Point3[] }[] }).nadirCalipers?.() ?? []);
}

async function drag(page: Page, from: [number, number], to: [number, number], button: 'left' | 'right' | 'middle' = 'left', via?: [number, number]): Promise<void> {
  await page.mouse.move(from[0], from[1]);
  await page.mouse.down({ button });
  if (via) await page.mouse.move(via[0], via[1], { steps: 4 });
  await page.mouse.move(to[0], to[1], { steps: 8 });
  await page.mouse.up({ button });
}

const MIN_SCREEN_PX_PER_MM = 4;

async function screenPxPerMm(page: Page, role: Role, centre: Point3): Promise<number> {
  const a = await toClient(page, role, centre);
  const b = await toClient(page, role, [centre[0] + 10, centre[1], centre[2]]);
  return Math.hypot(b[0] - a[0], b[1] - a[1]) / 10;
}

/** Whether a lesion of this size around this centre is on screen with a margin. */
async function inView(page: Page, role: Role, centre: Point3, sizeMm: number): Promise<boolean> {
  const box = (await viewport(page, role).boundingBox())!;
  const [x, y] = await toClient(page, role, centre);
  const reachPx = (sizeMm / 2 + 5) * (await screenPxPerMm(page, role, centre));
  return x - reachPx >= box.x && x + reachPx <= box.x + box.width && y - reachPx >= box.y && y + reachPx <= box.y + box.height;
}

/**
 * Mouse positions are whole screen pixels; fitted to the viewport a CT pixel is smaller than that.
 * So, as a radiologist does, bring the lesion to the middle (middle-drag pans) and zoom in on it
 * (right-drag zooms about the point pressed) before placing calipers, unless it is already shown
 * large enough (the app centres and zooms on a lesion it takes the reader to). Centred first, a
 * large lesion stays on screen whatever the width of the viewport.
 */
export async function zoomOnto(page: Page, role: Role, centre: Point3, sizeMm = 30): Promise<void> {
  if ((await screenPxPerMm(page, role, centre)) >= MIN_SCREEN_PX_PER_MM && (await inView(page, role, centre, sizeMm))) return;
  await page.locator(`[data-testid="viewport-panel-${role}"]`).dispatchEvent('pointerdown');
  await page.keyboard.press('r');
  const box = (await viewport(page, role).boundingBox())!;
  const middle: [number, number] = [box.x + box.width / 2, box.y + box.height / 2];
  const start = await toClient(page, role, centre);
  if (Math.hypot(start[0] - middle[0], start[1] - middle[1]) > 2) await drag(page, start, middle, 'middle');
  for (let attempt = 0; attempt < 16; attempt++) {
    if ((await screenPxPerMm(page, role, centre)) >= MIN_SCREEN_PX_PER_MM) return;
    const a = await toClient(page, role, centre);
    // one long drag, as a reader zooms: each move shrinks the field by 5/height of its length
    await drag(page, a, [a[0], a[1] + 60], 'right');
  }
  throw new Error('could not zoom in on the lesion');
}

const distance = (a: Point3, b: Point3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/**
 * Draws a bidirectional caliper as a reader does: the long axis by a drag from end to end, then each
 * end of the short axis dragged onto its true position. A caliper the app asks about ("which
 * lesion?") is answered with `answer`: 'Enter' takes the first choice, anything else is the choice
 * clicked (its data-choice: a label, 'newLesion', ...).
 */
export async function drawCaliper(page: Page, role: Role, part: 'whole' | 'enhancing', longAxis: [Point3, Point3], shortAxis: [Point3, Point3], answer?: string): Promise<void> {
  const revision = Number(await page.locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));
  // the mode key only when that caliper is not armed already (U arms the whole-lesion caliper)
  const mode = page.locator(`[data-testid="mode-${part}"][aria-pressed="true"]`);
  if ((await mode.count()) === 0) await page.keyboard.press(part === 'whole' ? 'b' : 'e');
  await drag(page, await toClient(page, role, longAxis[0]), await toClient(page, role, longAxis[1]));
  if (answer) {
    const prompt = page.locator('[data-testid="caliper-prompt"]');
    await prompt.waitFor();
    if (answer === 'Enter') await page.keyboard.press('Enter');
    else await prompt.locator(`[data-testid="caliper-choice"][data-choice="${answer}"]`).click();
  }
  await waitForSave(page, revision);
  const found = await page.waitForFunction(
    ([selector, suffix, start]) => {
      const element = document.querySelector(selector) as (HTMLElement & { nadirCalipers?: () => { key: string; points: number[][] }[] }) | null;
      const near = (p: number[]) => Math.hypot(p[0]! - start[0], p[1]! - start[1], p[2]! - start[2]) < 1.5;
      return (element?.nadirCalipers?.() ?? []).find((caliper) => caliper.key.endsWith(suffix) && (near(caliper.points[0]!) || near(caliper.points[1]!)))?.key;
    },
    [`[data-testid="viewport-${role}"]`, `|${part}`, longAxis[0]] as const,
  );
  const drawn = { key: (await found.jsonValue()) as string };
  for (const target of shortAxis) {
    const current = await calipers(page, role);
    const handles = current.find((caliper) => caliper.key === drawn.key)!.points.slice(2);
    const handle = handles[0]!;
    const other = handles[1]!;
    // Move the handle on the same side as the target.
    const from = distance(handle, target) < distance(other, target) ? handle : other;
    const fromClient = await toClient(page, role, from);
    const toTarget = await toClient(page, role, target);
    // A handle already on its target (the tool's default short axis can be exact) is left alone;
    // one a pixel or two away is dragged out and back, since a tiny drag counts as a click.
    if (Math.hypot(toTarget[0] - fromClient[0], toTarget[1] - fromClient[1]) < 0.5) continue;
    const saved = Number(await page.locator('[data-testid="save-state"]').getAttribute('data-saved-revision'));
    await drag(page, fromClient, toTarget, 'left', [fromClient[0] + 15, fromClient[1] + 15]);
    await waitForSave(page, saved);
  }
}

/** Waits until the store has confirmed a revision after the given one, and nothing is pending. */
export async function waitForSave(page: Page, afterRevision: number): Promise<void> {
  await page.waitForFunction((revision) => {
    const element = document.querySelector('[data-testid="save-state"]');
    return Number(element?.getAttribute('data-saved-revision')) > revision && element?.getAttribute('data-pending') === '0';
  }, afterRevision);
}

/** Opens the five phantom studies from the start screen, and waits for the first image. */
export async function openPhantom(page: Page, baseUrl: string): Promise<void> {
  await page.goto(baseUrl);
  await page.locator('[data-sample-group="phantom-net-01"]').click();
  await page.locator('[data-testid="viewport-baseline"][data-render-count]').waitFor({ timeout: 60_000 });
}

/** Opens the five phantom studies and starts a read as `reader`. */
export async function startPhantomRead(page: Page, baseUrl: string, reader: string): Promise<void> {
  await openPhantom(page, baseUrl);
  await page.locator('[data-testid="reader-name"]').fill(reader);
  await page.locator('[data-testid="reader-start"]').click();
  await page.locator('[data-testid="save-state"]').waitFor();
}

/** The response panel shows the hand-worked answer (expected-responses.json) for every criterion, timepoint and best response. */
export async function expectHandWorkedResponses(page: Page): Promise<void> {
  const expected = expectedResponses();
  await page.locator('[data-testid="response-panel"][data-state="done"]').waitFor();
  for (const [criterion, result] of Object.entries(expected.criteria)) {
    for (const timepoint of result.timepoints) {
      const shown = page.locator(`[data-testid="response-${criterion}-${timepoint.id}"]`);
      expect(await shown.getAttribute('data-overall'), `${criterion} ${timepoint.id}`).toBe(timepoint.overallResponse);
    }
    expect(await page.locator(`[data-testid="criterion-${criterion}"]`).getAttribute('data-best'), `${criterion} best`).toBe(result.bestOverallResponse);
  }
}
