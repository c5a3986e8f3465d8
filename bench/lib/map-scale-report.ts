/**
 * The 10,000-object map section of bench/results.md, from bench/out/map-scale.json. map-scale-bench.ts
 * writes it in place and report.ts keeps it (or rewrites it when the json is present), between the markers.
 */
type Json = Record<string, unknown>;
const START = '<!-- map-scale-bench -->';
const END = '<!-- /map-scale-bench -->';

/** Budget (bench/README.md): no long task over this while panning the map of 10,000 Flux objects. */
export const MAP_SCALE_LONG_TASK_MS = 200;

const get = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), o);

export function mapScaleSection(r: Json): string {
  const m = get(r, 'machine') as Json;
  const rows: string[] = [];
  for (const [mode, what] of [
    ['summary', 'summary mode (how the map opens above 3,000 objects: groups collapsed)'],
    ['full', 'every object drawn (`?group=none`)'],
    ['fullFar', 'every object drawn, zoomed out as far as the map goes (40 wheel steps) and panned'],
  ] as const) {
    const f = get(r, mode) as Json | undefined;
    if (!f) continue;
    const run = `${String(get(m, 'date')).slice(0, 16)}Z, load ${String(f['loadStart'])}-${String(f['loadEnd'])}`;
    const longest = f['longestPanTaskMs'];
    const ok = typeof longest === 'number' ? longest <= MAP_SCALE_LONG_TASK_MS : undefined;
    const dom =
      f['nodesFar'] === undefined
        ? `${String(f['nodesInDom'])} nodes in the DOM`
        : `${String(f['nodesFar'])} nodes in the DOM and ${String(f['blocksFar'] ?? 0)} drawn as blocks once zoomed out; while zooming ${String(f['zoomLongTasks'])} long tasks, the longest ${String(f['longestZoomTaskMs'])} ms`;
    rows.push(
      `| Map of ${String(r['fluxObjects'])} Flux objects, ${what}: longest task while panning (${String(f['longTasksWhilePanning'])} long tasks; ${String(f['panFps'])} fps; ${String(f['groups'])} collapsed groups, ${dom}; interactive ${String(f['interactiveMs'])} ms after navigation) | ${String(longest)} ms | ≤ ${MAP_SCALE_LONG_TASK_MS} ms | ${ok === undefined ? '—' : ok ? '**met**' : '**missed**'} | ${run} |`,
    );
  }
  return [
    START,
    '## Map at 10,000 Flux objects',
    '',
    `Command: \`node bench/map-scale-bench.ts\` (synthetic cluster, built server and web, Chromium 1440×900 with software rendering; ${String(get(m, 'nproc'))} cores, ${String(get(m, 'cpu'))}, Node ${String(get(m, 'node'))}, commit ${String(get(m, 'commit'))}).`,
    '',
    '| Figure | Value | Budget | Verdict | Run (UTC, load) |',
    '|---|---|---|---|---|',
    ...rows,
    END,
  ].join('\n');
}

/** results.md with the section replaced (or appended). */
export function spliceMapScaleSection(text: string, section: string): string {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a >= 0 && b > a) return text.slice(0, a) + section + text.slice(b + END.length);
  return `${text.trimEnd()}\n\n${section}\n`;
}

export function currentMapScaleSection(text: string): string | undefined {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  return a >= 0 && b > a ? text.slice(a, b + END.length) : undefined;
}
