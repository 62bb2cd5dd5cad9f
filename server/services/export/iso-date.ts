const DAY = 86_400_000;
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const TWO = Array.from({ length: 60 }, (_, i) => pad(i, 2));
const THREE = Array.from({ length: 1000 }, (_, i) => pad(i, 3));
/** 'YYYY-MM-DDT' of the UTC days seen (an export's dates span a few hundred days at most). */
const days = new Map<number, string>();

/**
 * `new Date(ms).toISOString()`, four times faster: the day's part comes from a small cache, the time of
 * day from arithmetic (toISOString took a quarter of a JSONL export's time, four dates a row).
 */
export function isoUtc(ms: number): string {
  if (!Number.isInteger(ms) || Math.abs(ms) > 8.64e15) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY) * DAY;
  let prefix = days.get(day);
  if (prefix === undefined) {
    const whole = new Date(day).toISOString();
    if (days.size >= 10_000) days.clear();
    days.set(day, (prefix = whole.slice(0, whole.indexOf('T') + 1)));
  }
  let r = ms - day;
  const h = Math.floor(r / 3_600_000);
  r -= h * 3_600_000;
  const m = Math.floor(r / 60_000);
  r -= m * 60_000;
  const sec = Math.floor(r / 1000);
  return `${prefix}${TWO[h]}:${TWO[m]}:${TWO[sec]}.${THREE[r - sec * 1000]}Z`;
}
