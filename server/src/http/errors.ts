/**
 * One error handler for the whole API: client errors (4xx, schema validation) say what was wrong; server
 * errors say only 'Internal Server Error' and are logged with the request. Stack traces never leave.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';

export interface HttpErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

export function errorBody(statusCode: number, message: string): HttpErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/** Throw from a route to answer with a 4xx JSON error. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new HttpError(404, message);
export const badRequest = (message: string) => new HttpError(400, message);

export function installErrorHandler(fastify: FastifyInstance): void {
  fastify.setErrorHandler((err: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) => {
    const validation = (err as FastifyError).validation;
    const statusCode = validation ? 400 : (err.statusCode ?? 500);
    // HttpErrors are written for the user (e.g. 502 "the API server failed: ..."); anything else hides details.
    if (statusCode >= 500 && !(err instanceof HttpError)) {
      request.log.error({ err, method: request.method, url: request.url }, 'request failed');
      return reply
        .code(statusCode)
        .type('application/json')
        .send(errorBody(statusCode, 'Internal Server Error'));
    }
    return reply.code(statusCode).type('application/json').send(errorBody(statusCode, err.message));
  });
}
