/** Entry point `dataplane-tenants` (application-plane/production/tenants): still placeholders in the seed. */
import { Scope } from './builders.js';
import type { SeedSet } from './builders.js';

export function buildTenants(set: SeedSet, createdAgo: number): void {
  const s = new Scope(set, { ks: 'dataplane-tenants' }, createdAgo);
  for (const tier of ['advanced', 'basic', 'premium'])
    s.configMap('default', `dummy-configmap-${tier}`, { tier });
}
