// Pod logs for kwok's fake Pods. kwok serves `pods/log` from files in the CRI log format the kubelet reads
// (`<RFC3339Nano time> <stream> F <line>`). This process
//   - follows each Flux controller's own log (JSON lines, as it runs out of cluster) and appends every line
//     to a CRI file, so the Pods named like the controllers log exactly what the real controllers wrote;
//   - writes the fixture workloads' log (and a previous run's) once at start, timed back from now.
// Usage: node cri-logs.mjs --follow <src>:<dst> ... --app <dst> <previous-dst>
import fs from 'node:fs';

const args = process.argv.slice(2);
const follows = [];
let app;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--follow') {
    const [src, dst] = args[++i].split(':');
    follows.push({ src, dst, offset: 0, rest: '' });
  } else if (args[i] === '--app') {
    app = { dst: args[++i], previous: args[++i] };
  } else {
    console.error(`unknown argument ${args[i]}`);
    process.exit(2);
  }
}

/** zap writes `2026-09-27T16:05:14.812Z` (or a +hhmm zone); CRI wants RFC 3339 with a zone. */
function timeOf(line) {
  const m = /"ts":"([^"]+)"/.exec(line);
  const ms = m ? Date.parse(m[1].replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : NaN;
  return new Date(Number.isNaN(ms) ? Date.now() : ms).toISOString();
}

const cri = (time, line) => `${time} stderr F ${line}\n`;

function pump(f) {
  let size;
  try {
    size = fs.statSync(f.src).size;
  } catch {
    return; // not written yet
  }
  if (size < f.offset) f.offset = 0; // truncated: start over
  if (size === f.offset) return;
  const fd = fs.openSync(f.src, 'r');
  const buf = Buffer.alloc(size - f.offset);
  fs.readSync(fd, buf, 0, buf.length, f.offset);
  fs.closeSync(fd);
  f.offset = size;
  const lines = (f.rest + buf.toString('utf8')).split('\n');
  f.rest = lines.pop();
  if (lines.length) fs.appendFileSync(f.dst, lines.map(l => cri(timeOf(l), l)).join(''));
}

/** What the fixture's workloads print: numbered lines a test can check, an error now and then. */
function appLog(dst, count, endMs, run) {
  const out = [];
  for (let i = 1; i <= count; i++) {
    const t = new Date(endMs - (count - i) * 1000).toISOString();
    const level = i % 50 === 0 ? 'error' : 'info';
    out.push(
      cri(
        t,
        `level=${level} run=${run} line=${i} msg="${level === 'error' ? 'upstream timed out' : 'request served'}"`,
      ),
    );
  }
  fs.writeFileSync(dst, out.join(''));
}

if (app) {
  const now = Date.now();
  appLog(app.previous, 100, now - 600_000, 'previous');
  appLog(app.dst, 300, now, 'current');
}
for (const f of follows) fs.writeFileSync(f.dst, '');
const tick = () => follows.forEach(pump);
tick();
setInterval(tick, 250);
