/** Reads a text golden from this folder. */
import { readFileSync } from 'node:fs';

export function golden(name: string): string {
  return readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
}
