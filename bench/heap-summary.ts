/**
 * Developer tool: where a V8 heap snapshot's bytes are, by node type and constructor (self size), the most
 * repeated strings, and with two snapshots the difference between them (second minus first).
 *   node bench/heap-summary.ts a.heapsnapshot [b.heapsnapshot] [--top 40]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] }; node_count: number };
  nodes: number[];
  strings: string[];
}

interface Summary {
  total: number;
  /** "type name" → [count, self bytes] */
  groups: Map<string, [number, number]>;
  /** string value → [count, self bytes] */
  strings: Map<string, [number, number]>;
}

function summarize(path: string): Summary {
  const snap = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const f = snap.snapshot.meta.node_fields;
  const width = f.length;
  const [iType, iName, iSize] = [f.indexOf('type'), f.indexOf('name'), f.indexOf('self_size')];
  const types = snap.snapshot.meta.node_types[0];
  const groups = new Map<string, [number, number]>();
  const strings = new Map<string, [number, number]>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]!]!;
    const name = snap.strings[snap.nodes[i + iName]!]!;
    const size = snap.nodes[i + iSize]!;
    total += size;
    const isString = type === 'string' || type === 'concatenated string' || type === 'sliced string';
    const key = isString ? type : `${type} ${name.slice(0, 80)}`;
    const g = groups.get(key) ?? [0, 0];
    g[0]++;
    g[1] += size;
    groups.set(key, g);
    if (type === 'string') {
      const s = strings.get(name) ?? [0, 0];
      s[0]++;
      s[1] += size;
      strings.set(name, s);
    }
  }
  return { total, groups, strings };
}

const MB = (n: number): string => (n / 1024 / 1024).toFixed(2);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '40' } },
});
const top = Number(values.top);
const [a, b] = positionals.map(summarize);
if (!a) throw new Error('usage: heap-summary.ts a.heapsnapshot [b.heapsnapshot]');
if (!b) {
  console.log(`total self size ${MB(a.total)} MB`);
  for (const [k, [n, s]] of [...a.groups].sort((x, y) => y[1][1] - x[1][1]).slice(0, top))
    console.log(`${MB(s).padStart(8)} MB ${String(n).padStart(9)}  ${k}`);
  console.log('--- strings with the most bytes in copies (count, bytes)');
  for (const [k, [n, s]] of [...a.strings]
    .filter(([, [n]]) => n > 1)
    .sort((x, y) => y[1][1] - x[1][1])
    .slice(0, top))
    console.log(`${MB(s).padStart(8)} MB ${String(n).padStart(9)}  ${JSON.stringify(k.slice(0, 80))}`);
} else {
  console.log(`total self size ${MB(a.total)} → ${MB(b.total)} MB (${MB(b.total - a.total)})`);
  const keys = new Set([...a.groups.keys(), ...b.groups.keys()]);
  const rows = [...keys].map(k => {
    const [na, sa] = a.groups.get(k) ?? [0, 0];
    const [nb, sb] = b.groups.get(k) ?? [0, 0];
    return { k, dn: nb - na, ds: sb - sa, sb, nb };
  });
  for (const r of rows.sort((x, y) => Math.abs(y.ds) - Math.abs(x.ds)).slice(0, top))
    console.log(
      `${MB(r.ds).padStart(8)} MB ${String(r.dn).padStart(9)}  (now ${MB(r.sb)} MB, ${r.nb})  ${r.k}`,
    );
  console.log('--- strings: most added bytes (count change, bytes change)');
  const skeys = new Set([...a.strings.keys(), ...b.strings.keys()]);
  const srows = [...skeys].map(k => {
    const [na, sa] = a.strings.get(k) ?? [0, 0];
    const [nb, sb] = b.strings.get(k) ?? [0, 0];
    return { k, dn: nb - na, ds: sb - sa, nb };
  });
  for (const r of srows.sort((x, y) => y.ds - x.ds).slice(0, top))
    console.log(
      `${MB(r.ds).padStart(8)} MB ${String(r.dn).padStart(9)} (now ${r.nb})  ${JSON.stringify(r.k.slice(0, 80))}`,
    );
}
