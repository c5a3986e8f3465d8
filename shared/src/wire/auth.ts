/** Who is signed in (GET /api/v1/me) and what sign-out answers (POST /api/v1/logout). */
import { type Static, Type } from '@sinclair/typebox';

export const LogoutResponseSchema = Type.Object({
  /** The identity provider's end-session URL: the browser goes there to end the provider's session too. */
  endSessionUrl: Type.String(),
});

/** What an impersonated user may see of the cluster (absent without --impersonate). */
export const UserAccessSchema = Type.Object({
  /** The user may list every watched kind in every namespace: nothing is hidden. */
  everything: Type.Boolean(),
  /** Namespaces where the user may list at least one watched kind. */
  namespaces: Type.Array(Type.String()),
  /** The user may list at least one watched kind cluster-wide. */
  clusterWide: Type.Boolean(),
  /** Why nothing is shown, in words, when the user may list nothing at all. */
  message: Type.Optional(Type.String()),
});

export const MeSchema = Type.Object({
  user: Type.String(),
  groups: Type.Array(Type.String()),
  via: Type.Union([
    Type.Literal('local'),
    Type.Literal('bearer'),
    Type.Literal('cookie'),
    Type.Literal('proxy'),
    Type.Literal('oidc'),
  ]),
  /** A session the user can end (token or OIDC sign-in). */
  canSignOut: Type.Boolean(),
  /** Requests to the API server are made as this user (--impersonate). */
  impersonated: Type.Boolean(),
  access: Type.Optional(UserAccessSchema),
});

export type LogoutResponse = Static<typeof LogoutResponseSchema>;
export type UserAccess = Static<typeof UserAccessSchema>;
export type Me = Static<typeof MeSchema>;
