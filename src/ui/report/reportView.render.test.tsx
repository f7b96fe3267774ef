import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { assessPatient } from '../../../workers/engine';
import { toExchangeInput } from '../../../workers/read/toExchangeInput';
import { FIXTURE_SESSION } from '../../../tests/fixtures/reportRead';
import { buildReportModel } from '../../../workers/report/reportModel';
import { ReportView } from './ReportView';

// The phantom read raises no conformance issue, so the browser test never shows one: the fixture does.
describe('the report as rendered', () => {
  const session = { ...FIXTURE_SESSION, patientName: 'DOE^<b>JANE</b>', readerName: 'Reader <img src=x onerror=alert(1)>' };
  const reply = assessPatient(toExchangeInput(session));
  if (!reply.ok) throw new Error('the fixture does not assess');
  const model = buildReportModel(session, reply.output, { generatedAt: '2024-07-12T10:00:00Z' });
  const html = renderToStaticMarkup(<ReportView model={model} renderKeyImage={async () => ({ kind: 'unavailable', reason: 'not in this test' })} />);
  const text = html.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");

  it('lists every conformance note with its criterion, rule and lesion', () => {
    expect(model.conformanceNotes.length).toBeGreaterThan(0);
    const section = html.slice(html.indexOf('Conformance notes'));
    for (const note of model.conformanceNotes) {
      expect(section).toContain(note.rule);
      if (note.lesionLabel) expect(section).toContain(note.lesionLabel);
    }
    expect(section).not.toContain('No conformance issue');
  });

  it('shows untrusted text as text, never as markup', () => {
    expect(html).not.toMatch(/<b>JANE|<img src=x/);
    expect(text).toContain('<b>JANE</b>');
    expect(text).toContain('Reader <img src=x onerror=alert(1)>');
  });

  it('shows a summary line per follow-up and the reasons behind each verdict', () => {
    for (const line of model.summaries) expect(text.replace(/\s+/g, ' ')).toContain(line.text);
    for (const reason of model.reasons.slice(0, 5)) expect(html).toContain(reason.rule);
  });
});
