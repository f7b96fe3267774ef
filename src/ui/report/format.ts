import type { ReportLesionStatus } from '../../../workers/report/reportModel';
import { formatAxesMm, formatTenthMm } from '../../../workers/domain/lengths';

/** Numbers as the report prints them: rounded only here, from the engine's unrounded values. */

export const DASH = '–';

export function formatLength(value: number | null): string {
  return value === null ? DASH : formatTenthMm(value);
}

export function formatSum(value: number | null, unit: string): string {
  return value === null ? DASH : `${value.toFixed(1)} ${unit}`;
}

/** Signed, one decimal; a change that rounds to zero is shown as 0.0 % (never −0.0 %). */
export function formatPercent(value: number | null): string {
  if (value === null) return DASH;
  const rounded = value.toFixed(1);
  if (Number(rounded) === 0) return '0.0%';
  return `${value > 0 ? '+' : '−'}${rounded.replace('-', '')}%`;
}

export function formatAxes(longAxisMm: number | null, shortAxisMm: number | null): string {
  return longAxisMm === null || shortAxisMm === null ? DASH : formatAxesMm(longAxisMm, shortAxisMm);
}

export const STATUS_TEXT: Readonly<Record<ReportLesionStatus, string>> = {
  present: 'present',
  disappeared: 'disappeared',
  tooSmallToMeasure: 'too small to measure',
  notEvaluated: 'not evaluated',
  unequivocalProgression: 'unequivocal progression',
  split: 'split',
  merged: 'merged',
  notRecorded: 'not recorded',
};

const pad = (value: number) => String(value).padStart(2, '0');

/** An ISO date-time as local time with its offset: "2024-07-12 11:30 (UTC+02:00)"; the input as is when it is not a date. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '−';
  const zone = `UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())} (${zone})`;
}
