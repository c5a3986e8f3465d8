/** Property: the inventory id parser never fails in any way but its own clear error, whatever it is fed. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InventoryIdError, formatInventoryId, parseInventoryId } from './ids.js';

/** Strings built from the characters that matter to the format (underscores, colons) plus anything else. */
const idLike = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc
    .array(
      fc.constantFrom('_', '__', ':', 'a', 'B', '.', '-', '', 'ns', 'apps', 'Deployment', '\u0000', 'é'),
      {
        maxLength: 12,
      },
    )
    .map(parts => parts.join('')),
);

describe('parseInventoryId over generated strings', () => {
  it('returns a ref or throws InventoryIdError with the id in its message, nothing else', () => {
    fc.assert(
      fc.property(idLike, id => {
        try {
          const ref = parseInventoryId(id);
          expect(typeof ref.name).toBe('string');
          expect(ref.name.length).toBeGreaterThan(0);
          expect(ref.kind.length).toBeGreaterThan(0);
          // Whatever parses prints back to an id that parses to the same ref.
          expect(parseInventoryId(formatInventoryId(ref))).toEqual(ref);
        } catch (err) {
          expect(err).toBeInstanceOf(InventoryIdError);
          expect((err as Error).message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
