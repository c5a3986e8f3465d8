/**
 * flux's `printers.TablePrinter` (olekukonko/tablewriter v0.0.5 with no borders, NoWhiteSpace and "\t"
 * padding): headers uppercased; each cell left-aligned and space-padded to its column's display width, then
 * a tab — except the last header cell, which gets a space. Cells holding newlines span several lines, the
 * missing lines of other cells printed as two spaces padded to width, as tablewriter does.
 */

/** East Asian wide and fullwidth ranges (go-runewidth counts them as 2 columns); enough for names and messages. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s.replace(ANSI, '')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0 || (cp < 32 && cp !== 9) || (cp >= 0x7f && cp < 0xa0)) continue;
    if ((cp >= 0x300 && cp <= 0x36f) || cp === 0x200b) continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

const padRight = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - displayWidth(s)));

/** tablewriter.Title: `_` to space, `.` between non-digits to space, trimmed, upper-cased. */
function title(name: string): string {
  const chars = [...name];
  const numOrSpace = (c: string | undefined) => c !== undefined && /[0-9 ]/.test(c);
  const out = chars.map((c, i) => {
    if (c === '_') return ' ';
    if (
      c === '.' &&
      ((i !== 0 && !numOrSpace(chars[i - 1])) || (i !== chars.length - 1 && !numOrSpace(chars[i + 1])))
    ) {
      return ' ';
    }
    return c;
  });
  const trimmed = out.join('').trim();
  return (trimmed === '' && name.length > 0 ? ' ' : trimmed).toUpperCase();
}

/** Renders header + rows exactly as flux prints a table (each line ends with "\n"). */
export function renderTable(header: string[], rows: string[][]): string {
  const heads = header.map(title);
  const cells = rows.map(row => row.map(cell => cell.split('\n')));
  const widths = heads.map(h => displayWidth(h));
  for (const row of cells) {
    row.forEach((lines, col) => {
      for (const line of lines) widths[col] = Math.max(widths[col] ?? 0, displayWidth(line));
    });
  }
  let out = '';
  heads.forEach((h, col) => {
    out += padRight(h, widths[col] ?? 0) + (col === heads.length - 1 ? ' ' : '\t');
  });
  out += '\n';
  for (const row of cells) {
    const height = Math.max(1, ...row.map(lines => lines.length));
    for (let line = 0; line < height; line++) {
      row.forEach((lines, col) => {
        out += `${padRight(lines[line] ?? '  ', widths[col] ?? 0)}\t`;
      });
      out += '\n';
    }
  }
  return out;
}
