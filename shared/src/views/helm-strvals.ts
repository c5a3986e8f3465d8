/**
 * Helm's `--set` parser (helm.sh/helm/v4/pkg/strvals), which helm-controller uses to write a `valuesFrom`
 * entry's value at its `targetPath`: `a.b[1].c=value`, `\.` escapes a dot, `{x,y}` is a list, a comma
 * starts another assignment, and in the typed mode true/false/null and integers are converted. Writes in
 * place into the tree (maps and lists found on the path are reused, as Go's are), tagging what it sets.
 */
import {
  type Scalar,
  type VList,
  type VMap,
  type VNode,
  goType,
  leaf,
  replaced,
  vlist,
  vmap,
} from './helm-values-tree.js';

const MAX_INDEX = 65536;
const MAX_NESTED_NAME_LEVEL = 30;
const EOF = Symbol('EOF');

class Scanner {
  private pos = 0;
  private readonly runes: string[];
  constructor(text: string) {
    this.runes = [...text];
  }
  read(): string | typeof EOF {
    return this.pos < this.runes.length ? this.runes[this.pos++]! : EOF;
  }
  unread(): void {
    this.pos--;
  }
}

/** Reads until a stop rune (consumed) or the end; a backslash takes the next rune literally. */
function runesUntil(sc: Scanner, stop: string): { v: string; last: string | typeof EOF } {
  let v = '';
  for (;;) {
    const r = sc.read();
    if (r === EOF) return { v, last: EOF };
    if (stop.includes(r)) return { v, last: r };
    if (r === '\\') {
      const next = sc.read();
      if (next === EOF) return { v, last: EOF };
      v += next;
    } else v += r;
  }
}

/** strvals.typedVal: in the typed mode true/false/null and decimal integers not starting with 0 convert. */
export function typedVal(val: string, asString: boolean): Scalar {
  if (asString) return val;
  const lower = val.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (val === '0') return 0;
  if (val.length > 0 && val[0] !== '0' && /^[+-]?\d+$/.test(val)) {
    const n = BigInt(val);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return Number.isSafeInteger(Number(n)) ? Number(n) : n;
  }
  return val;
}

class ParseError extends Error {}

/** Reads one value into a node; the Secret placeholder ignores the text it is given. */
export type ValueReader = (text: string) => VNode;

class Parser {
  constructor(
    private readonly sc: Scanner,
    private readonly reader: ValueReader,
    private readonly src: number,
  ) {}

  parse(data: VMap): void {
    for (;;) {
      const r = this.keyRecovering(data, 0);
      if (r === EOF) return;
    }
  }

  private set(data: VMap, key: string, value: VNode): void {
    if (key === '') return;
    replaced(data.entries.get(key), value);
    data.entries.set(key, value);
  }

  /** Go recovers panics (bad type assertions) in key() into "unable to parse key: ...". */
  private keyRecovering(data: VMap, level: number): typeof EOF | undefined {
    try {
      return this.key(data, level);
    } catch (err) {
      if (err instanceof ParseError) throw err;
      throw new ParseError(`unable to parse key: ${(err as Error).message}`);
    }
  }

  private key(data: VMap, level: number): typeof EOF | undefined {
    const { v: k, last } = runesUntil(this.sc, '=[,.');
    if (last === EOF) {
      if (k.length === 0) return EOF;
      throw new ParseError(`key "${k}" has no value`);
    }
    if (last === '[') {
      const i = this.keyIndex();
      let list: VList = vlist(this.src);
      const existing = data.entries.get(k);
      if (data.entries.has(k)) {
        if (existing?.kind !== 'list')
          throw new Error(`interface conversion: interface {} is ${goType(existing)}, not []interface {}`);
        list = existing;
      }
      const { list: out, eof } = this.listItem(list, i, level);
      this.set(data, k, out);
      return eof ? EOF : undefined;
    }
    if (last === '=') {
      const vl = this.valList();
      if (vl === EOF) {
        this.set(data, k, leaf('', this.src));
        return EOF;
      }
      if (vl !== undefined) {
        this.set(data, k, vl);
        return undefined;
      }
      // Go returns the reader's (nil) error here even at the end of input: the next key() sees the end.
      this.set(data, k, this.reader(runesUntil(this.sc, ',').v));
      return undefined;
    }
    if (last === ',') {
      this.set(data, k, leaf('', this.src));
      throw new ParseError(`key "${k}" has no value (cannot end with ,)`);
    }
    // '.': a nested map, the existing one when there is one (written in place).
    if (level + 1 > MAX_NESTED_NAME_LEVEL)
      throw new ParseError(
        `value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`,
      );
    let inner = vmap(this.src);
    if (data.entries.has(k)) {
      const existing = data.entries.get(k);
      if (existing?.kind !== 'map')
        throw new Error(
          `interface conversion: interface {} is ${goType(existing)}, not map[string]interface {}`,
        );
      inner = existing;
    }
    const r = this.key(inner, level + 1);
    if (r === undefined && inner.entries.size === 0) throw new ParseError(`key map "${k}" has no value`);
    if (inner.entries.size !== 0 && data.entries.get(k) !== inner) this.set(data, k, inner);
    return r;
  }

  private keyIndex(): number {
    const { v, last } = runesUntil(this.sc, ']');
    if (last === EOF) throw new ParseError('error parsing index: EOF');
    if (!/^[+-]?\d+$/.test(v))
      throw new ParseError(`error parsing index: strconv.Atoi: parsing "${v}": invalid syntax`);
    return Number(v);
  }

  private setIndex(list: VList, index: number, value: VNode): VList {
    if (index < 0) throw new ParseError(`negative ${index} index not allowed`);
    if (index > MAX_INDEX)
      throw new ParseError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
    let out = list;
    // Go grows a slice by copying it into a new one; in range, it writes in place.
    if (list.items.length <= index) {
      out = vlist(list.src, [...list.items]);
      out.overrode = list.overrode;
      while (out.items.length <= index) out.items.push(undefined);
    }
    replaced(out.items[index], value);
    out.items[index] = value;
    return out;
  }

  private listItem(list: VList, i: number, level: number): { list: VList; eof: boolean } {
    if (i < 0) throw new ParseError(`negative ${i} index not allowed`);
    const { v: k, last } = runesUntil(this.sc, '[.=');
    if (k.length > 0) throw new ParseError(`unexpected data at end of array index: "${k}"`);
    // `eof` is Go's io.EOF error: it ends the parse quietly, and the callers up the path skip their write.
    if (last === EOF) return { list, eof: true };
    if (last === '=') {
      const vl = this.valList();
      if (vl === EOF) return { list: this.setIndex(list, i, leaf('', this.src)), eof: false };
      if (vl !== undefined) return { list: this.setIndex(list, i, vl), eof: false };
      return { list: this.setIndex(list, i, this.reader(runesUntil(this.sc, ',').v)), eof: false };
    }
    if (last === '[') {
      const next = this.keyIndex();
      let current = vlist(this.src);
      const existed = list.items[i];
      if (list.items.length > i && existed && !(existed.kind === 'leaf' && existed.value === null)) {
        if (existed.kind !== 'list')
          throw new Error(`interface conversion: interface {} is ${goType(existed)}, not []interface {}`);
        current = existed;
      }
      const inner = this.listItem(current, next, level);
      // Go returns the list untouched when the inner item ended the input early (`a[0][1]=`).
      if (inner.eof) return { list, eof: true };
      return { list: this.setIndex(list, i, inner.list), eof: false };
    }
    // '.': a map inside the list.
    let inner = vmap(this.src);
    if (list.items.length > i) {
      const existing = list.items[i];
      if (existing?.kind === 'map') inner = existing;
      else list.items[i] = inner;
    }
    if (this.key(inner, level) === EOF) return { list, eof: true };
    return { list: this.setIndex(list, i, inner), eof: false };
  }

  /** `{a,b}`: a list; undefined when the value is not one; EOF at the end of input. */
  private valList(): VList | undefined | typeof EOF {
    const r = this.sc.read();
    if (r === EOF) return EOF;
    if (r !== '{') {
      this.sc.unread();
      return undefined;
    }
    const list = vlist(this.src);
    for (;;) {
      const { v, last } = runesUntil(this.sc, ',}');
      if (last === EOF) throw new ParseError("list must terminate with '}'");
      if (last === '}') {
        const next = this.sc.read();
        if (next !== EOF && next !== ',') this.sc.unread();
        list.items.push(this.reader(v));
        return list;
      }
      list.items.push(this.reader(v));
    }
  }
}

/** strvals.ParseInto (typed) or ParseIntoString (asString): applies `line` to `dest` in place. */
export function parseInto(line: string, dest: VMap, src: number, reader: ValueReader): void {
  new Parser(new Scanner(line), reader, src).parse(dest);
}

export const typedReader =
  (src: number, asString: boolean): ValueReader =>
  text =>
    leaf(typedVal(text, asString), src);
