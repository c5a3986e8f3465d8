/**
 * The values helm-controller would pass for a HelmRelease, from the server (it reads the ConfigMaps named
 * in valuesFrom live; Secrets never), refetched when the HelmRelease changes. Each line says its source.
 */
import type { ClusterObject, HelmValues, HelmValuesLine, HelmValuesSource, ObjRef } from '@fluxscope/shared';
import { refKey } from '@fluxscope/shared';
import { useQuery } from '@tanstack/react-query';
import { CopyTextButton } from '../../../components/CopyTextButton';
import { apiPaths, getJson } from '../../../data/api';
import { useApiPath } from '../../../data/cluster-context';
import './helm.css';

const STATE: Record<HelmValuesSource['state'], { text: string; cls: string }> = {
  merged: { text: 'merged', cls: 'st-ready' },
  'not-read': { text: 'Secret, not read', cls: 'st-suspended' },
  skipped: { text: 'skipped', cls: 'st-unknown' },
  failed: { text: 'fails', cls: 'st-failed' },
  'not-reached': { text: 'not reached', cls: 'st-unknown' },
};

function shortLabel(s: HelmValuesSource | undefined): string {
  if (!s) return '?';
  if (s.kind === 'inline') return 'spec.values';
  return `${s.kind} ${s.name ?? ''}${s.valuesKey && s.valuesKey !== 'values.yaml' ? ` [${s.valuesKey}]` : ''}`;
}

function Provenance({ line, sources }: { line: HelmValuesLine; sources: HelmValuesSource[] }) {
  if (line.source === undefined) return null;
  return (
    <span className="helm-values__from">
      <span className={`helm-src helm-src--${line.source % 6}`}>
        {line.source + 1} · {shortLabel(sources[line.source])}
      </span>
      {line.overrode?.length ? (
        <span className="faint"> over {line.overrode.map(i => `${i + 1}`).join(', ')}</span>
      ) : null}
      {line.mayBeOverriddenBy?.length ? (
        <span
          className="helm-values__maybe"
          title="A Secret merged later may replace this value; Fluxscope does not read Secrets"
        >
          {' '}
          may be replaced by {line.mayBeOverriddenBy.map(i => `${i + 1}`).join(', ')}
        </span>
      ) : null}
    </span>
  );
}

export function ValuesPanel({ objRef, obj }: { objRef: ObjRef; obj: ClusterObject }) {
  const path = useApiPath()(apiPaths.helmValues(objRef));
  const query = useQuery({
    queryKey: ['helm-values', path, refKey(objRef), obj.metadata.resourceVersion ?? ''],
    queryFn: ({ signal }) => getJson<HelmValues>(path, { signal }),
    staleTime: 30_000,
    placeholderData: previous => previous,
    retry: 1,
  });
  const values = query.data;
  return (
    <section className="card" aria-label="Values">
      <div className="card__head">
        <h2>Values</h2>
        <span className="count helm-head-note">
          as helm-controller merges them: valuesFrom in order, then spec.values
        </span>
        <CopyTextButton
          path={`${apiPaths.helmValues(objRef)}?format=text`}
          what="the values"
          label="Copy as YAML"
        />
      </div>
      {query.isError && !values && (
        <p className="table-empty" role="alert">
          Could not load the values: {(query.error as Error).message}
        </p>
      )}
      {!values && !query.isError && <p className="table-empty">Loading…</p>}
      {values && (
        <>
          {values.error && (
            <p className="helm-values__error" role="alert">
              helm-controller would fail here: {values.error}
            </p>
          )}
          <ol className="helm-sources" aria-label="Sources in merge order">
            {values.sources.map((s, i) => (
              <li key={i}>
                <span className={`helm-src helm-src--${i % 6}`}>{i + 1}</span>
                <span className="helm-sources__label mono">{s.label}</span>
                {s.optional && <span className="faint"> optional</span>}
                {s.literal && <span className="faint"> literal</span>}
                <span className={`badge ${STATE[s.state].cls}`}>
                  <span className="dot" aria-hidden="true" />
                  {STATE[s.state].text}
                </span>
                {s.message && <span className="faint helm-sources__msg">{s.message}</span>}
              </li>
            ))}
          </ol>
          {values.secretsNote && <p className="card__foot helm-values__note">{values.secretsNote}</p>}
          {values.lines.length === 0 ? (
            <p className="table-empty">No values: the chart's defaults apply.</p>
          ) : (
            <div className="helm-values" role="table" aria-label="Merged values">
              {values.lines.map((l, i) => (
                <div key={i} className="helm-values__row" role="row">
                  <code
                    role="cell"
                    className={`helm-values__code${l.secret ? ' helm-values__code--secret' : ''}`}
                    style={{ paddingLeft: `${l.depth * 2}ch` }}
                  >
                    {l.text}
                  </code>
                  <span role="cell">
                    <Provenance line={l} sources={values.sources} />
                  </span>
                </div>
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
}
