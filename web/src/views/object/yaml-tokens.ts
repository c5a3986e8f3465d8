/**
 * Just enough YAML highlighting for the YAML tab: keys, strings, numbers, booleans/null, comments, list
 * dashes. Line by line, no parsing: the text is what the server rendered, so every character is kept (the
 * tokens of a line concatenate to the line).
 */
export type YamlTokenKind = 'key' | 'string' | 'number' | 'literal' | 'comment' | 'punct' | 'plain';

export interface YamlToken {
  kind: YamlTokenKind;
  text: string;
}

const KEY = /^(\s*)(- )?((?:"[^"]*"|'[^']*'|[^\s#'"][^:#]*?)):(?=\s|$)/;
const LITERAL = /^(true|false|null|~|yes|no)$/i;
const NUMBER = /^-?(\d[\d_]*)(\.\d+)?([eE][+-]?\d+)?$/;

function valueTokens(text: string): YamlToken[] {
  if (!text) return [];
  const hash = text.search(/(^|\s)#/);
  const value = hash >= 0 ? text.slice(0, hash) : text;
  const comment = hash >= 0 ? text.slice(hash) : '';
  const trimmed = value.trim();
  const lead = value.slice(0, value.indexOf(trimmed));
  const trail = value.slice(lead.length + trimmed.length);
  let kind: YamlTokenKind = 'plain';
  if (/^["']/.test(trimmed)) kind = 'string';
  else if (NUMBER.test(trimmed)) kind = 'number';
  else if (LITERAL.test(trimmed)) kind = 'literal';
  else if (/^[|>][-+]?$/.test(trimmed)) kind = 'punct';
  else if (trimmed) kind = 'string';
  const out: YamlToken[] = [];
  if (lead) out.push({ kind: 'plain', text: lead });
  if (trimmed) out.push({ kind, text: trimmed });
  if (trail) out.push({ kind: 'plain', text: trail });
  if (comment) out.push({ kind: 'comment', text: comment });
  return out;
}

export function tokenizeYamlLine(line: string): YamlToken[] {
  if (/^\s*#/.test(line)) return [{ kind: 'comment', text: line }];
  const key = KEY.exec(line);
  if (key) {
    const [whole, indent = '', dash, name = ''] = key;
    const out: YamlToken[] = [];
    if (indent) out.push({ kind: 'plain', text: indent });
    if (dash) out.push({ kind: 'punct', text: dash });
    out.push({ kind: 'key', text: name }, { kind: 'punct', text: ':' });
    return [...out, ...valueTokens(line.slice(whole.length))];
  }
  const item = /^(\s*)(- ?)(.*)$/.exec(line);
  if (item) {
    const [, indent = '', dash = '', rest = ''] = item;
    return [
      ...(indent ? [{ kind: 'plain' as const, text: indent }] : []),
      { kind: 'punct', text: dash },
      ...valueTokens(rest),
    ];
  }
  return valueTokens(line);
}
