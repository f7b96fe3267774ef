/**
 * Date shifting for the Retain Longitudinal Temporal Information with Modified Dates Option: every date
 * of a patient moves by the same whole number of days, so intervals between studies (follow-up, SD
 * duration, confirmation) are unchanged. Times of day are kept. A value that is not a valid date
 * cannot be shifted safely and becomes null (the caller empties it): better no date than the real one.
 */

const DAY_MS = 86_400_000;

function shiftYyyymmdd(value: string, offsetDays: number): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const original = new Date(time);
  // reject 20240231 and the like, which Date.UTC would roll over silently
  if (original.getUTCFullYear() !== year || original.getUTCMonth() !== month - 1 || original.getUTCDate() !== day) return null;
  const shifted = new Date(time + offsetDays * DAY_MS);
  const yyyy = shifted.getUTCFullYear();
  if (yyyy < 1 || yyyy > 9999) return null;
  return `${String(yyyy).padStart(4, '0')}${String(shifted.getUTCMonth() + 1).padStart(2, '0')}${String(shifted.getUTCDate()).padStart(2, '0')}`;
}

/** A DA value (one or several, backslash-separated) shifted; null when a part is not a date. Empty stays empty. */
export function shiftDa(value: string, offsetDays: number): string | null {
  if (value.trim() === '') return '';
  const parts = value.split('\\').map((part) => shiftYyyymmdd(part.trim(), offsetDays));
  return parts.every((part) => part !== null) ? parts.join('\\') : null;
}

/**
 * A DT value shifted: its date part moves, the time and UTC offset after it are kept. A DT of a
 * year or a month alone cannot move by days and is refused (null).
 */
export function shiftDt(value: string, offsetDays: number): string | null {
  if (value.trim() === '') return '';
  const parts = value.split('\\').map((part) => {
    const match = /^(\d{8})(.*)$/.exec(part.trim());
    if (!match) return null;
    const date = shiftYyyymmdd(match[1]!, offsetDays);
    return date === null ? null : `${date}${match[2]}`;
  });
  return parts.every((part) => part !== null) ? parts.join('\\') : null;
}
