/**
 * One copy of each repeated value in stored objects. Every object the server stores comes out of its own
 * JSON.parse, so 10,000 Pods carry 10,000 copies of their namespace, kind, image, node name and health
 * message; a stored object points at one shared copy instead. Shared sub-objects (health, replica counts,
 * rollout, image lists) are frozen, so a caller that tried to change one in place would throw instead of
 * changing every object that shares it.
 *
 * Both tables are bounded: when one is full it starts over, which costs sharing, never correctness.
 */

const MAX_ENTRIES = 50_000;
/** Longer strings are rarely repeated and would pin their memory in the table. */
const MAX_STRING = 300;

export class Interner {
  private strings = new Map<string, string>();
  private values = new Map<string, unknown>();

  /** The shared copy of `s`. */
  str(s: string): string {
    if (s.length > MAX_STRING) return s;
    const hit = this.strings.get(s);
    if (hit !== undefined) return hit;
    if (this.strings.size >= MAX_ENTRIES) this.strings = new Map();
    this.strings.set(s, s);
    return s;
  }

  /** `s` shared, or undefined kept undefined. */
  opt(s: string | undefined): string | undefined {
    return s === undefined ? undefined : this.str(s);
  }

  /**
   * A shared, frozen copy of a small plain JSON value (objects, arrays, strings, numbers, booleans) equal to
   * `value`, keyed by its JSON. For values that repeat across objects: health, replica counts, image lists.
   */
  value<T>(value: T): T {
    const key = JSON.stringify(value);
    if (key.length > MAX_STRING * 2) return this.deep(value);
    const hit = this.values.get(key);
    if (hit !== undefined) return hit as T;
    if (this.values.size >= MAX_ENTRIES) this.values = new Map();
    const shared = freezeDeep(this.deep(value));
    this.values.set(key, shared);
    return shared;
  }

  /** `value` with every string in it shared (in place: for objects this module's callers just built). */
  deep<T>(value: T): T {
    if (typeof value === 'string') return this.str(value) as T;
    if (Object.isFrozen(value)) return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.deep(value[i]);
      return value;
    }
    if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      for (const k of Object.keys(o)) o[k] = this.deep(o[k]);
    }
    return value;
  }
}

function freezeDeep<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) freezeDeep(v);
    Object.freeze(value);
  }
  return value;
}
