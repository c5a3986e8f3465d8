/**
 * Follow mode of a Flux object's controller log lines: each of the controller's Pods' logs is followed
 * (pods/log, follow, from now on), split into lines, and the JSON lines naming the object are written out as
 * NDJSON (one ControllerLogLine per line). Everything is piped, so a browser that stops reading stops the
 * upstream reads too (backpressure), and abort() ends every upstream request.
 */
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import type { ControllerLogLine, ObjRef } from '@fluxscope/shared';
import {
  LineSplitter,
  controllerOf,
  namesObject,
  parseControllerLine,
  parseLogTime,
} from '@fluxscope/shared';
import { HttpError } from '../http/errors.js';
import type { ControllerLogsDeps } from './controller-logs.js';
import { controllerContainer, controllerPods } from './controller-logs.js';
import { type OpenedLog, openPodLog } from './pod-logs.js';

/**
 * Lines of `ref` from a controller log's bytes, as NDJSON. Lines stamped before `since` are dropped: "from
 * now on" is asked of the API server, but a kubelet that ignores sinceTime would replay the history the
 * page has already shown.
 */
export class ObjectLineFilter extends Transform {
  private readonly splitter = new LineSplitter();
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly ref: ObjRef,
    private readonly since: number,
  ) {
    super();
  }

  private keep(lines: string[]): string {
    let out = '';
    for (const text of lines) {
      const parsed = parseControllerLine(text);
      if (!parsed || !namesObject(parsed, this.ref)) continue;
      const at = parseLogTime(parsed.ts ?? '');
      if (at !== undefined && at < this.since) continue;
      const { object: _object, ...line } = parsed;
      out += `${JSON.stringify(line satisfies ControllerLogLine)}\n`;
    }
    return out;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const out = this.keep(this.splitter.push(this.decoder.decode(chunk, { stream: true })));
    done(null, out || undefined);
  }

  override _flush(done: TransformCallback): void {
    const out = this.keep(this.splitter.end());
    done(null, out || undefined);
  }
}

export interface FollowedLines {
  stream: PassThrough;
  pods: string[];
  abort(): void;
}

export async function followControllerLines(
  deps: ControllerLogsDeps,
  ref: ObjRef,
  now: () => number = Date.now,
): Promise<FollowedLines> {
  const controller = controllerOf(ref.group, ref.kind);
  if (!controller) throw new HttpError(404, `${ref.kind} has no Flux controller`);
  const pods = (await controllerPods(deps.index, deps.api, controller)).slice(0, 5);
  if (pods.length === 0)
    throw new HttpError(
      404,
      `no ${controller} Pod found (looked for Pods named ${controller}-… or labelled app=${controller})`,
    );
  const since = now() - 1000;
  const opened: OpenedLog[] = [];
  const names: string[] = [];
  try {
    for (const pod of pods) {
      const ns = pod.metadata.namespace ?? '';
      const name = pod.metadata.name;
      const container = await controllerContainer(deps.api, ns, name);
      opened.push(await openPodLog(deps.kc, ns, name, container, { follow: true, tailLines: 0 }));
      names.push(`${ns}/${name}`);
    }
  } catch (err) {
    for (const log of opened) log.abort();
    throw err;
  }
  const out = new PassThrough();
  let open = opened.length;
  for (const log of opened) {
    const filter = new ObjectLineFilter(ref, since);
    log.stream.pipe(filter).pipe(out, { end: false });
    filter.on('end', () => {
      if (--open === 0) out.end();
    });
  }
  return {
    stream: out,
    pods: names,
    abort: () => {
      for (const log of opened) log.abort();
      if (!out.destroyed) out.end();
    },
  };
}
