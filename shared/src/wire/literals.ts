import { type TUnsafe, Type } from '@sinclair/typebox';

/**
 * A string from a word list (`as const`), so a vocabulary is written once. JSON Schema `enum` rather than a
 * union of literals: the server's serializer writes an enum as a plain string, while a union (anyOf) costs it
 * a validation per value, 3-4 times the time for state words across a snapshot or a large tree.
 */
export function literals<const T extends readonly string[]>(words: T): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>(Type.String({ enum: [...words] }));
}
