import type { Page } from 'playwright-core';

/**
 * What is wrong with the side column's layout as shown, in words (empty when nothing is): a box
 * wider than its room (the column may scroll down, never sideways), a select or field whose text is
 * cut, a text of several words laid out one word per line.
 *
 * A select's scrollWidth says nothing of its text, so each select is measured against a copy of
 * itself beside it, with only its chosen option and its natural width: wider means cut.
 */
export function sideColumnProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const name = (element: Element) => {
      const id = element.getAttribute('data-testid') ?? element.getAttribute('aria-label');
      const text = (element instanceof HTMLSelectElement ? element.selectedOptions[0]?.text : element instanceof HTMLInputElement ? element.value : element.textContent) ?? '';
      return `${element.tagName.toLowerCase()}${id ? `[${id}]` : ''}${element.className ? `.${String(element.className).replaceAll(' ', '.')}` : ''} "${text.trim().slice(0, 40)}"`;
    };
    const shown = (element: Element): element is HTMLElement => element instanceof HTMLElement && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';
    for (const root of [...document.querySelectorAll('.read-panel, .timepoints')].filter(shown)) {
      const column = root.getBoundingClientRect();
      for (const element of [root, ...root.querySelectorAll('*')].filter(shown)) {
        if (element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0) problems.push(`overflows: ${name(element)} ${element.scrollWidth} > ${element.clientWidth}`);
        const box = element.getBoundingClientRect();
        if (box.width > 0 && (box.left < column.left - 1 || box.right > column.right + 1)) problems.push(`outside the column: ${name(element)}`);
      }
      for (const select of [...root.querySelectorAll('select')].filter(shown)) {
        const probe = document.createElement('select');
        probe.className = select.className;
        probe.add(new Option(select.selectedOptions[0]?.text ?? ''));
        probe.style.setProperty('position', 'absolute');
        probe.style.setProperty('visibility', 'hidden');
        for (const property of ['width', 'min-width', 'max-width']) probe.style.setProperty(property, property === 'max-width' ? 'none' : 'auto', 'important');
        select.after(probe);
        const needed = probe.getBoundingClientRect().width;
        probe.remove();
        if (needed > select.getBoundingClientRect().width + 1) problems.push(`select text cut: ${name(select)} needs ${needed.toFixed(0)} px, has ${select.getBoundingClientRect().width.toFixed(0)}`);
      }
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const words = (node.textContent ?? '').trim().split(/\s+/).filter(Boolean);
        if (words.length < 2 || !node.parentElement || !shown(node.parentElement)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const lines = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
        if (lines.size >= words.length) problems.push(`one word per line: ${name(node.parentElement)}`);
      }
    }
    return problems;
  });
}

/** The caliper labels cut by the edge of their image (one whose caliper is above or below the image is not shown, rightly). */
export function clippedCaliperLabels(page: Page): Promise<string[]> {
  return page.locator('[data-testid="measurement-label"]').evaluateAll((labels) =>
    labels.flatMap((label) => {
      const frame = label.closest('.viewport-frame')?.getBoundingClientRect();
      const box = label.getBoundingClientRect();
      if (!frame || box.bottom < frame.top || box.top > frame.bottom) return [];
      return box.left < frame.left - 1 || box.right > frame.right + 1 ? [`${label.textContent} at ${box.left.toFixed(0)}..${box.right.toFixed(0)} in ${frame.left.toFixed(0)}..${frame.right.toFixed(0)}`] : [];
    }),
  );
}
