/** The patch types kube-apiserver takes for custom resources: JSON merge patch (RFC 7386) and JSON patch (RFC 6902). */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** RFC 7386: objects merge, `null` deletes, anything else replaces. */
export function applyMergePatch<T>(target: T, patch: unknown): T {
  if (!isObject(patch)) return structuredClone(patch) as T;
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch<Json>(out[key] ?? null, value);
  }
  return out as T;
}

export class PatchError extends Error {}

interface JsonPatchOp {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map(p => p.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(
  doc: unknown,
  parts: string[],
): { parent: Record<string, unknown> | unknown[]; key: string } {
  let cur: unknown = doc;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (isObject(cur)) cur = cur[part];
    else throw new PatchError(`path not found: /${parts.join('/')}`);
  }
  if (!Array.isArray(cur) && !isObject(cur)) throw new PatchError(`path not found: /${parts.join('/')}`);
  return { parent: cur, key: parts[parts.length - 1] ?? '' };
}

/** RFC 6902 add/remove/replace/test (move and copy are not needed by any client we serve). */
export function applyJsonPatch<T>(target: T, ops: unknown): T {
  if (!Array.isArray(ops)) throw new PatchError('JSON patch must be an array');
  const doc = structuredClone(target) as unknown;
  for (const op of ops as JsonPatchOp[]) {
    const parts = pointer(op.path);
    if (parts.length === 0) throw new PatchError('patching the root is not supported');
    const { parent, key } = parentOf(doc, parts);
    if (op.op === 'add' || op.op === 'replace') {
      if (Array.isArray(parent)) {
        const i = key === '-' ? parent.length : Number(key);
        if (op.op === 'add') parent.splice(i, 0, op.value);
        else parent[i] = op.value;
      } else {
        if (op.op === 'replace' && !(key in parent)) throw new PatchError(`replace: missing path ${op.path}`);
        parent[key] = op.value;
      }
    } else if (op.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else if (key in parent) delete parent[key];
      else throw new PatchError(`remove: missing path ${op.path}`);
    } else if (op.op === 'test') {
      const actual = Array.isArray(parent) ? parent[Number(key)] : parent[key];
      if (JSON.stringify(actual) !== JSON.stringify(op.value))
        throw new PatchError(`test failed at ${op.path}`);
    } else {
      throw new PatchError(`unsupported JSON patch op "${op.op}"`);
    }
  }
  return doc as T;
}
