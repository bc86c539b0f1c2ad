// Message parameterization: values that differ between occurrences of the same
// problem (ids, addresses, times, numbers) are replaced by `<kind>` so that the
// messages group. The kinds are tried in a fixed order at each position of the
// text, left to right, and the first kind that matches there wins; the order
// is the reference's and decides, for example, that a UUID is not read as
// several hex runs.

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const WEEKDAY = '(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat)';
const WEEKDAY_FULL_OR_SHORT = '(?:Sun|Sunday|Mon|Monday|Tue|Tuesday|Wed|Wednesday|Thu|Thursday|Fri|Friday|Sat|Saturday)';
const ZONE = '(?:UT|GMT|(?:E|C|M|P)(?:ST|DT)|[A-IK-Z])';
const NUMERIC_ZONE = '[-+]\\d{2}[0-5]\\d';
const IPV4_OCTET = '(?:25[0-5]|(?:2[0-4]|1?[0-9])?[0-9])';
const IPV4 = `(?:${IPV4_OCTET}\\.){3}${IPV4_OCTET}`;
const H16 = '[0-9a-fA-F]{1,4}';

// The hundred most common top-level domains; a hostname ends in one of them,
// written either all in lower case or all in upper case.
export const TOP_LEVEL_DOMAINS = (
  'com net org jp de uk fr br it ru es me gov pl ca au cn co in nl edu info eu ch id at kr cz mx be tv se tr tw al ua ir vn ' +
  'cl sk ly cc to no fi us pt dk ar hu tk gr il news ro my biz ie za nz sg ee th io xyz pe bg hk rs lt link ph club si site ' +
  'mobi by cat wiki la ga xxx cf hr ng jobs online kz ug gq ae is lv pro fm tips ms sa app'
).split(' ');

const IPV6_FORMS = [
  `(?:${H16}:){7}${H16}`,
  `(?:${H16}:){1,7}:`,
  `(?:${H16}:){1,6}:${H16}`,
  `(?:${H16}:){1,5}(?::${H16}){1,2}`,
  `(?:${H16}:){1,4}(?::${H16}){1,3}`,
  `(?:${H16}:){1,3}(?::${H16}){1,4}`,
  `(?:${H16}:){1,2}(?::${H16}){1,5}`,
  `${H16}:(?:(?::${H16}){1,6})`,
  `:(?:(?::${H16}){1,7}|:)`,
  'fe80:(?::[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]+',
  `::(?:ffff(?::0{1,4})?:)?${IPV4}`,
  `(?:${H16}:){1,4}:${IPV4}\\b`,
];

export const DATE_FORMS = [
  // RFC 822 / 1123
  `${WEEKDAY},\\s\\d{1,2}\\s${MONTH}\\s\\d{2,4}\\s\\d{1,2}:\\d{1,2}(?::\\d{1,2})?\\s(?:${NUMERIC_ZONE}|${ZONE})`,
  // "Mon Jan 02, 1999", "Jan 02, 1999"
  `(?:${WEEKDAY}\\s)?${MONTH}\\s[0-3]\\d,\\s\\d{2,4}`,
  // RFC 850
  `${WEEKDAY_FULL_OR_SHORT},\\s\\d{2}-${MONTH}-\\d{2}\\s\\d{2}:\\d{2}:\\d{2}\\s${ZONE}`,
  // RFC 3339 (with nanoseconds)
  '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z?(?:[+-]?\\d{2}:\\d{2})?',
  // JavaScript's Date#toString
  `${WEEKDAY}\\s${MONTH}\\s\\d{2}\\s\\d{4}\\s\\d{2}:\\d{2}:\\d{2}\\sGMT[+-]\\d{4}(?:\\s\\([^)]+\\))?`,
  // datetimes with an offset or Z, before plain ones so the offset is not left behind as an int
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d:?[0-5]\\d\\.\\d+(?:[+-][0-2]\\d:?[0-5]\\d|Z)',
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d:?[0-5]\\d(?:[+-][0-2]\\d:?[0-5]\\d|Z)',
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d(?:[+-][0-2]\\d:?[0-5]\\d|Z)',
  // plain datetimes
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d:?[0-5]\\d\\.\\d+',
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d:?[0-5]\\d',
  '\\d{4}-?[01]\\d-?[0-3]\\d[\\sT][0-2]\\d:?[0-5]\\d',
  // kitchen time, 12 h then 24 h: at most two digits per field, seconds taken whole
  '(?<!\\d)(?:[1-9]|1[0-2]):[0-5]\\d(?::[0-5]\\d)?(?![\\d:])(?:\\s?[aApP][Mm])?',
  '(?<!\\d)(?:0?\\d|1\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?(?![\\d:])',
  // date, time
  '\\d{4}-[01]\\d-[0-3]\\d',
  '[0-2]\\d:[0-5]\\d:[0-5]\\d',
  // older forms kept by the reference
  `\\b(?:${WEEKDAY}\\s+)?${MONTH}\\s+\\d{1,2}\\s+\\d{2}:\\d{2}:\\d{2}\\s+\\d{4}`,
  `\\b(?:${WEEKDAY},\\s+)?(?:0[1-9]|[1-2]?\\d|3[01])\\s+${MONTH}\\s+(?:19\\d{2}|[2-9]\\d{3})\\s+(?:2[0-3]|[0-1]\\d):[0-5]\\d(?::(?:60|[0-5]\\d))?\\s+(?:${NUMERIC_ZONE}|${ZONE})`,
];
// Python's repr of a datetime. Its dots are the reference's unescaped `.`, which
// in Python matches anything but a newline.
export const DATETIME_REPR = 'datetime[^\\n]datetime\\([^\\n]*?\\)';

/** The kinds, in the order they are tried, each with its pattern (and an optional `=` guard). */
export const PARAMETER_KINDS: ReadonlyArray<{ readonly name: string; readonly pattern: string; readonly afterEquals?: true }> = [
  { name: 'email', pattern: "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*" },
  { name: 'url', pattern: '\\b(?:wss?|https?|ftp)://[^\\s/$.?#][^\\n][^\\s]*' },
  {
    name: 'hostname',
    pattern: `\\b(?:[a-zA-Z0-9-]{1,63}\\.)+?(?:(?:${TOP_LEVEL_DOMAINS.map((tld) => tld.toUpperCase()).join('|')})|(?:${TOP_LEVEL_DOMAINS.join('|')}))\\b`,
  },
  // IPv6 may not start inside a word and may not run into one (`Foo::bar()` is not an address).
  { name: 'ip', pattern: `(?<![0-9a-zA-Z_])(?:${IPV6_FORMS.join('|')})(?![0-9a-zA-Z])|\\b${IPV4}\\b` },
  { name: 'traceparent', pattern: '\\b00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]\\b|\\b1-[0-9a-f]{8}-[0-9a-f]{24}\\b' },
  { name: 'uuid', pattern: '\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b' },
  { name: 'sha1', pattern: '\\b[0-9a-fA-F]{40}\\b' },
  { name: 'md5', pattern: '\\b[0-9a-fA-F]{32}\\b' },
  { name: 'date', pattern: [...DATE_FORMS, DATETIME_REPR].join('|') },
  // `12ms` needs a word start, `1.5s` a word end (the reference's asymmetry).
  { name: 'duration', pattern: '\\b\\d+ms|\\d+(?:\\.\\d+)?s\\b' },
  { name: 'swift_txn_id', pattern: '\\btx[0-9a-f]{21}-[0-9a-f]{10}\\S*' },
  {
    // 0x-prefixed; or, unprefixed and in one case, 4–6 chars mixing digits and
    // letters (7 are git SHAs) or 8–128 chars of anything hex. A leading minus
    // belongs to the value unless it joins two words.
    name: 'hex',
    pattern:
      '\\b0[xX][0-9a-fA-F]+\\b|(?:\\b|(?<!\\w)-)(?:(?=[a-f]*[0-9])(?=[0-9]*[a-f])[0-9a-f]{4,6}|(?=[A-F]*[0-9])(?=[0-9]*[A-F])[0-9A-F]{4,6}|[0-9a-f]{8,128}|[0-9A-F]{8,128})\\b',
  },
  { name: 'git_sha', pattern: '\\b(?=[a-f]*[0-9])(?=[0-9]*[a-f])[0-9a-f]{7}\\b' },
  { name: 'float', pattern: '-\\d+\\.\\d+\\b|\\b\\d+\\.\\d+\\b' },
  // Eight digits and more are hex.
  { name: 'int', pattern: '(?:\\b|(?<!\\w)-)\\d{1,7}\\b' },
  { name: 'quoted_str', pattern: `'[^']+'|"[^"]+"`, afterEquals: true },
  { name: 'bool', pattern: 'True|true|False|false', afterEquals: true },
];
