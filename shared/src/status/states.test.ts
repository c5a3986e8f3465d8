import { describe, expect, it } from 'vitest';
import type { ClusterObject } from '../kube/types.js';
import { objectState } from './object-state.js';
import {
  FLUX_STATES,
  HEALTH_LABELS,
  HEALTH_STATUSES,
  STATE_HINTS,
  STATE_LABELS,
  STATE_PHRASES,
  STATES_WORST_FIRST,
  healthState,
  isBlocked,
  isBroken,
} from './states.js';

describe('the state vocabulary', () => {
  it('names every state and every health in each word list', () => {
    for (const words of [STATE_LABELS, STATE_HINTS, STATE_PHRASES])
      expect(Object.keys(words).sort()).toEqual([...FLUX_STATES].sort());
    expect(Object.keys(HEALTH_LABELS).sort()).toEqual([...HEALTH_STATUSES].sort());
  });

  it('groups states: worst first, broken, blocked', () => {
    expect([...STATES_WORST_FIRST].sort()).toEqual([...FLUX_STATES].sort());
    expect(FLUX_STATES.filter(isBroken)).toEqual(['failed', 'stalled']);
    expect(FLUX_STATES.filter(isBlocked)).toEqual(['waiting', 'failed', 'stalled']);
  });

  it('folds health into the Flux states', () => {
    expect(healthState({ status: 'Current' })).toBe('ready');
    expect(healthState({ status: 'InProgress' })).toBe('progressing');
    expect(healthState({ status: 'Failed' })).toBe('failed');
    expect(healthState({ status: 'Terminating' })).toBe('suspended');
    expect(healthState({ status: 'Exists' })).toBe('unknown');
    expect(healthState(undefined)).toBe('unknown');
  });

  it('says the state of a Flux object by its status and of any other by its health', () => {
    const ks: ClusterObject = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'apps', namespace: 'flux-system' },
      status: {
        conditions: [
          { type: 'Ready', status: 'False', reason: 'DependencyNotReady', message: 'dependency not ready' },
        ],
      },
    };
    expect(objectState(ks)).toMatchObject({
      state: 'waiting',
      label: 'Waiting',
      flux: true,
      reason: 'DependencyNotReady',
    });
    const slim: ClusterObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'apps' },
      health: { status: 'InProgress', message: 'Available: 1/2' },
    };
    expect(objectState(slim)).toEqual({
      state: 'progressing',
      label: 'In progress',
      message: 'Available: 1/2',
      flux: false,
    });
  });
});
