/**
 * Command-palette matching: every whitespace-separated term must appear in "kind namespace/name"; ranked by
 * where the first term hits (exact name, name prefix, name, elsewhere), and at each of those levels Flux
 * objects first, then workloads (what someone on call looks for), then everything else (ServiceAccounts,
 * ConfigMaps... of the same name).
 */
import type { ObjRef } from '@fluxscope/shared';

export interface Candidate {
  ref: ObjRef;
  flux: boolean;
}

export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'CronJob',
  'Job',
  'Pod',
]);

const tierOf = (c: Candidate): number => (c.flux ? 0 : WORKLOAD_KINDS.has(c.ref.kind) ? 1 : 2);

export interface Match extends Candidate {
  score: number;
}

export function searchObjects(candidates: Iterable<Candidate>, query: string, limit = 50): Match[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [];
  const out: Match[] = [];
  for (const candidate of candidates) {
    const { kind, namespace, name } = candidate.ref;
    const hay = `${kind} ${namespace}/${name}`.toLowerCase();
    if (!terms.every(t => hay.includes(t))) continue;
    const lowerName = name.toLowerCase();
    const first = terms[0]!;
    const level =
      lowerName === first ? 0 : lowerName.startsWith(first) ? 1 : lowerName.includes(first) ? 2 : 3;
    const score = level * 3 + tierOf(candidate);
    out.push({ ...candidate, score });
  }
  out.sort(
    (a, b) =>
      a.score - b.score || a.ref.name.length - b.ref.name.length || a.ref.name.localeCompare(b.ref.name),
  );
  return out.slice(0, limit);
}
