/**
 * Route schema building blocks: the wire contract's schemas (`@fluxscope/shared/wire`) as routes declare
 * them, path parameters, and `?format=text`. Shared's wire schemas carry $ids for documentation; inside
 * route schemas we use copies without them, because the same nested $id registered by several routes makes
 * Ajv and fast-json-stringify refuse to compile.
 */
import { type TSchema, Type } from '@sinclair/typebox';
import { type ObjRef, refFromPathSegments } from '@fluxscope/shared';
import { ErrorResponseSchema } from '@fluxscope/shared/wire';

function stripIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripIds);
  if (value && typeof value === 'object') {
    const out: Record<string | symbol, unknown> = {};
    for (const key of Reflect.ownKeys(value)) {
      if (key === '$id') continue;
      out[key] = stripIds((value as Record<string | symbol, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/** The schema without any $id, typed as the original so the TypeBox type provider still infers from it. */
export function inline<T extends TSchema>(schema: T): T {
  return stripIds(schema) as T;
}

export const ErrorResponse = inline(ErrorResponseSchema);

/** Error responses every API route can send. */
export const errorResponses = { 400: ErrorResponse, 404: ErrorResponse, 500: ErrorResponse } as const;

/** `?namespace=`: one namespace, as the flux CLI's -n; all of them (-A) when absent. */
export const NamespaceQuery = Type.Optional(
  Type.String({ maxLength: 63, description: 'one namespace (-n); all when absent (-A)' }),
);

/** `?format=text` answers with the flux CLI's text instead of JSON. */
export const FormatQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('text')], { default: 'json' })),
});

export const Name = Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9._:-]+$' });
export const Kind = Type.String({ minLength: 1, maxLength: 63, pattern: '^[A-Za-z][A-Za-z0-9]*$' });
export const Group = Type.String({ minLength: 1, maxLength: 253, pattern: '^(core|[a-z0-9.-]+)$' });
export const Version = Type.String({ minLength: 1, maxLength: 63, pattern: '^v[0-9a-z]+$' });
export const NamespaceParam = Type.String({ minLength: 1, maxLength: 63, pattern: '^(_|[a-z0-9-]+)$' });

/** `{group}/{kind}/{namespace}/{name}` in a path: one object. */
export const RefParams = Type.Object({ group: Group, kind: Kind, namespace: NamespaceParam, name: Name });

/** The object a route's path names (`core` = the core group, `_` = no namespace); other params are ignored. */
export const refFromParams = (params: {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}): ObjRef => refFromPathSegments(params);

/** A 200 that is JSON, or the flux CLI's text with `?format=text`: both documented in OpenAPI. */
export function jsonOrText<T extends TSchema>(schema: T) {
  return {
    content: {
      'application/json': { schema },
      'text/plain': { schema: Type.String({ description: 'what the flux CLI prints' }) },
    },
  };
}
