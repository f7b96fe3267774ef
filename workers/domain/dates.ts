const MS_PER_DAY = 86_400_000;

/**
 * 'YYYY-MM-DD' → days since 1970-01-01 (UTC), or null when the text is not a real calendar
 * date (2024-02-30). G-4 counts calendar days as date − date, so UTC avoids DST shifts.
 */
export function dayNumber(isoDate: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  const valid = check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
  return valid ? Math.round(time / MS_PER_DAY) : null;
}
