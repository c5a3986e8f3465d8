/**
 * One compiled response serializer per distinct schema, shared by every route that answers with it.
 * Fastify compiles a fast-json-stringify function (with its own Ajv instance for anyOf branches) per route,
 * status code and content type; per-cluster routes are registered twice (`fleet/cluster-routes.ts`) and most
 * routes declare the same error schemas, so without sharing the server held ~350 compiled serializers
 * (about 10 MB of heap, and their compile time at start) for a few dozen distinct schemas.
 */
import {
  SerializerSelector,
  type SerializerFactory,
  type Serializer,
} from '@fastify/fast-json-stringify-compiler';

/** The key of a schema: its JSON (TypeBox's symbol keys are not part of it, nor of the compiled code). */
export const schemaKey = (schema: unknown): string => JSON.stringify(schema) ?? '';

export function sharedSerializers(): SerializerFactory {
  const build = SerializerSelector();
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    // Per factory call: a scope with its own shared schemas gets its own compiles.
    const cache = new Map<string, Serializer>();
    return route => {
      const key = schemaKey(route.schema);
      let serializer = cache.get(key);
      if (!serializer) {
        serializer = compile(route);
        cache.set(key, serializer);
      }
      return serializer;
    };
  };
}
