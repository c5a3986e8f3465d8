/**
 * The hub under test, as the built server's hub app in its own process (so its memory is its own): reports
 * over IPC when the fleet view is complete (bucket snapshot applied and /api/v1/fleet listing every cluster),
 * and, while measuring, the lag of each change from the time its agent wrote it (the summary's `since`) to
 * the hub's outgoing fleet update that carries it.
 * argv: natsUrl port expectedClusters expectedObjects
 */
import { buildHubApp } from '@fluxscope/server/fleet-hub';
import { parseFleetFlags } from '@fluxscope/server/config/fleet';
import { parseFlags } from '@fluxscope/server/config';
import type { FleetResponse } from '@fluxscope/shared';

const [url, port, clustersArg, objectsArg] = process.argv.slice(2);
const send = (msg: unknown) => process.send?.(msg);
// The bench went away (crashed or was stopped): do not linger.
process.on('disconnect', () => process.exit(1));

const { fleet, rest } = parseFleetFlags(
  ['hub', '--nats-url', url!, '--port', port!, '--log-level', 'warn'],
  {},
);
const base = parseFlags(rest, {});
if (base === 'help') throw new Error('help');
const app = await buildHubApp({ ...base, fleetMode: fleet, staticDir: undefined });
await app.listen({ host: '127.0.0.1', port: Number(port) });
const hub = app.fleetHub!;

let measuring = false;
let pending: number[] = [];
const lags: number[] = [];
hub.onMembership((name, joined) => {
  if (!joined) return;
  hub.onDelta(name, delta => {
    if (!measuring) return;
    for (const s of delta.upserts) if (s.since) pending.push(Date.parse(s.since));
  });
});
hub.onUpdate(() => {
  const now = Date.now();
  for (const t of pending) lags.push(now - t);
  pending = [];
});

await hub.whenSynced();
// Complete: the fleet route lists every cluster with every object (what the fleet page asks for).
for (;;) {
  const res = await app.inject({ method: 'GET', url: '/api/v1/fleet', headers: { host: 'localhost' } });
  const body = res.json<FleetResponse>();
  const objects = body.clusters.reduce((n, r) => n + r.objects, 0);
  if (body.clusters.length >= Number(clustersArg) && objects >= Number(objectsArg)) {
    send({
      type: 'complete',
      uptimeMs: process.uptime() * 1000,
      clusters: body.clusters.length,
      objects,
      fleetBytes: res.rawPayload.length,
    });
    break;
  }
  await new Promise(r => setTimeout(r, 100));
}

process.on('message', (msg: { cmd: string }) => {
  if (msg.cmd === 'measure') {
    lags.length = 0;
    pending = [];
    measuring = true;
  } else if (msg.cmd === 'report') {
    measuring = false;
    (globalThis as { gc?: () => void }).gc?.();
    send({ type: 'report', lags, heapUsed: process.memoryUsage().heapUsed, dropped: hub.dropped });
  } else if (msg.cmd === 'stop') void app.close().then(() => process.exit(0));
});
