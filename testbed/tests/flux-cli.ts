/**
 * The real flux CLI (testbed/build.sh --tools builds it from the same Flux release as the controllers) next
 * to Fluxscope's `?format=text` answers: run both against the test bed, mask only what is a relative age, and
 * compare byte for byte.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, sleep } from './support.js';

const run = promisify(execFile);

/** The flux binary's folder (builds it on first use, a minute or two from a warm Go cache). */
export async function fluxBinary(): Promise<string> {
  const { stdout } = await run('bash', [join(ROOT, 'testbed/build.sh'), '--tools'], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return join(stdout.trim().split('\n').pop() ?? '', 'flux');
}

export interface FluxResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs `flux ARGS --kubeconfig K` in UTC (trace prints times in local time). */
export async function flux(bin: string, kubeconfig: string, args: string[]): Promise<FluxResult> {
  try {
    const { stdout, stderr } = await run(bin, [...args, '--kubeconfig', kubeconfig], {
      env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: e.code ?? 1 };
  }
}

/** A relative age as apimachinery's HumanDuration prints it, alone or as `flux events` repeats it. */
const AGE =
  /^(?:<unknown>|<invalid>|\d+[smhdy](?:\d+[smhdy])?)(?: \(x\d+ over (?:<unknown>|\d+[smhdy](?:\d+[smhdy])?)\))?$/;

/**
 * Masks the cells of column `column` (0-based, cells end with a tab in flux's table printer) that are ages.
 * Only that column changes; every other byte, padding included, is compared as printed.
 */
export function maskAgeColumn(text: string, column: number): string {
  return text
    .split('\n')
    .map((line, i) => {
      if (i === 0) return line; // the header
      const cells = line.split('\t');
      const cell = cells[column];
      if (cell !== undefined && AGE.test(cell.trim())) cells[column] = '<age>';
      return cells.join('\t');
    })
    .join('\n');
}

/** A line diff small enough to read in a test failure: the first differing lines with context. */
export function lineDiff(expected: string, actual: string, context = 3): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  let first = 0;
  while (first < a.length && first < b.length && a[first] === b[first]) first++;
  if (first === a.length && first === b.length) return '';
  let ea = a.length - 1;
  let eb = b.length - 1;
  while (ea > first && eb > first && a[ea] === b[eb]) {
    ea--;
    eb--;
  }
  const from = Math.max(0, first - context);
  const show = (l: string) => JSON.stringify(l).slice(1, -1);
  const out = [`@@ line ${first + 1} (flux: -, Fluxscope: +)`];
  for (let i = from; i < first; i++) out.push(`  ${show(a[i] ?? '')}`);
  for (let i = first; i <= ea && i < first + 40; i++) out.push(`- ${show(a[i] ?? '')}`);
  for (let i = first; i <= eb && i < first + 40; i++) out.push(`+ ${show(b[i] ?? '')}`);
  return out.join('\n');
}

export interface Comparison {
  /** What is compared, for the failure message. */
  what: string;
  /** flux's arguments (without --kubeconfig). */
  args: string[];
  /** Fluxscope's path answering with the same text. */
  path: string;
  /** The column (0-based) holding relative ages, masked on both sides. */
  ageColumn?: number;
}

/**
 * Runs flux and Fluxscope until both print the same text (masked), or throws with the last diff. The cluster
 * is live (controllers reconcile every minute, Events arrive), so a difference is retried a few times: the
 * watch reaches Fluxscope within a second, and two runs a moment apart must agree.
 */
export async function expectSameText(
  bin: string,
  kubeconfig: string,
  baseUrl: string,
  c: Comparison,
  tries = 6,
): Promise<string> {
  let diff = '';
  for (let attempt = 1; attempt <= tries; attempt++) {
    const ours = await fetch(`${baseUrl}${c.path}`);
    const ourText = await ours.text();
    const theirs = await flux(bin, kubeconfig, c.args);
    if (!ours.ok) throw new Error(`${c.what}: GET ${c.path} answered ${ours.status}: ${ourText}`);
    if (theirs.code !== 0) throw new Error(`${c.what}: flux ${c.args.join(' ')} failed: ${theirs.stderr}`);
    const mask = (t: string) => (c.ageColumn === undefined ? t : maskAgeColumn(t, c.ageColumn));
    const expected = mask(theirs.stdout);
    diff = lineDiff(expected, mask(ourText));
    if (!diff) return expected;
    await sleep(1500);
  }
  throw new Error(`${c.what}: Fluxscope's text differs from flux ${c.args.join(' ')}\n${diff}`);
}
