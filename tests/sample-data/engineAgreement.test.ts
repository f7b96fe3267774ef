import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessPatient } from '../../workers/engine';
import { PATIENT, STUDIES } from '../../scripts/sample-data/design';
import { exchangeInput } from '../../scripts/sample-data/groundTruth';

// The phantom's responses were worked out by hand (scripts/sample-data/EXPECTED.md); the engine
// must reach the same verdicts and numbers from the ground-truth measurements.
const expected = JSON.parse(readFileSync(new URL('../../scripts/sample-data/expected-responses.json', import.meta.url), 'utf8')) as {
  criteria: Record<string, { timepoints: Record<string, unknown>[]; bestOverallResponse: string }>;
};

const input = exchangeInput(
  STUDIES.filter((study) => study.modality === 'CT'),
  PATIENT.id,
);
const reply = assessPatient(input);

/** docs/exchange-format.md: percentages within ±0.05, other numbers within ±0.01, labels exactly. */
function expectConforming(actual: unknown, wanted: unknown, path: string): void {
  if (typeof wanted === 'number') {
    const tolerance = /Pct$/.test(path) ? 0.05 : 0.01;
    expect(typeof actual, path).toBe('number');
    expect(Math.abs((actual as number) - wanted), `${path}: ${String(actual)} vs ${wanted}`).toBeLessThanOrEqual(tolerance);
  } else if (Array.isArray(wanted)) {
    expect(Array.isArray(actual), path).toBe(true);
    wanted.forEach((item, index) => {
      const id = (item as { id?: string }).id;
      const match = id !== undefined ? (actual as { id?: string }[]).find((candidate) => candidate.id === id) : (actual as unknown[])[index];
      expectConforming(match, item, `${path}[${id ?? index}]`);
    });
  } else if (wanted !== null && typeof wanted === 'object') {
    for (const [key, value] of Object.entries(wanted)) expectConforming((actual as Record<string, unknown>)?.[key], value, `${path}.${key}`);
  } else {
    expect(actual, path).toEqual(wanted);
  }
}

describe('engine against the phantom ground truth worked by hand', () => {
  it('accepts the phantom exchange input', () => {
    expect(reply.ok ? [] : reply.problems).toEqual([]);
  });

  it.each(Object.keys(expected.criteria))('%s: every follow-up and the best overall response', (criterion) => {
    if (!reply.ok) throw new Error('invalid input');
    const actual = (reply.output.criteria as Record<string, unknown>)[criterion];
    expectConforming(actual, expected.criteria[criterion], criterion);
  });
});
