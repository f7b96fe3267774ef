import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from '../domain/zodSetup';
import { assessPatient } from '../engine';
import { CRITERIA_NAMES, DEFAULT_CRITERIA, type CriteriaName } from '../domain/input';
import type { CriteriaResult } from '../domain/result';
import { RULE_IDS } from '../domain/ruleIds';
import { CRITERIA_DOC } from './ruleDocs';

const EXCHANGE_DOC = 'docs/exchange-format.md';

/**
 * The worked examples of docs/criteria.md, run through the engine, so the docs cannot drift from the
 * code. Each is a fenced block "```json nadir-example": an exchange-format input and, per criterion,
 * the expected overall response at each follow-up ("best": best overall response), the rule ids that
 * must be among the reasons there, and the issue rule ids that must be reported.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const doc = readFileSync(join(root, CRITERIA_DOC), 'utf8');

const ruleId = z.enum(RULE_IDS);
const perCriterion = <T extends z.ZodType>(value: T) => z.partialRecord(z.enum(CRITERIA_NAMES), value);
const exampleSchema = z.strictObject({
  example: z.string().min(1),
  input: z.unknown(),
  expect: perCriterion(z.record(z.string(), z.string())),
  rules: perCriterion(z.record(z.string(), z.array(ruleId).min(1))).optional(),
  issues: perCriterion(z.array(ruleId).min(1)).optional(),
});
type Example = z.infer<typeof exampleSchema>;

const blocks = [...doc.matchAll(/^```json nadir-example\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
const examples: Example[] = blocks.map((block) => exampleSchema.parse(JSON.parse(block)));

function responseAt(result: CriteriaResult, at: string): string | undefined {
  return at === 'best' ? result.bestOverallResponse : result.timepoints.find((tp) => tp.id === at)?.overallResponse;
}

function rulesAt(result: CriteriaResult, at: string): string[] {
  const reasons = at === 'best' ? result.bestOverallResponseReasons : (result.timepoints.find((tp) => tp.id === at)?.reasons ?? []);
  return reasons.map((reason) => reason.rule);
}

const entries = <V>(record: Partial<Record<CriteriaName, V>> | undefined): [CriteriaName, V][] =>
  Object.entries(record ?? {}) as [CriteriaName, V][];

describe(`worked examples of ${CRITERIA_DOC}`, () => {
  it('are there, each with a unique name and at least one expectation', () => {
    expect(examples.length).toBeGreaterThanOrEqual(15);
    expect(new Set(examples.map((example) => example.example)).size).toBe(examples.length);
    for (const example of examples) expect(Object.keys(example.expect).length, example.example).toBeGreaterThan(0);
  });

  it.each(examples.map((example) => [example.example, example] as const))('%s', (_name, example) => {
    const reply = assessPatient(example.input);
    if (!reply.ok) throw new Error(`invalid example input: ${JSON.stringify(reply.problems)}`);
    const criteria = reply.output.criteria;
    for (const [criterion, expected] of entries(example.expect)) {
      const result = criteria[criterion];
      if (!result) throw new Error(`${criterion} was not computed`);
      const actual = Object.fromEntries(Object.keys(expected).map((at) => [at, responseAt(result, at)]));
      expect(actual, criterion).toEqual(expected);
    }
    for (const [criterion, byTimepoint] of entries(example.rules)) {
      const result = criteria[criterion];
      if (!result) throw new Error(`${criterion} was not computed`);
      for (const [at, ids] of Object.entries(byTimepoint)) expect(rulesAt(result, at), `${criterion} ${at}`).toEqual(expect.arrayContaining(ids));
    }
    for (const [criterion, ids] of entries(example.issues)) {
      expect(criteria[criterion]?.issues.map((issue) => issue.rule), criterion).toEqual(expect.arrayContaining(ids));
    }
  });
});

describe(`the input example of ${EXCHANGE_DOC}`, () => {
  it('is valid input the engine assesses under the six default criteria (the volumetric ones run when named)', () => {
    const text = readFileSync(join(root, EXCHANGE_DOC), 'utf8');
    const input = /^## Input[\s\S]*?^```json\n([\s\S]*?)^```$/m.exec(text)?.[1] ?? '';
    const reply = assessPatient(JSON.parse(input));
    expect(reply.ok && Object.keys(reply.output.criteria)).toEqual([...DEFAULT_CRITERIA]);
  });
});
