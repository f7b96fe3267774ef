import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_IDS, type RuleId } from '../domain/ruleIds';
import { CRITERIA_DOC, RULE_DOCS, ruleDocHref } from './ruleDocs';

/**
 * docs/criteria.md is the rulebook the app links to: every rule id has a section there, and what the
 * table says the engine cites is what the engine's source really cites.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const doc = readFileSync(join(root, CRITERIA_DOC), 'utf8');
const anchors = [...doc.matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1] ?? '');
const isRuleId = (text: string): text is RuleId => (RULE_IDS as readonly string[]).includes(text);

/** Engine source files: workers/ without tests, test helpers and the id tables themselves. */
function engineSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' || entry.name === 'bench' ? [] : engineSources(path);
    const skip = !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts') || ['ruleIds.ts', 'ruleDocs.ts'].includes(entry.name);
    return skip ? [] : [path];
  });
}

/** Rule ids written as string literals in the engine (a Reason's or an Issue's `rule` is a RuleId). */
function citedIds(): Set<RuleId> {
  const cited = new Set<RuleId>();
  for (const file of engineSources(join(root, 'workers'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/'([A-Z][A-Za-z0-9-]*)'/g)) {
      if (isRuleId(match[1] ?? '')) cited.add(match[1] as RuleId);
    }
  }
  return cited;
}

describe(`rule ids and ${CRITERIA_DOC}`, () => {
  it('has a section (anchor) for every rule id, and the anchor is the id itself', () => {
    const missing = RULE_IDS.filter((id) => !anchors.includes(RULE_DOCS[id].anchor));
    expect(missing).toEqual([]);
    expect(RULE_IDS.filter((id) => RULE_DOCS[id].anchor !== id)).toEqual([]);
  });

  it('anchors only known rule ids or worked examples, each once', () => {
    expect(anchors.filter((anchor) => !isRuleId(anchor) && !anchor.startsWith('example-'))).toEqual([]);
    expect(anchors.filter((anchor, index) => anchors.indexOf(anchor) !== index)).toEqual([]);
  });

  it('marks as emitted exactly the ids the engine cites, the others as documentation only', () => {
    const cited = citedIds();
    const emitted = RULE_IDS.filter((id) => RULE_DOCS[id].use === 'emitted');
    expect(emitted.filter((id) => !cited.has(id))).toEqual([]);
    expect([...cited].filter((id) => RULE_DOCS[id].use !== 'emitted')).toEqual([]);
    expect(emitted.length).toBeGreaterThan(40);
  });

  it('links a rule to its section', () => {
    expect(ruleDocHref('R-TGT-3')).toBe('docs/criteria.md#R-TGT-3');
    expect(ruleDocHref('CONF-10')).toBe('docs/criteria.md#CONF-10');
  });
});
