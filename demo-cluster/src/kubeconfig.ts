/** The kubeconfig a client (our server, kubectl, client-node) uses to reach the demo cluster. */
import { stringify } from 'yaml';

export const DEMO_CONTEXT = 'fluxscope-demo';

export function buildKubeconfig(opts: { server: string; caPem: string; token: string }): string {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: DEMO_CONTEXT,
        cluster: {
          server: opts.server,
          'certificate-authority-data': Buffer.from(opts.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: 'demo-admin', user: { token: opts.token } }],
    contexts: [
      {
        name: DEMO_CONTEXT,
        context: { cluster: DEMO_CONTEXT, user: 'demo-admin', namespace: 'flux-system' },
      },
    ],
    'current-context': DEMO_CONTEXT,
    preferences: {},
  };
  return stringify(doc);
}
