/** Deterministic identifiers: the same seed text always gives the same commit, digest or pod suffix. */
import { createHash } from 'node:crypto';

export function hex(seed: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed}#${i}`).digest('hex');
  return out.slice(0, length);
}

const POD_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Like kube's rand.SafeEncodeString suffixes of ReplicaSets (10) and Pods (5). */
export function kubeSuffix(seed: string, length: number): string {
  const h = hex(seed, length * 2);
  let out = '';
  for (let i = 0; i < length; i++)
    out += POD_ALPHABET[parseInt(h.slice(i * 2, i * 2 + 2), 16) % POD_ALPHABET.length];
  return out;
}

export const sha1Revision = (branch: string, seed: string): string => `${branch}@sha1:${hex(seed, 40)}`;
export const sha256Digest = (seed: string): string => `sha256:${hex(seed, 64)}`;
