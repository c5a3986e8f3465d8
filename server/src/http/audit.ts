/**
 * The audit trail: one JSON line per action request, whatever became of it (done, refused by the guard,
 * by validation or by the cluster, failed), with who, from where, on what, and how it ended. Written by
 * its own writer, not the server's logger, so no --log-level (not even `silent`) can drop it. The lines
 * look like the server's pino lines (level, time, msg) with `log: "audit"`, so one collector takes both.
 */
import type { FastifyReply, FastifyRequest, onResponseHookHandler, onSendHookHandler } from 'fastify';

export interface AuditRecord {
  action: string;
  /** Kind/namespace/name as flux prints it. */
  target: string;
  group: string;
  user: string;
  /** The user's groups (OIDC): with --impersonate the API server decided with these. */
  groups: string[];
  via: string;
  /** The client's address (request.ip: the proxy's client with --trusted-proxies). */
  source: string;
  outcome: 'ok' | 'refused' | 'failed';
  status: number;
  reason?: string;
  [detail: string]: unknown;
}

export interface AuditSink {
  write(line: string): void;
}

export class AuditLog {
  constructor(private readonly sink: AuditSink = process.stdout) {}

  record(record: AuditRecord): void {
    const msg =
      `${record.action} ${record.target} by ${record.user}: ${record.outcome}` +
      (record.reason ? ` (${record.reason})` : '');
    this.sink.write(JSON.stringify({ level: 30, time: Date.now(), log: 'audit', ...record, msg }) + '\n');
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditLog;
  }
  interface FastifyRequest {
    /** Extra fields for this request's audit line (set by the handler: resourceVersion, source, ...). */
    auditDetail?: Record<string, unknown>;
    /** The message of the error response sent, for the audit line. */
    auditReason?: string;
  }
}

const outcomeOf = (status: number): AuditRecord['outcome'] =>
  status < 300 ? 'ok' : status < 500 ? 'refused' : 'failed';

/**
 * Route hooks that write one audit line per request. `describe` names the action and target from the
 * matched route's parameters (available even when the guard refused the request before the handler).
 */
export function auditHooks(
  audit: AuditLog,
  describe: (request: FastifyRequest) => { action: string; target: string; group: string },
): { onSend: onSendHookHandler; onResponse: onResponseHookHandler } {
  return {
    onSend: async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (reply.statusCode >= 400 && typeof payload === 'string') {
        try {
          const message = (JSON.parse(payload) as { message?: unknown }).message;
          if (typeof message === 'string') request.auditReason = message;
        } catch {
          // Not JSON: the status says enough.
        }
      }
      return payload;
    },
    onResponse: async (request: FastifyRequest, reply: FastifyReply) => {
      const who = request.principal;
      audit.record({
        ...describe(request),
        user: who?.user ?? '-',
        groups: who?.groups ?? [],
        via: who?.via ?? 'unauthenticated',
        source: request.ip,
        outcome: outcomeOf(reply.statusCode),
        status: reply.statusCode,
        ...((request.refusal ?? request.auditReason)
          ? { reason: request.refusal ?? request.auditReason }
          : {}),
        ...request.auditDetail,
      });
    },
  };
}
