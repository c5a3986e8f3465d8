/**
 * The line a waiting node shows instead of its facts: what it waits for ("waits for infrastructure"), or,
 * when everything it depends on is Ready already, that it only waits for the controller's next retry.
 */
import type { ClusterIndex, GraphModel, ObjRef } from '@fluxscope/shared';
import { waitingOn } from '@fluxscope/shared';

const MAX_NAMES = 2;

export function waitsText(waitingFor: readonly ObjRef[], namespace: string): string {
  if (waitingFor.length === 0) return 'dependencies Ready · retry due';
  const names = waitingFor.map(r => (r.namespace === namespace ? r.name : `${r.namespace}/${r.name}`));
  const shown = names.slice(0, MAX_NAMES).join(', ');
  return `waits for ${shown}${names.length > MAX_NAMES ? ` +${names.length - MAX_NAMES}` : ''}`;
}

/** For every waiting node of the model: its line. O(waiting nodes × their dependencies). */
export function waitLabels(index: ClusterIndex, model: GraphModel): Map<string, string> {
  const out = new Map<string, string>();
  for (const node of model.nodes) {
    if (node.state !== 'waiting' || node.missing) continue;
    const obj = index.get(node.ref);
    if (obj) out.set(node.id, waitsText(waitingOn(index, obj), node.ref.namespace));
  }
  return out;
}
