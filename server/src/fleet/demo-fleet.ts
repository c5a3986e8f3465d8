/**
 * `--demo-clusters N`: the workshop cluster as a fleet of stages and regions, each its own demo API server
 * reached through its own generated kubeconfig context. They differ the way a real fleet does: the first
 * plays `--demo-scenario` (a bootstrap that turns green by default), one has a failing HelmRelease, one is
 * still bootstrapping (replayed slowly), and Flux versions differ.
 */
import type { ServerConfig } from '../config/flags.js';
import type { ClusterTarget } from '../kube/plugin.js';

interface DemoProfile {
  name: string;
  scenario?: 'steady' | 'failure' | 'bootstrap';
  /** Replay speed for a cluster that should stay mid-bootstrap for a while, whatever --demo-speed says. */
  speed?: number;
  fluxVersion: string;
}

/** A bootstrap at this speed takes about twenty minutes: long enough to see a cluster mid-bootstrap. */
const SLOW_BOOTSTRAP = 0.05;

const PROFILES: readonly DemoProfile[] = [
  { name: 'prod-eu-west-1', fluxVersion: 'v2.6.4' },
  { name: 'staging-us-east-1', scenario: 'failure', fluxVersion: 'v2.7.0' },
  { name: 'dev-us-west-2', scenario: 'bootstrap', speed: SLOW_BOOTSTRAP, fluxVersion: 'v2.7.1' },
  { name: 'prod-us-east-1', scenario: 'steady', fluxVersion: 'v2.6.4' },
  { name: 'prod-ap-southeast-1', scenario: 'steady', fluxVersion: 'v2.6.3' },
  { name: 'staging-eu-west-1', scenario: 'failure', fluxVersion: 'v2.7.0' },
  { name: 'prod-eu-central-1', scenario: 'steady', fluxVersion: 'v2.6.4' },
  { name: 'dev-eu-west-1', scenario: 'bootstrap', speed: SLOW_BOOTSTRAP, fluxVersion: 'v2.7.1' },
  { name: 'prod-us-west-2', scenario: 'steady', fluxVersion: 'v2.5.1' },
  { name: 'staging-ap-southeast-1', scenario: 'steady', fluxVersion: 'v2.7.0' },
  { name: 'prod-sa-east-1', scenario: 'steady', fluxVersion: 'v2.6.4' },
  { name: 'prod-ca-central-1', scenario: 'steady', fluxVersion: 'v2.6.2' },
];

export function demoFleetTargets(config: ServerConfig): Array<{ name: string; target: ClusterTarget }> {
  return PROFILES.slice(0, config.demoClusters).map(p => ({
    name: p.name,
    target: {
      kind: 'demo',
      contextName: p.name,
      scenario: p.scenario ?? config.demoScenario,
      speed: p.speed ?? config.demoSpeed,
      fluxVersion: p.fluxVersion,
    },
  }));
}
