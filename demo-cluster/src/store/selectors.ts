/**
 * Label and field selectors as kube-apiserver parses them: labels `a=b`, `a==b`, `a!=b`, `a`, `!a`,
 * `a in (x,y)`, `a notin (x)`; fields `path=value`, `path==value`, `path!=value` over dotted paths
 * (metadata.name, metadata.namespace, involvedObject.kind, status.phase, ...).
 */
import type { KubeObject } from './store.js';

export type Matcher = (obj: KubeObject) => boolean;

export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms.map(t => t.trim()).filter(t => t !== '');
}

function labelTerm(term: string): Matcher {
  const set = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set) {
    const [, key = '', op, values = ''] = set;
    const allowed = new Set(values.split(',').map(v => v.trim()));
    return op === 'in'
      ? o => allowed.has(o.metadata.labels?.[key] ?? '\u0000')
      : o => !allowed.has(o.metadata.labels?.[key] ?? '\u0000');
  }
  const cmp = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (cmp) {
    const [, key = '', op, value = ''] = cmp;
    return op === '!=' ? o => o.metadata.labels?.[key] !== value : o => o.metadata.labels?.[key] === value;
  }
  const not = /^!\s*([^\s!=]+)$/.exec(term);
  if (not) {
    const key = not[1] as string;
    return o => o.metadata.labels?.[key] === undefined;
  }
  if (/^[^\s!=(),]+$/.test(term)) return o => o.metadata.labels?.[term] !== undefined;
  throw new SelectorError(`unable to parse requirement: ${term}`);
}

function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'string' ? cur : String(cur);
}

function fieldTerm(term: string): Matcher {
  const cmp = /^([^\s!=]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
  if (!cmp) throw new SelectorError(`invalid selector: '${term}'; can't understand '${term}'`);
  const [, path = '', op, value = ''] = cmp;
  return op === '!=' ? o => fieldValue(o, path) !== value : o => fieldValue(o, path) === value;
}

function combine(matchers: Matcher[]): Matcher | undefined {
  if (matchers.length === 0) return undefined;
  return o => matchers.every(m => m(o));
}

export function parseLabelSelector(selector: string | null | undefined): Matcher | undefined {
  return selector ? combine(splitTerms(selector).map(labelTerm)) : undefined;
}

export function parseFieldSelector(selector: string | null | undefined): Matcher | undefined {
  return selector ? combine(splitTerms(selector).map(fieldTerm)) : undefined;
}
