/**
 * Finds the cluster to talk to the way kubectl does: --kubeconfig, then KUBECONFIG (a path list, first
 * definition of a name wins, first current-context wins), then ~/.kube/config, then the in-cluster service
 * account. With none of these we fall back to the built-in demo cluster. A broken kubeconfig never throws:
 * it becomes a 'misconfigured' result with a message the UI shows.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { Cluster, Context, User } from '@kubernetes/client-node';
import type { ServerConfig } from '../config/flags.js';
import { ClientKubeConfig } from './client-config.js';

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export type KubeSource =
  | { kind: 'kubeconfig'; kc: KubeConfig; server: string; context: string; files: string[] }
  | { kind: 'in-cluster'; kc: KubeConfig; server: string; context: string }
  | { kind: 'demo'; reason: string }
  | { kind: 'misconfigured'; message: string; context?: string };

function splitPathList(list: string): string[] {
  return list.split(path.delimiter).filter(p => p !== '');
}

/** First line only: YAML parse errors append a multi-line excerpt that reads badly in a status bar. */
function errorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]!.trim();
}

/** Loads and merges kubeconfig files with kubectl's precedence. */
function loadFiles(files: string[], contextFlag: string | undefined): KubeSource {
  const clusters: Cluster[] = [];
  const users: User[] = [];
  const contexts: Context[] = [];
  let currentContext: string | undefined;
  for (const file of files) {
    const part = new KubeConfig();
    try {
      part.loadFromFile(file);
    } catch (err) {
      return { kind: 'misconfigured', message: `cannot read kubeconfig ${file}: ${errorMessage(err)}` };
    }
    for (const c of part.clusters ?? []) if (!clusters.some(x => x.name === c.name)) clusters.push(c);
    for (const u of part.users ?? []) if (!users.some(x => x.name === u.name)) users.push(u);
    for (const c of part.contexts ?? []) if (!contexts.some(x => x.name === c.name)) contexts.push(c);
    if (!currentContext && part.currentContext) currentContext = part.currentContext;
  }
  const where = files.join(path.delimiter);
  const contextName = contextFlag ?? currentContext;
  if (!contextName) {
    return { kind: 'misconfigured', message: `kubeconfig ${where} sets no current-context; pass --context` };
  }
  const context = contexts.find(c => c.name === contextName);
  if (!context) {
    const known = contexts.map(c => c.name).join(', ') || 'none';
    return {
      kind: 'misconfigured',
      context: contextName,
      message: `context "${contextName}" not found in kubeconfig ${where} (contexts: ${known})`,
    };
  }
  const cluster = clusters.find(c => c.name === context.cluster);
  if (!cluster || !cluster.server) {
    return {
      kind: 'misconfigured',
      context: contextName,
      message: `context "${contextName}" names cluster "${context.cluster}", which kubeconfig ${where} does not define with a server`,
    };
  }
  const kc = new ClientKubeConfig();
  try {
    kc.loadFromOptions({ clusters, users, contexts, currentContext: contextName });
  } catch (err) {
    return {
      kind: 'misconfigured',
      context: contextName,
      message: `invalid kubeconfig ${where}: ${errorMessage(err)}`,
    };
  }
  return { kind: 'kubeconfig', kc, server: cluster.server, context: contextName, files };
}

export function resolveKubeSource(config: ServerConfig): KubeSource {
  if (config.demo) return { kind: 'demo', reason: '--demo given' };

  if (config.kubeconfig) {
    const files = splitPathList(config.kubeconfig);
    const missing = files.filter(f => !fs.existsSync(f));
    if (files.length === 0 || missing.length === files.length) {
      return { kind: 'misconfigured', message: `kubeconfig ${config.kubeconfig} does not exist` };
    }
    return loadFiles(
      files.filter(f => fs.existsSync(f)),
      config.context,
    );
  }

  if (config.kubeconfigEnv) {
    // kubectl ignores KUBECONFIG entries that do not exist.
    const files = splitPathList(config.kubeconfigEnv).filter(f => fs.existsSync(f));
    if (files.length > 0) return loadFiles(files, config.context);
  }

  if (config.home) {
    const file = path.join(config.home, '.kube', 'config');
    if (fs.existsSync(file)) return loadFiles([file], config.context);
  }

  const inCluster = config.inCluster;
  if (
    inCluster?.host &&
    inCluster.port &&
    fs.existsSync(`${inCluster.pathPrefix}${SERVICE_ACCOUNT_DIR}/token`)
  ) {
    // As client-node's loadFromCluster, but from our config rather than process.env (testable, one source).
    const dir = `${inCluster.pathPrefix}${SERVICE_ACCOUNT_DIR}`;
    const host = net.isIPv6(inCluster.host) ? `[${inCluster.host}]` : inCluster.host;
    const scheme = ['80', '8080', '8001'].includes(inCluster.port) ? 'http' : 'https';
    const server = `${scheme}://${host}:${inCluster.port}`;
    const namespaceFile = `${dir}/namespace`;
    const kc = new ClientKubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'in-cluster', server, caFile: `${dir}/ca.crt`, skipTLSVerify: false }],
      // client-node re-reads the token file as it expires, so projected token rotation just works.
      users: [
        { name: 'in-cluster', authProvider: { name: 'tokenFile', config: { tokenFile: `${dir}/token` } } },
      ],
      contexts: [
        {
          name: 'in-cluster',
          cluster: 'in-cluster',
          user: 'in-cluster',
          ...(fs.existsSync(namespaceFile)
            ? { namespace: fs.readFileSync(namespaceFile, 'utf8').trim() }
            : {}),
        },
      ],
      currentContext: 'in-cluster',
    });
    return { kind: 'in-cluster', kc, server, context: 'in-cluster' };
  }

  const looked = [
    config.kubeconfigEnv && `KUBECONFIG=${config.kubeconfigEnv}`,
    config.home && `${config.home}/.kube/config`,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    kind: 'demo',
    reason: `no kubeconfig found${looked ? ` (looked at ${looked})` : ''} and not running in a cluster`,
  };
}

/** The kubeconfig files kubectl would read (--kubeconfig, KUBECONFIG, ~/.kube/config), those that exist. */
function kubeconfigFiles(config: ServerConfig): string[] {
  if (config.kubeconfig) return splitPathList(config.kubeconfig).filter(f => fs.existsSync(f));
  if (config.kubeconfigEnv) {
    const files = splitPathList(config.kubeconfigEnv).filter(f => fs.existsSync(f));
    if (files.length > 0) return files;
  }
  if (config.home) {
    const file = path.join(config.home, '.kube', 'config');
    if (fs.existsSync(file)) return [file];
  }
  return [];
}

/**
 * Every context of the kubeconfig, first definition of a name winning as kubectl merges (--all-contexts).
 * A file that cannot be read is a message, never a throw: the server then shows one misconfigured cluster.
 */
export function listContexts(config: ServerConfig): { contexts: string[] } | { message: string } {
  const files = kubeconfigFiles(config);
  if (files.length === 0) return { message: '--all-contexts: no kubeconfig found' };
  const names: string[] = [];
  for (const file of files) {
    const part = new KubeConfig();
    try {
      part.loadFromFile(file);
    } catch (err) {
      return { message: `cannot read kubeconfig ${file}: ${errorMessage(err)}` };
    }
    for (const c of part.contexts ?? []) if (!names.includes(c.name)) names.push(c.name);
  }
  if (names.length === 0) return { message: `kubeconfig ${files.join(path.delimiter)} defines no contexts` };
  return { contexts: names };
}
