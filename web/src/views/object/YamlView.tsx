import { Fragment, useMemo } from 'react';
import type { ClusterObject, ObjRef } from '@fluxscope/shared';
import { useToast } from '../../components/toast';
import { useObjectDetail } from './useObjectDetail';
import { tokenizeYamlLine } from './yaml-tokens';

/** The YAML with its keys, values and comments coloured (yaml-tokens.ts); the text itself is unchanged. */
function HighlightedYaml({ text }: { text: string }) {
  const lines = useMemo(() => text.split('\n').map(tokenizeYamlLine), [text]);
  return lines.map((tokens, i) => (
    <Fragment key={i}>
      {tokens.map((t, j) =>
        t.kind === 'plain' ? (
          t.text
        ) : (
          <span key={j} className={`yaml-${t.kind}`}>
            {t.text}
          </span>
        ),
      )}
      {i < lines.length - 1 ? '\n' : null}
    </Fragment>
  ));
}

export function YamlView({ objRef, obj }: { objRef: ObjRef; obj: ClusterObject }) {
  const detail = useObjectDetail(objRef, obj);
  const notify = useToast();
  if (detail.isPending) return <p className="faint card__body">Loading YAML…</p>;
  if (detail.isError) return <p className="card__body">Could not load the YAML: {detail.error.message}</p>;
  const copy = () =>
    navigator.clipboard?.writeText(detail.data.yaml).then(
      () => notify('Copied YAML'),
      () => notify('The browser refused clipboard access', 'error'),
    );
  return (
    <section className="card yaml" aria-label="YAML">
      <div className="card__head">
        <h2>YAML</h2>
        <span className="faint">as stored by Fluxscope (managedFields removed)</span>
        <button type="button" className="btn btn--sm" onClick={() => void copy()}>
          Copy YAML
        </button>
      </div>
      <pre className="yaml__body" tabIndex={0}>
        <HighlightedYaml text={detail.data.yaml} />
      </pre>
    </section>
  );
}
