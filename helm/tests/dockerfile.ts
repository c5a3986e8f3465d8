/**
 * A small Dockerfile reader, enough for the sync checks in dockerfile.test.ts: instructions with their
 * stage, continuation lines joined, comments dropped, COPY sources split from flags and destination,
 * and .dockerignore matching (Go filepath.Match globs plus `**`, later lines win, `!` re-includes).
 */

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY... */
  keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  args: string;
  /** Index of the build stage (one per FROM) the instruction belongs to. */
  stage: number;
  /** 1-based line the instruction starts on, for failure messages. */
  line: number;
}

export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  let stage = -1;
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (pending === undefined && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (pending !== undefined && trimmed.startsWith('#')) return; // comments inside a continued instruction
    const continued = trimmed.endsWith('\\');
    const part = continued ? trimmed.slice(0, -1).trim() : trimmed;
    pending =
      pending === undefined
        ? { text: part, line: index + 1 }
        : { ...pending, text: `${pending.text} ${part}` };
    if (continued) return;
    const match = /^(\S+)\s*(.*)$/s.exec(pending.text);
    if (match?.[1] !== undefined) {
      const keyword = match[1].toUpperCase();
      if (keyword === 'FROM') stage += 1;
      instructions.push({ keyword, args: match[2] ?? '', stage, line: pending.line });
    }
    pending = undefined;
  });
  return instructions;
}

export interface CopyInstruction {
  /** --from=<stage> when the sources come from another stage rather than the build context. */
  from: string | undefined;
  sources: string[];
  destination: string;
}

/** Splits a COPY (shell or JSON form) into flags, sources and destination. */
export function parseCopy(args: string): CopyInstruction {
  const words = args.trim().startsWith('[') ? (JSON.parse(args) as string[]) : args.trim().split(/\s+/);
  let from: string | undefined;
  const rest: string[] = [];
  for (const word of words) {
    if (word.startsWith('--')) {
      const [flag, value] = word.slice(2).split('=', 2);
      if (flag === 'from') from = value;
    } else {
      rest.push(word);
    }
  }
  const destination = rest.pop() ?? '';
  return { from, sources: rest, destination };
}

/** ENTRYPOINT/CMD in exec (JSON) form; undefined for the shell form, which this image must not use. */
export function parseExecForm(args: string): string[] | undefined {
  if (!args.trim().startsWith('[')) return undefined;
  return JSON.parse(args) as string[];
}

/** Shell commands of a RUN, split on && and ; so each pnpm/npm call can be checked alone. */
export function runCommands(args: string): string[][] {
  return args
    .split(/&&|;|\|\|/)
    .map(command => command.trim().split(/\s+/).filter(Boolean))
    .filter(words => words.length > 0);
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i] ?? '';
    if (char === '*' && pattern[i + 1] === '*') {
      // `**/` matches any number of directories, including none.
      source += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * True when .dockerignore keeps `path` (relative to the context, no leading ./) out of the build context.
 * A path is excluded when it or any parent directory matches, as Docker does.
 */
export function isDockerIgnored(path: string, dockerignore: string): boolean {
  const rules = dockerignore
    .split('\n')
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'))
    .map(line => {
      const negated = line.startsWith('!');
      const pattern = (negated ? line.slice(1) : line).replace(/^\/+|\/+$/g, '').replace(/^\.\//, '');
      return { negated, regexp: globToRegExp(pattern) };
    });
  const parts = path.replace(/^\.\//, '').replace(/\/+$/, '').split('/');
  let ignored = false;
  for (const rule of rules) {
    // A rule matching a parent directory applies to everything below it.
    const matches = parts.some((_, i) => rule.regexp.test(parts.slice(0, i + 1).join('/')));
    if (matches) ignored = !rule.negated;
  }
  return ignored;
}
