/** POST /api/v1/actions/{action}/{group}/{kind}/{namespace}/{name}: flux reconcile, suspend, resume. */
import { type Static, Type } from '@sinclair/typebox';
import { FLUX_ACTIONS } from '../actions/flux-actions.js';
import { ObjRefSchema } from './kube.js';
import { literals } from './literals.js';

export const FluxActionSchema = literals(FLUX_ACTIONS);

/** The request body (reconcile only). */
export const ReconcileOptionsSchema = Type.Object({
  /** Reconcile the object's source first (Kustomization, HelmRelease). */
  withSource: Type.Optional(Type.Boolean()),
  /** HelmRelease only: `flux reconcile hr --force` (one-off upgrade even without changes). */
  force: Type.Optional(Type.Boolean()),
  /** HelmRelease only: `flux reconcile hr --reset` (reset the remediation retry count). */
  reset: Type.Optional(Type.Boolean()),
});

export const ActionResponseSchema = Type.Object({
  action: FluxActionSchema,
  object: ObjRefSchema,
  /** The patched object's resourceVersion. */
  resourceVersion: Type.String(),
  /** The reconcile.fluxcd.io/requestedAt value set (absent for suspend). */
  requestedAt: Type.Optional(Type.String()),
  /** With withSource: the source reconciled first, and whether its controller handled it in time. */
  source: Type.Optional(
    Type.Object({ object: ObjRefSchema, resourceVersion: Type.String(), handled: Type.Boolean() }),
  ),
});

export type ReconcileOptions = Static<typeof ReconcileOptionsSchema>;
export type ActionResponse = Static<typeof ActionResponseSchema>;
