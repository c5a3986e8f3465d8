import { type TLiteral, type TUnion, Type } from '@sinclair/typebox';

type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };

/** A union of string literals from a word list (`as const`), so a vocabulary is written once. */
export function literals<const T extends readonly string[]>(words: T): TUnion<Literals<T>> {
  return Type.Union(words.map(w => Type.Literal(w))) as unknown as TUnion<Literals<T>>;
}
