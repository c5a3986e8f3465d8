/** The kubeconfig a client (our server, kubectl, client-node) uses to reach the demo cluster. */
import { stringify } from 'yaml';

export const DEMO_CONTEXT = 'fluxscope-demo';

export function buildKubeconfig(opts: {
  server: string;
  caPem: string;
  token: string;
  /** The context's (and cluster entry's) name; a demo fleet names each cluster. */
  contextName?: string;
}): string {
  const name = opts.contextName ?? DEMO_CONTEXT;
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: {
          server: opts.server,
          'certificate-authority-data': Buffer.from(opts.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: 'demo-admin', user: { token: opts.token } }],
    contexts: [
      {
        name,
        context: { cluster: name, user: 'demo-admin', namespace: 'flux-system' },
      },
    ],
    'current-context': name,
    preferences: {},
  };
  return stringify(doc);
}
