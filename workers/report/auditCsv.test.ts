import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../read/audit';
import { AUDIT_COLUMNS, toAuditCsv } from './auditCsv';

const entry = (changes: Partial<AuditEntry>): AuditEntry => ({
  readId: 'read-1',
  revision: 1,
  at: '2026-12-03T10:00:00.000Z',
  reader: 'Reader^Rita',
  command: 'addLesion',
  path: 'lesions.a',
  oldValue: null,
  newValue: '{"label":"L1"}',
  ...changes,
});

const lines = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);

describe('the audit trail as CSV', () => {
  it('has one header row: who, when, what, old → new, why', () => {
    expect(AUDIT_COLUMNS).toEqual(['read_id', 'revision', 'at_utc', 'who', 'action', 'field', 'old_value', 'new_value', 'why']);
    expect(lines(toAuditCsv([]))).toEqual([AUDIT_COLUMNS.join(',')]);
  });

  it.each<[string, Partial<AuditEntry>, string]>([
    ['a change, JSON quoted per RFC 4180', {}, 'read-1,1,2026-12-03T10:00:00.000Z,Reader^Rita,addLesion,lesions.a,,"{""label"":""L1""}",'],
    ['a signature with its meaning', { command: 'sign', path: 'status', oldValue: '"in progress"', newValue: '"signed"', why: 'I read this patient per protocol' }, 'read-1,1,2026-12-03T10:00:00.000Z,Reader^Rita,signed,status,"""in progress""","""signed""",I read this patient per protocol'],
    ['an amendment with its reason, commas kept', { command: 'amend', path: 'status', oldValue: '"signed"', newValue: '"amendment 1 in progress"', why: 'L2, remeasured' }, 'read-1,1,2026-12-03T10:00:00.000Z,Reader^Rita,amended,status,"""signed""","""amendment 1 in progress""","L2, remeasured"'],
    ['an undo', { command: 'restore', reason: 'undo' }, 'read-1,1,2026-12-03T10:00:00.000Z,Reader^Rita,undo,lesions.a,,"{""label"":""L1""}",'],
    ['a gesture, by its name', { command: 'gesture', gesture: 'caliper records L1' }, 'read-1,1,2026-12-03T10:00:00.000Z,Reader^Rita,caliper records L1,lesions.a,,"{""label"":""L1""}",'],
    ['a reason a spreadsheet would run as a formula', { why: '=HYPERLINK("x")' }, `read-1,1,2026-12-03T10:00:00.000Z,Reader^Rita,addLesion,lesions.a,,"{""label"":""L1""}","'=HYPERLINK(""x"")"`],
  ])('writes %s', (_, changes, line) => expect(lines(toAuditCsv([entry(changes)]))[1]).toBe(line));

  it('starts with the byte-order mark spreadsheets need for UTF-8, and keeps the order of the log', () => {
    const csv = toAuditCsv([entry({ revision: 1 }), entry({ revision: 2, reader: 'Léa Müller' })]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines(csv).slice(1).map((line) => line.split(',')[1])).toEqual(['1', '2']);
    expect(csv).toContain('Léa Müller');
  });
});
