/**
 * Command-palette matching: every whitespace-separated term must appear in "kind namespace/name"; ranked by
 * where the first term hits (exact name, name prefix, name, elsewhere), Flux objects before the rest.
 */
import type { ObjRef } from '@fluxscope/shared';

export interface Candidate {
  ref: ObjRef;
  flux: boolean;
}

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
    let score = lowerName === first ? 0 : lowerName.startsWith(first) ? 1 : lowerName.includes(first) ? 2 : 3;
    if (!candidate.flux) score += 4;
    out.push({ ...candidate, score });
  }
  out.sort(
    (a, b) =>
      a.score - b.score || a.ref.name.length - b.ref.name.length || a.ref.name.localeCompare(b.ref.name),
  );
  return out.slice(0, limit);
}
