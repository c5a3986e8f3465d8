/**
 * May the server's own identity patch each Flux kind? Asked with SelfSubjectAccessReviews (client-node's
 * AuthorizationV1Api) at start and every few minutes, so the UI only offers the buttons that would work.
 * Cluster mode asks cluster-wide; namespace-scoped mode asks per watched namespace. A review that cannot be
 * made (an API server without the authorization API) counts as permitted: the patch itself then decides.
 */
import { AuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { ACTION_KINDS, type ActionKind } from '@fluxscope/shared';
import type { FastifyBaseLogger } from 'fastify';
import { Sleeper } from '../cache/backoff.js';
import { classifyError } from '../kube/raw-api.js';

const REFRESH_MS = 5 * 60_000;
/** The API server could not be reached at all: ask again soon instead of guessing. */
const RETRY_MS = 10_000;

class Unreachable extends Error {}

export class ActionPermissions {
  private readonly api: AuthorizationV1Api;
  private readonly sleeper = new Sleeper();
  private stopped = false;
  private current: ActionKind[] | undefined;

  constructor(
    kc: KubeConfig,
    private readonly namespaces: string[] | undefined,
    private readonly log: FastifyBaseLogger,
    private readonly onChange: (kinds: ActionKind[]) => void,
    private readonly refreshMs = REFRESH_MS,
  ) {
    this.api = kc.makeApiClient(AuthorizationV1Api);
  }

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.sleeper.cancel();
  }

  /** Permitted kinds as last checked (undefined before the first check). */
  get kinds(): ActionKind[] | undefined {
    return this.current;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let kinds: ActionKind[];
      try {
        kinds = await this.check();
      } catch (err) {
        if (!(err instanceof Unreachable)) throw err;
        await this.sleeper.sleep(RETRY_MS);
        continue;
      }
      if (this.stopped) return;
      if (JSON.stringify(kinds) !== JSON.stringify(this.current)) {
        this.current = kinds;
        this.log.info(
          `actions permitted on: ${kinds.map(k => k.kind + (k.namespaces ? ` (${k.namespaces.join(',')})` : '')).join(', ') || 'nothing'}`,
        );
        this.onChange(kinds);
      }
      await this.sleeper.sleep(this.refreshMs);
    }
  }

  async check(): Promise<ActionKind[]> {
    const scopes = this.namespaces ?? [undefined];
    const results = await Promise.all(
      ACTION_KINDS.map(async info => {
        const allowedIn: string[] = [];
        for (const namespace of scopes) {
          if (await this.mayPatch(info.group, info.plural, namespace)) allowedIn.push(namespace ?? '');
        }
        if (allowedIn.length === 0) return undefined;
        const kind: ActionKind = { group: info.group, kind: info.kind };
        if (this.namespaces) kind.namespaces = allowedIn;
        return kind;
      }),
    );
    return results.filter(k => k !== undefined);
  }

  private async mayPatch(group: string, resource: string, namespace: string | undefined): Promise<boolean> {
    try {
      const review = await this.api.createSelfSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: { group, resource, verb: 'patch', ...(namespace ? { namespace } : {}) },
          },
        },
      });
      return review.status?.allowed === true;
    } catch (err) {
      if (classifyError(err).failure === 'unreachable') throw new Unreachable(String(err));
      this.log.debug(
        `SelfSubjectAccessReview for patch ${resource}.${group} failed (${err instanceof Error ? err.message : String(err)}); assuming permitted`,
      );
      return true;
    }
  }
}
