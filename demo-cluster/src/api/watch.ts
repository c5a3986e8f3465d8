/**
 * Watch streams: a chunked HTTP response of newline-delimited JSON events, as kube-apiserver writes them.
 * Starts from a resourceVersion (replaying the change log), or with synthetic ADDED events for what exists
 * when none is given; a resourceVersion older than the change log answers an ERROR event with a 410 Status.
 * BOOKMARK events carry the current resourceVersion periodically when the client allows them.
 */
import type { ServerResponse } from 'node:http';
import type { Change, KubeObject, ObjectStore } from '../store/store.js';
import { ResourceVersionTooOldError, entryJson } from '../store/store.js';
import type { Matcher } from '../store/selectors.js';
import { apiVersionOf, gkOfResource } from './resources.js';
import type { Resource } from './resources.js';
import { tooOldResourceVersion } from './status.js';

export interface WatchRequest {
  resource: Resource;
  namespace?: string;
  /** Only this object (a watch with fieldSelector metadata.name, or on a named path). */
  name?: string;
  matches?: Matcher;
  resourceVersion?: string;
  allowBookmarks: boolean;
  /** The watch-list protocol: initial ADDED events then a BOOKMARK annotated k8s.io/initial-events-end. */
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
}

export interface WatchOptions {
  bookmarkIntervalMs: number;
}

/** An open watch; the server keeps them in a set so faults (and stop) can cut them. */
export class WatchStream {
  private unsubscribe?: () => void;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;
  private muted = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly req: WatchRequest,
    private readonly res: ServerResponse,
    private readonly opts: WatchOptions,
    private readonly onClose: (w: WatchStream) => void,
  ) {}

  get resource(): Resource {
    return this.req.resource;
  }

  start(): void {
    const { req, res, store } = this;
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
      'Cache-Control': 'no-cache',
    });
    // Like kube-apiserver: the client sees the watch open at once, not with the first event.
    res.flushHeaders();
    res.on('close', () => this.close());
    const gk = gkOfResource(req.resource);
    const rvParam = req.resourceVersion;
    const fromExisting = rvParam === undefined || rvParam === '' || rvParam === '0' || req.sendInitialEvents;
    let backlog: Change[] = [];
    if (!fromExisting) {
      const rv = Number(rvParam);
      try {
        backlog = store.changesSince(Number.isFinite(rv) ? rv : 0);
      } catch (err) {
        if (err instanceof ResourceVersionTooOldError) {
          this.send('ERROR', tooOldResourceVersion(err.requested, err.oldest));
          this.close();
          return;
        }
        throw err;
      }
    }
    // Subscribe before replaying, synchronously, so no change falls between the two.
    this.unsubscribe = store.subscribe(change => {
      if (change.gk === gk) this.deliver(change);
    });
    if (fromExisting) {
      for (const [, entry] of store.entries(gk, req.namespace)) {
        if (this.selected(entry.object))
          this.writeLine(`{"type":"ADDED","object":${this.typedJson(entry.object, entryJson(entry))}}\n`);
      }
      if (req.sendInitialEvents && req.allowBookmarks) this.bookmark({ 'k8s.io/initial-events-end': 'true' });
    } else {
      for (const change of backlog) if (change.gk === gk) this.deliver(change);
    }
    if (req.allowBookmarks && this.opts.bookmarkIntervalMs > 0) {
      this.timers.push(setInterval(() => this.bookmark(), this.opts.bookmarkIntervalMs));
    }
    const timeout = req.timeoutSeconds ?? 1800 + Math.floor(Math.random() * 1800);
    this.timers.push(setTimeout(() => this.close(), timeout * 1000));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    for (const t of this.timers) clearTimeout(t);
    if (!this.res.writableEnded) this.res.end();
    this.onClose(this);
  }

  /** From now on the stream stays open but sends nothing, not even bookmarks (a stalled watch). */
  mute(): void {
    this.muted = true;
  }

  /**
   * Writes the first half of the next event's line, then cuts the connection: the client sees a stream
   * broken mid-event (a partial JSON line) rather than at a line boundary.
   */
  cutMidEvent(): void {
    const r = this.req.resource;
    const line = JSON.stringify({
      type: 'MODIFIED',
      object: { kind: r.kind, apiVersion: apiVersionOf(r), metadata: { name: 'cut-mid-event' } },
    });
    if (!this.closed && !this.res.writableEnded) this.res.write(line.slice(0, line.length >> 1));
    // Nothing after the cut: over TCP the partial line is the last thing the client ever reads.
    this.muted = true;
    setImmediate(() => this.destroy());
  }

  /** Cuts the stream without a final chunk, like a connection reset by a load balancer. */
  destroy(): void {
    this.res.socket?.destroy();
    this.close();
  }

  private selected(obj: KubeObject): boolean {
    if (this.req.namespace && obj.metadata.namespace !== this.req.namespace) return false;
    if (this.req.name && obj.metadata.name !== this.req.name) return false;
    return this.req.matches ? this.req.matches(obj) : true;
  }

  private deliver(change: Change): void {
    const now = this.selected(change.object);
    const before = change.prev ? this.selected(change.prev) : false;
    let type: string;
    if (change.type === 'DELETED') {
      if (!before) return;
      type = 'DELETED';
    } else if (now) {
      type = before ? 'MODIFIED' : 'ADDED';
    } else if (before) {
      // The object left the selection: kube-apiserver reports it as deleted for this watch.
      type = 'DELETED';
    } else return;
    this.writeLine(`{"type":"${type}","object":${this.typedJson(change.object)}}\n`);
  }

  /** Objects in watch events always carry apiVersion and kind at the requested version. */
  private typedJson(obj: KubeObject, cached?: string): string {
    const apiVersion = apiVersionOf(this.req.resource);
    if (obj.apiVersion === apiVersion && cached) return cached;
    return JSON.stringify(obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion });
  }

  private bookmark(annotations?: Record<string, string>): void {
    const r = this.req.resource;
    const metadata = {
      resourceVersion: String(this.store.resourceVersion),
      ...(annotations ? { annotations } : {}),
    };
    this.send('BOOKMARK', { kind: r.kind, apiVersion: apiVersionOf(r), metadata });
  }

  private send(type: string, object: unknown): void {
    this.writeLine(JSON.stringify({ type, object }) + '\n');
  }

  private writeLine(line: string): void {
    if (!this.closed && !this.muted && !this.res.writableEnded) this.res.write(line);
  }
}
