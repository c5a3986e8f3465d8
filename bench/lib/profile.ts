/** V8 CPU profiles (inspector Profiler.stop, node --cpu-prof) summed by function, for the profiling tools. */
export interface Profile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

export function topSelf(profile: Profile, n = 25): string[] {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFn = new Map<string, number>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').slice(-3).join('/')}:${f.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + (self.get(node.id) ?? 0));
  }
  const total = [...byFn.values()].reduce((a, b) => a + b, 0);
  return [...byFn]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([fn, us]) =>
        `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${fn}`,
    );
}
