/**
 * Text answers: routes that print what the flux CLI prints answer JSON by default and the CLI's text with
 * `?format=text`. This is the one place that choice is made and the text is typed, for the view cache and
 * for routes that send directly.
 */
import type { FastifyReply } from 'fastify';

export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';

/** A route's value (serialized by its response schema), or the text the flux CLI prints. */
export type Answer<T = unknown> = { json: T } | { text: string };

/** JSON or, for `format=text`, the text; `render` runs only when text is asked for. */
export function answer<T>(
  format: 'json' | 'text' | undefined,
  value: T,
  render: (value: T) => string,
): Answer<T> {
  return format === 'text' ? { text: render(value) } : { json: value };
}

/** Sends an answer from a route that does not go through the view cache. */
export function sendAnswer<T>(reply: FastifyReply, result: Answer<T>): T | FastifyReply {
  return 'text' in result ? reply.type(TEXT_CONTENT_TYPE).send(result.text) : result.json;
}
