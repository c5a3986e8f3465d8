/**
 * Go's `time.Time.String()` — `2006-01-02 15:04:05.999999999 -0700 MST` — for an RFC 3339 string in an
 * IANA zone (default UTC), as flux prints metav1.Time in its trace template.
 *
 * Go reads the zone abbreviation from tzdata; we ask Intl in a few English locales (EDT, CEST, BST, IST,
 * AEST, JST), then a small table of tzdata names Intl never gives (KST, CST, HKT, MSK...), and otherwise
 * print the numeric offset (`+04`, `+0530`), which is also what tzdata holds for most unnamed zones.
 */

/** Go's zero time, which a metav1.Time without value prints as. */
export const GO_ZERO_TIME = '0001-01-01 00:00:00 +0000 UTC';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** tzdata abbreviations Intl does not give in any English locale (fixed-offset zones, no DST). */
const TZDATA_NAMES: Record<string, string> = {
  'Asia/Seoul': 'KST',
  'Asia/Shanghai': 'CST',
  'Asia/Taipei': 'CST',
  'Asia/Hong_Kong': 'HKT',
  'Europe/Moscow': 'MSK',
  'Asia/Karachi': 'PKT',
  'Asia/Jakarta': 'WIB',
};

/** Locales whose short zone names match tzdata's letters for their region. */
const LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU', 'ja-JP'];

function abbreviationOf(date: Date, timeZone: string): string | undefined {
  if (TZDATA_NAMES[timeZone]) return TZDATA_NAMES[timeZone];
  for (const locale of LOCALES) {
    const name = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(date)
      .find(p => p.type === 'timeZoneName')?.value;
    if (name && /^[A-Z]{2,5}$/.test(name)) return name;
  }
  return undefined;
}

function zoneParts(
  date: Date,
  timeZone: string,
): { wall: Date; offsetMinutes: number; abbreviation: string } {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC')
    return { wall: date, offsetMinutes: 0, abbreviation: 'UTC' };
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const parts = Object.fromEntries(fmt.formatToParts(date).map(p => [p.type, p.value]));
  const wallMs = Date.UTC(
    Number(parts['year']),
    Number(parts['month']) - 1,
    Number(parts['day']),
    Number(parts['hour']),
    Number(parts['minute']),
    Number(parts['second']),
  );
  const offsetMinutes = Math.round((wallMs - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const numeric = `${sign}${pad(Math.floor(abs / 60))}${abs % 60 ? pad(abs % 60) : ''}`;
  const abbreviation = abbreviationOf(date, timeZone) ?? (offsetMinutes === 0 ? 'UTC' : numeric);
  return { wall: new Date(wallMs), offsetMinutes, abbreviation };
}

/** Go `time.Time.String()` of an RFC 3339 timestamp; the zero time when absent or unparsable. */
export function formatGoTime(iso: string | undefined, timeZone = 'UTC'): string {
  if (!iso) return GO_ZERO_TIME;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return GO_ZERO_TIME;
  const { wall, offsetMinutes, abbreviation } = zoneParts(date, timeZone);
  // Fractional seconds: Go prints them with trailing zeros trimmed, and nothing when zero. Keep the input's digits.
  const frac = /\.(\d+)/.exec(iso)?.[1]?.replace(/0+$/, '') ?? '';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())} ` +
    `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}${frac ? `.${frac}` : ''} ` +
    `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)} ${abbreviation}`
  );
}

/** Go `time.RFC3339` in UTC: `2006-01-02T15:04:05Z` (flux get prints scan and run times this way). */
export function formatRfc3339(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
