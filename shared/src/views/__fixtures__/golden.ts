/** Reads a text golden from shared/src/text/__golden__. */
import { readFileSync } from 'node:fs';

export function golden(name: string): string {
  return readFileSync(new URL(`../../text/__golden__/${name}`, import.meta.url), 'utf8');
}
