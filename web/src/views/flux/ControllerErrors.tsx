/**
 * A controller's newest error lines on the Flux runtime page, read only when asked ("Last errors"): the
 * server reads the end of the controller Pods' logs and serves every asker from that read for 15 s, so
 * the page never polls logs on its own.
 */
import type { ControllerErrors as Errors, FluxController } from '@fluxscope/shared';
import { useQuery } from '@tanstack/react-query';
import { formatTime } from '../../components/time';
import { getJson } from '../../data/api';
import { useApiPath } from '../../data/cluster-context';
import { ControllerLines } from '../logs/ControllerLines';

/** The server keeps one read per controller for this long: asking again sooner returns the same lines. */
const FRESH_MS = 15_000;

export const controllerErrorsPath = (c: Pick<FluxController, 'ref'>) =>
  `/api/v1/flux-runtime/controllers/${encodeURIComponent(c.ref.namespace)}/${encodeURIComponent(c.ref.name)}/errors`;

export function ControllerErrors({ controller }: { controller: FluxController }) {
  const url = useApiPath()(controllerErrorsPath(controller));
  const errors = useQuery({
    queryKey: ['controller-errors', url],
    queryFn: ({ signal }) => getJson<Errors>(url, { signal }),
    staleTime: FRESH_MS,
    retry: 1,
  });
  if (errors.isPending) return <p className="faint">Reading {controller.name}'s log…</p>;
  if (errors.isError)
    return (
      <p className="st-failed">
        Could not read {controller.name}'s log: {errors.error.message}
      </p>
    );
  const data = errors.data;
  return (
    <div className="ctl-errors">
      <p className="faint ctl-errors__head">
        {data.lines.length === 0
          ? `No error lines in the last ${data.scanned.toLocaleString()} lines`
          : `Newest ${data.lines.length} error lines of the last ${data.scanned.toLocaleString()}`}{' '}
        of {data.pods.join(', ') || 'no Pod'}, read {formatTime(data.readAt)}
        <button
          type="button"
          className="btn btn--ghost btn--sm"
          onClick={() => void errors.refetch()}
          disabled={errors.isFetching}
          title="The server reads the log again at most every 15 s"
        >
          {errors.isFetching ? 'Reading…' : 'Read again'}
        </button>
      </p>
      {data.message && <p className="st-failed">{data.message}</p>}
      {data.lines.length > 0 && (
        <ControllerLines lines={data.lines} label={`${controller.name} error lines`} />
      )}
    </div>
  );
}
