import { csvCell, type CsvCell } from '../report/csv';
import type { CellTable } from './sdtm';

/**
 * cohort.html: one self-contained page (no script, no external resource; its Content-Security-Policy
 * forbids both) with the plots inline and the tables. Every text from the inputs is escaped: patient ids,
 * lesion ids and organs are untrusted.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);

/** A cell as the CSV shows it, without the CSV quoting. */
const cellText = (value: CsvCell): string => (typeof value === 'string' ? value : csvCell(value));

function tableHtml(caption: string, table: CellTable): string {
  const head = table.header.map((name) => `<th>${escapeHtml(name)}</th>`).join('');
  const body = table.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cellText(cell))}</td>`).join('')}</tr>`).join('\n');
  return `<section><h2>${escapeHtml(caption)}</h2><div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div></section>`;
}

/** Vega's SVG output escapes its text; the XML prolog, if any, is dropped so the SVG can sit inline. */
const inlineSvg = (svg: string): string => svg.replace(/^<\?xml[^>]*>\s*/, '');

export interface CohortPage {
  readonly studyId: string;
  readonly patientCount: number;
  readonly skipped: readonly { file: string; path: string; message: string }[];
  readonly waterfallSvg: string;
  readonly spiderSvg: string;
  readonly tables: readonly { caption: string; table: CellTable }[];
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:1.5rem;color:#111}figure{margin:0 0 2rem}
.scroll{overflow-x:auto;max-height:40rem;overflow-y:auto;border:1px solid #ccc}table{border-collapse:collapse;font-size:.8rem}
th,td{border:1px solid #ddd;padding:.15rem .4rem;text-align:left;white-space:nowrap}th{background:#f2f2f2;position:sticky;top:0}`;

export function cohortHtml(page: CohortPage): string {
  const skipped = page.skipped.length === 0 ? '' : `<section><h2>Skipped files</h2><ul>${page.skipped.map((item) => `<li>${escapeHtml(item.file)}: ${escapeHtml(item.path)}: ${escapeHtml(item.message)}</li>`).join('')}</ul></section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Nadir cohort ${escapeHtml(page.studyId)}</title><style>${STYLE}</style></head>
<body><h1>Nadir cohort ${escapeHtml(page.studyId)}</h1>
<p>${page.patientCount} patient${page.patientCount === 1 ? '' : 's'} assessed${page.skipped.length > 0 ? `, ${page.skipped.length} file${page.skipped.length === 1 ? '' : 's'} skipped` : ''}.</p>
${skipped}
<section><h2>Waterfall</h2><figure>${inlineSvg(page.waterfallSvg)}</figure></section>
<section><h2>Spider</h2><figure>${inlineSvg(page.spiderSvg)}</figure></section>
${page.tables.map(({ caption, table }) => tableHtml(caption, table)).join('\n')}
</body></html>
`;
}
