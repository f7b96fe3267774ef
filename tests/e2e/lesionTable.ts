import type { Locator, Page } from 'playwright-core';

/**
 * The lesion table and the selected lesion's editor, as the tests reach them: the table only shows
 * (a row per lesion, a cell per timepoint shown), the editor below it edits the selected lesion.
 */

export const lesionRows = (page: Page) => page.locator('[data-testid="lesion-row"]');

export const lesionRow = (page: Page, label: string) => page.locator(`[data-testid="lesion-row"][data-label="${label}"]`);

/** What the table shows of a lesion at a study: `.measure-whole` holds "long × short", or the status. */
export const lesionCell = (page: Page, label: string, studyUid: string) => lesionRow(page, label).locator(`[data-testid="observation"][data-study="${studyUid}"]`);

/** The labels of the table's rows, in order. */
export const lesionLabels = (page: Page) => lesionRows(page).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-label') ?? ''));

export const editor = (page: Page) => page.locator('[data-testid="lesion-editor"]');

/**
 * The editor of a lesion. Its row is clicked only when another lesion (or none) is being edited:
 * selecting also moves the viewports to the lesion, which a test in the middle of measuring it
 * does not want.
 */
export async function editLesion(page: Page, label: string): Promise<Locator> {
  const shown = page.locator(`[data-testid="lesion-editor"][data-label="${label}"]`);
  if (!(await shown.isVisible())) {
    await lesionRow(page, label).locator('th').click();
    await shown.waitFor();
  }
  return shown;
}

/** The editor's part for one timepoint (status, viable part, mean HU) of the lesion being edited. */
export const editorAt = (page: Page, studyUid: string) => editor(page).locator(`[data-testid="observation-editor"][data-study="${studyUid}"]`);

/** The same, of the lesion at `index` in the table (for reads whose labels the test does not know). */
export async function editRow(page: Page, index: number): Promise<Locator> {
  const row = lesionRows(page).nth(index);
  const label = (await row.getAttribute('data-label')) ?? '';
  return editLesion(page, label);
}
