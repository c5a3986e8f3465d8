/**
 * The map's search state (pure parts in model/find.ts): the matches in reading order, the current one, the
 * marks the nodes draw, and stepping: a match folded into a collapsed group opens that group, then is
 * brought into the part of the canvas the side panel leaves free (the map stays put when it already is).
 */
import type { GraphModel, ObjRef } from '@fluxscope/shared';
import type { ReactFlowInstance } from '@xyflow/react';
import {
  type Dispatch,
  type RefObject,
  type SetStateAction,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { type MapSearch, findMatches, matchesPerGroup, stepMatch } from './model/find';
import type { SearchMarks } from './model/flow';
import type { GroupBy, MapGroup } from './model/groups';
import type { MapLayout } from './model/layout';
import { type Inset, boxOf, revealBox } from './model/viewport';

export interface Expanded {
  by?: GroupBy;
  keys: ReadonlySet<string>;
}

interface Options {
  model: GraphModel;
  text: string | undefined;
  viaOwned: ReadonlyMap<string, ObjRef> | undefined;
  layout: MapLayout;
  groups: ReadonlyMap<string, MapGroup>;
  folded: ReadonlyMap<string, string>;
  grouping: GroupBy | undefined;
  setExpanded: Dispatch<SetStateAction<Expanded>>;
  canvas: RefObject<HTMLDivElement | null>;
  flow: Pick<ReactFlowInstance, 'getViewport' | 'setViewport'>;
  /** What the side panel covers of a canvas this size (nothing when it is closed). */
  inset: (width: number, height: number) => Inset;
}

export interface MapSearchState {
  found: MapSearch;
  current: string | undefined;
  marks: SearchMarks | undefined;
  step: (direction: 1 | -1) => void;
}

export function useMapSearch(o: Options): MapSearchState {
  const { model, text, viaOwned, layout, groups, folded, grouping, setExpanded, canvas, flow, inset } = o;
  const found = useMemo(
    () => findMatches(model, text, viaOwned, id => layout.positions.get(folded.get(id) ?? id)),
    [model, text, viaOwned, layout, folded],
  );
  const [stepped, setStepped] = useState<{ text: string; id?: string }>({ text: '' });
  const current =
    stepped.text === found.text && stepped.id && found.byId.has(stepped.id) ? stepped.id : undefined;
  const marks = useMemo(
    () =>
      found.text
        ? {
            search: found,
            current: current === undefined ? undefined : (folded.get(current) ?? current),
            perGroup: matchesPerGroup(found, folded),
          }
        : undefined,
    [found, current, folded],
  );

  // The match to bring on screen once it is laid out (after its group opened).
  const reveal = useRef<string | undefined>(undefined);
  const step = (direction: 1 | -1) => {
    const next = stepMatch(found, current, direction);
    if (next === undefined) return;
    setStepped({ text: found.text, id: next });
    reveal.current = next;
    const group = groups.get(folded.get(next) ?? '');
    if (group && grouping) {
      setExpanded(prev => ({
        by: grouping,
        keys: new Set([...(prev.by === grouping ? prev.keys : []), group.key]),
      }));
    }
  };
  useEffect(() => {
    const id = reveal.current;
    const box = canvas.current?.getBoundingClientRect();
    const target = id ? boxOf([id], layout.positions) : undefined;
    if (!id || !target || !box || folded.has(id)) return;
    reveal.current = undefined;
    const next = revealBox(target, flow.getViewport(), box.width, box.height, inset(box.width, box.height));
    if (next) void flow.setViewport(next, { duration: 250 });
  }, [layout, folded, stepped, flow, canvas, inset]);

  return { found, current, marks, step };
}
