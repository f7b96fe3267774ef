import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CRITERIA_NAMES } from '../../workers/domain/input';
import { THRESHOLDS } from '../../workers/cohort/plots';

/** The plots' threshold lines say what the rules they cite say (docs/criteria.md). */
const doc = readFileSync(new URL('../../docs/criteria.md', import.meta.url), 'utf8');
const ruleText = (rule: string): string => {
  const start = doc.indexOf(`<a id="${rule}"></a>`);
  const end = doc.indexOf('\n- <a id=', start + 1);
  return start < 0 ? '' : doc.slice(start, end < 0 ? undefined : end);
};

describe('waterfall and spider threshold lines', () => {
  it.each(CRITERIA_NAMES)('%s: each line is the percentage of the rule it cites', (criterion) => {
    const { responsePct, responseRule, progressionPct, progressionRule } = THRESHOLDS[criterion];
    expect(ruleText(responseRule)).toContain(`${Math.abs(responsePct)} %`);
    expect(ruleText(progressionRule)).toContain(`${progressionPct} %`);
  });
});
