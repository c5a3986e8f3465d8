/**
 * The filter row of the table views (Objects, Events): a search box, selects and a count, each filter bound
 * to its URL parameter (FILTER_PARAMS, the same keys in every view), so filters survive reloads and links.
 */
import type { ReactNode } from 'react';
import { useQueryParam } from '../router/router';
import { FILTER_PARAMS } from '../router/routes';

/** The toolbar itself: its controls in order, then the count at the end. */
export function FilterToolbar({
  label,
  count,
  children,
}: {
  /** Accessible name, e.g. "Event filters". */
  label: string;
  count: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="toolbar filters" role="toolbar" aria-label={label}>
      {children}
      <span className="count filters__count" aria-live="polite">
        {count}
      </span>
    </div>
  );
}

/** A free-text filter in the `q` parameter. */
export function SearchFilter({ label, placeholder }: { label: string; placeholder: string }) {
  const [text, setText] = useQueryParam(FILTER_PARAMS.text);
  return (
    <input
      className="input filters__search"
      type="search"
      placeholder={placeholder}
      aria-label={label}
      value={text}
      onChange={e => setText(e.target.value)}
    />
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

/** A select bound to one URL parameter; the empty value is "all" (`allLabel`). */
export function SelectFilter({
  param,
  label,
  allLabel,
  options,
}: {
  param: string;
  label: string;
  allLabel: string;
  options: readonly (string | SelectOption)[];
}) {
  const [value, setValue] = useQueryParam(param);
  const listed = options.map(option =>
    typeof option === 'string' ? { value: option, label: option } : option,
  );
  // A link may filter on a value this view has nothing of (yet): show it rather than "all", which would lie.
  if (value && !listed.some(option => option.value === value)) listed.push({ value, label: value });
  return (
    <select className="select" aria-label={label} value={value} onChange={e => setValue(e.target.value)}>
      <option value="">{allLabel}</option>
      {listed.map(option => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/** The namespace filter, the same parameter in every view. */
export function NamespaceFilter({ namespaces }: { namespaces: readonly string[] }) {
  return (
    <SelectFilter
      param={FILTER_PARAMS.namespace}
      label="Namespace"
      allLabel="All namespaces"
      options={namespaces}
    />
  );
}

/** The kind filter. */
export function KindFilter({ kinds }: { kinds: readonly string[] }) {
  return <SelectFilter param={FILTER_PARAMS.kind} label="Kind" allLabel="All kinds" options={kinds} />;
}
