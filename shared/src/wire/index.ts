/**
 * `@fluxscope/shared/wire`: the one wire contract, every HTTP response and stream message as a TypeBox
 * schema (one file per feature). The server imports the schemas from here to declare its routes; everything
 * else takes the `Static<>` types from `@fluxscope/shared`, which exports them as types only, so the
 * browser bundle never ships TypeBox.
 */
export * from './kube.js';
export * from './schemas.js';
export * from './views.js';
export * from './object-detail.js';
export * from './actions.js';
export * from './status.js';
export * from './demo.js';
export * from './diagnostics.js';
export * from './helm.js';
export * from './logs.js';
export * from './fleet.js';
export * from './fleet-nats.js';
export * from './auth.js';
