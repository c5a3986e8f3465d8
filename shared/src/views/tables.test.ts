import { describe, expect, it } from 'vitest';
import { ClusterIndex } from '../index/cluster-index.js';
import type { FluxEvent } from '../kube/types.js';
import { humanDuration, lastSeen, renderEventsText } from '../text/events.js';
import { renderGetAllText } from '../text/get-all.js';
import { formatSize, renderStatsText } from '../text/stats.js';
import { renderTable } from '../text/table.js';
import { obj, parseFluxRef as r, ready } from './__fixtures__/builders.js';
import { buildSeedIndex } from './__fixtures__/seed.js';
import { listEvents } from './events.js';
import { getAll, getKind, truncateHex } from './get-all.js';
import { computeStats } from './stats.js';

describe('table printer', () => {
  it('pads cells to column width then a tab; the last header cell gets a space; multi-line cells', () => {
    expect(
      renderTable(
        ['Name', 'Last seen'],
        [
          ['a', 'b'],
          ['long-name', 'x\ny'],
        ],
      ),
    ).toBe(
      'NAME     \tLAST SEEN \n' +
        'a        \tb        \t\n' +
        'long-name\tx        \t\n' +
        '         \ty        \t\n',
    );
    expect(renderTable(['A'], [['한글']])).toBe('A    \n한글\t\n');
  });
});

describe('flux stats', () => {
  it('counts running, failing (suspended included), suspended and storage; zero rows kept', () => {
    const index = new ClusterIndex();
    index.upsert(
      obj(r('GitRepository/a/one'), { status: { artifact: { size: 1280 }, conditions: [ready('x')] } }),
    );
    index.upsert(
      obj(r('GitRepository/a/two'), {
        spec: { suspend: true },
        status: { artifact: { size: 1024 }, conditions: [ready('bad', 'Failed', 'False')] },
      }),
    );
    index.upsert(
      obj(r('GitRepository/b/three'), { status: { conditions: [ready('?', 'Progressing', 'Unknown')] } }),
    );
    const all = computeStats(index);
    expect(all[0]).toEqual({
      kind: 'GitRepository',
      running: 2,
      failing: 1,
      suspended: 1,
      storageBytes: 2304,
    });
    expect(all).toHaveLength(13);
    expect(computeStats(index, { namespace: 'b' })[0]).toMatchObject({
      running: 1,
      failing: 0,
      storageBytes: 0,
    });
    const text = renderStatsText(all);
    expect(text.split('\n')[0]).toBe('RECONCILERS          \tRUNNING\tFAILING\tSUSPENDED\tSTORAGE ');
    expect(text.split('\n')[1]).toBe('GitRepository        \t2      \t1      \t1        \t2.2 KiB\t');
    expect(text).toContain('ImageRepository      \t0      \t0      \t0        \t-      \t\n');
  });

  it('formats sizes like Go (half to even)', () => {
    expect([0, 1, 1023, 1024, 1280, 1331, 1536, 1048576, 5 * 1024 ** 3].map(formatSize)).toEqual([
      '-', '1 B', '1023 B', '1.0 KiB', '1.2 KiB', '1.3 KiB', '1.5 KiB', '1.0 MiB', '5.0 GiB',
    ]); // prettier-ignore
  });

  it('seed: 8 Kustomizations, 9 HelmReleases', () => {
    const rows = computeStats(buildSeedIndex());
    expect(rows.find(r => r.kind === 'Kustomization')?.running).toBe(8);
    expect(rows.find(r => r.kind === 'HelmRelease')?.running).toBe(9);
  });
});

describe('flux get all', () => {
  const index = new ClusterIndex();
  const sha = 'main@sha1:5b7e4b1c8a9f0d2e3c4b5a69788796a5b4c3d2e1';
  index.upsert(
    obj(r('Kustomization/flux-system/flux-system'), {
      status: { lastAppliedRevision: sha, conditions: [ready(`Applied revision: ${sha}`)] },
    }),
  );
  index.upsert(obj(r('Kustomization/apps/new')));
  index.upsert(
    obj(r('GitRepository/flux-system/flux-system'), {
      status: { artifact: { revision: sha }, conditions: [ready('stored')] },
    }),
  );
  index.upsert(obj(r('HelmRepository/flux-system/oci'), { spec: { type: 'oci', suspend: true } }));
  index.upsert(
    obj(r('HelmRelease/flux-system/web'), {
      status: {
        history: [{ chartVersion: '1.2.3' }],
        lastAttemptedRevision: '9',
        conditions: [ready('Helm install succeeded')],
      },
    }),
  );
  index.upsert(obj(r('Provider/flux-system/slack')));
  index.upsert(obj(r('Alert/flux-system/on-call'), { spec: { suspend: false } }));

  it('orders kinds like flux, skips empty kinds, truncates hex, applies static statuses', () => {
    const tables = getAll(index);
    expect(tables.map(t => t.kind)).toEqual([
      'GitRepository',
      'HelmRepository',
      'HelmRelease',
      'Kustomization',
      'Provider',
      'Alert',
    ]);
    expect(tables[0]?.rows[0]?.cells).toEqual([
      'gitrepository/flux-system',
      'main@sha1:5b7e4b1c',
      'False',
      'True',
      'stored',
    ]);
    expect(tables[1]?.rows[0]?.cells).toEqual([
      'helmrepository/oci',
      '',
      'True',
      'True',
      'Helm repository is Ready',
    ]);
    expect(tables[2]?.rows[0]?.cells[1]).toBe('1.2.3');
    expect(tables[3]?.rows.map(row => row.cells)).toEqual([
      ['kustomization/new', '', 'False', 'False', 'waiting to be reconciled'],
      [
        'kustomization/flux-system',
        'main@sha1:5b7e4b1c',
        'False',
        'True',
        'Applied revision: main@sha1:5b7e4b1c',
      ],
    ]);
    expect(getAll(index, { namespace: 'apps' }).map(t => t.kind)).toEqual(['Kustomization']);
  });

  it('renders tables separated by empty lines, NAMESPACE first with -A', () => {
    const text = renderGetAllText(getAll(index, { namespace: 'flux-system' }));
    expect(text).toContain(
      'NAME                     \tREVISION          \tSUSPENDED\tREADY\tMESSAGE \ngitrepository/flux-system\tmain@sha1:5b7e4b1c\tFalse    \tTrue \tstored \t\n\n',
    );
    expect(text.endsWith('alert/on-call\tFalse    \tTrue \tAlert is Ready\t\n\n')).toBe(true);
    const all = renderGetAllText(getAll(index), { allNamespaces: true });
    expect(all).toContain('NAMESPACE  \tNAME                     \tREVISION');
  });

  it('flux get <kind>: one table, plain names, no trailing empty line; nothing when empty', () => {
    const tables = getKind(index, 'Kustomization');
    expect(tables.map(t => t.rows.map(row => row.cells[0]))).toEqual([['new', 'flux-system']]);
    const text = renderGetAllText(tables, { allNamespaces: true, single: true });
    expect(text.split('\n')[0]).toBe(
      `NAMESPACE  \tNAME       \tREVISION          \tSUSPENDED\tREADY\tMESSAGE${' '.repeat(30)}`,
    );
    expect(text.endsWith('waiting to be reconciled            \t\n')).toBe(false);
    expect(text.endsWith('Applied revision: main@sha1:5b7e4b1c\t\n')).toBe(true);
    expect(getKind(index, 'Bucket')).toEqual([]);
  });

  it('lists in the API order: etcd keys <namespace>/<name> byte by byte', () => {
    const idx = new ClusterIndex();
    for (const ns of ['apps', 'apps-b', 'apps.c', 'app']) idx.upsert(obj(r(`Kustomization/${ns}/x`)));
    expect(getKind(idx, 'Kustomization')[0]?.rows.map(row => row.ref.namespace)).toEqual([
      'app',
      'apps-b',
      'apps.c',
      'apps',
    ]);
  });

  it('TruncateHex cuts 40-128 hex runs only', () => {
    expect(truncateHex(`sha256:${'a'.repeat(64)} and ${'b'.repeat(39)} and ${'c'.repeat(129)}`)).toBe(
      `sha256:aaaaaaaa and ${'b'.repeat(39)} and ${'c'.repeat(129)}`,
    );
  });
});

describe('flux events', () => {
  const index = new ClusterIndex();
  const ev = (id: string, kind: string, name: string, at: string, extra: Partial<FluxEvent> = {}): FluxEvent => ({
    id, namespace: 'flux-system', type: 'Normal', reason: 'ReconciliationSucceeded', message: 'ok',
    involvedObject: { kind, name, namespace: 'flux-system' }, lastTimestamp: at, firstTimestamp: at, ...extra,
  }); // prettier-ignore
  index.upsert(
    obj(r('Kustomization/flux-system/apps'), {
      spec: { sourceRef: { kind: 'GitRepository', name: 'repo' } },
    }),
  );
  index.upsert(
    obj(r('HelmRelease/flux-system/web'), {
      spec: {
        chart: {
          spec: { chart: 'web', sourceRef: { kind: 'HelmRepository', name: 'charts', namespace: 'sources' } },
        },
      },
    }),
  );
  index.upsertEvent(ev('e3', 'Kustomization', 'apps', '2026-01-01T00:03:00Z'));
  index.upsertEvent(
    ev('e1', 'GitRepository', 'repo', '2026-01-01T00:01:00Z', {
      type: 'Warning',
      reason: 'GitOperationFailed',
    }),
  );
  index.upsertEvent(ev('e2', 'Deployment', 'web', '2026-01-01T00:02:00Z'));
  index.upsertEvent(
    ev('e4', 'kustomization', 'other', '2026-01-01T00:00:30Z', {
      series: { count: 3, lastObservedTime: '2026-01-01T00:04:00Z' },
    }),
  );
  index.upsertEvent(
    ev('e5', 'HelmChart', 'flux-system-web', '2026-01-01T00:05:00Z', { namespace: 'sources' }),
  );
  index.upsertEvent(
    ev('e6', 'HelmRepository', 'charts', '2026-01-01T00:06:00Z', {
      namespace: 'sources',
      count: 4,
      firstTimestamp: '2026-01-01T00:00:00Z',
    }),
  );

  it('keeps Flux kinds only (case-insensitive), oldest first by series/last/event time', () => {
    expect(listEvents(index).map(e => e.id)).toEqual(['e1', 'e3', 'e4', 'e5', 'e6']);
    expect(listEvents(index, { type: 'warning' }).map(e => e.id)).toEqual(['e1']);
    expect(listEvents(index, { namespace: 'sources' }).map(e => e.id)).toEqual(['e5', 'e6']);
  });

  it('--for Kind/name adds the referenced objects’ events', () => {
    expect(
      listEvents(index, { kind: 'kustomization', name: 'apps', namespace: 'flux-system' }).map(e => e.id),
    ).toEqual(['e1', 'e3']);
    expect(
      listEvents(index, { kind: 'HelmRelease', name: 'web', namespace: 'flux-system' }).map(e => e.id),
    ).toEqual(['e5', 'e6']);
    expect(listEvents(index, { kind: 'Kustomization' }).map(e => e.id)).toEqual(['e3']);
  });

  it('prints LAST SEEN with HumanDuration and NAMESPACE when needed', () => {
    const now = new Date('2026-01-01T00:10:00Z');
    const text = renderEventsText(listEvents(index, { namespace: 'sources' }), { now, namespace: 'sources' });
    expect(text).toBe(
      'LAST SEEN       \tTYPE  \tREASON                 \tOBJECT                   \tMESSAGE \n' +
        '5m              \tNormal\tReconciliationSucceeded\tHelmChart/flux-system-web\tok     \t\n' +
        '4m (x4 over 10m)\tNormal\tReconciliationSucceeded\tHelmRepository/charts    \tok     \t\n',
    );
    const series = listEvents(index).find(e => e.id === 'e4');
    expect(series && lastSeen(series, now)).toBe('6m (x3 over 9m30s)');
    expect(
      renderEventsText(listEvents(index), { now, allNamespaces: true }).startsWith('NAMESPACE  \tLAST SEEN'),
    ).toBe(true);
  });

  it('HumanDuration matches apimachinery at every boundary', () => {
    const s = 1000;
    const cases: Array<[number, string]> = [
      [-2 * s, '<invalid>'], [-1 * s, '0s'], [0, '0s'], [119 * s, '119s'], [120 * s, '2m'], [125 * s, '2m5s'],
      [600 * s, '10m'], [179 * 60 * s, '179m'], [3 * 3600 * s, '3h'], [(3 * 60 + 5) * 60 * s, '3h5m'],
      [8 * 3600 * s, '8h'], [47 * 3600 * s, '47h'], [48 * 3600 * s, '2d'], [50 * 3600 * s, '2d2h'],
      [8 * 86400 * s, '8d'], [730 * 86400 * s, '2y'], [731 * 86400 * s, '2y1d'], [8 * 365 * 86400 * s, '8y'],
    ]; // prettier-ignore
    for (const [ms, want] of cases) expect(humanDuration(ms), String(ms)).toBe(want);
  });
});
