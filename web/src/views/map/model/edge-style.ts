/**
 * How the map's edges are painted on its canvas (EdgeCanvas.tsx): one look per relation, quiet links, the lit
 * chain and the dimmed rest, dependsOn arrowheads at the dependent's end. Pure: a style per edge and a
 * painter that draws clipped curves through the part of the 2D context it needs, so both are tested here.
 *
 * A canvas, not SVG: with software rendering (CI, many laptops in power-saving mode) rasterizing an SVG of
 * hundreds of curves cost ~28 ms per 256 px tile, about 75 % of the CPU time of a pan (bench/results.md).
 */
import type { Cubic } from './edge-geometry';
import type { MapEdgeData } from './flow';

/** The theme colour an edge is stroked with (CSS custom properties, read from the page: light and dark). */
export type EdgeColour = 'edge' | 'depends' | 'source' | 'failed';
export const EDGE_COLOUR_VARS: Record<EdgeColour, string> = {
  edge: '--edge',
  depends: '--edge-depends',
  source: '--edge-source',
  failed: '--failed',
};
export type EdgePalette = Record<EdgeColour, string>;

export interface EdgeStyle {
  colour: EdgeColour;
  /** Stroke width in flow units (scaled with the zoom, as the nodes are). */
  width: number;
  alpha: number;
  /** Dash pattern in flow units; empty for a solid line. */
  dash: readonly number[];
  /** A dependsOn arrowhead at the curve's end, in the dependsOn colour. */
  arrow: boolean;
  /** Paint order: dimmed below plain below lit, and dependsOn above every other relation. */
  layer: number;
}

const SOURCE_DASH = [1.5, 3.5] as const;
const NO_DASH: readonly number[] = [];

/**
 * "applies" and "uses source" links stay quiet (faint) until a node is hovered or selected, or all links
 * are asked for: the dependsOn chain is what the map is read by. A highlight lights its chain and dims the
 * rest, whatever the toggle says.
 */
export function edgeStyle(data: MapEdgeData, allLinks: boolean, highlighted: boolean): EdgeStyle {
  const depends = data.type === 'dependsOn';
  const light = data.lit ? 'lit' : highlighted || data.dim ? 'dim' : undefined;
  const colour: EdgeColour = data.dangling
    ? 'failed'
    : depends
      ? 'depends'
      : data.type === 'uses-source'
        ? 'source'
        : 'edge';
  const width = light === 'lit' ? (depends ? 2.5 : 2.25) : depends ? 2 : 1.25;
  const alpha = light === 'dim' ? 0.12 : light === 'lit' || depends || allLinks ? 1 : 0.22;
  const layer = (depends ? 3 : 0) + (light === 'dim' ? 0 : light === 'lit' ? 2 : 1);
  return {
    colour,
    width,
    alpha,
    dash: data.type === 'uses-source' ? SOURCE_DASH : NO_DASH,
    arrow: depends,
    layer,
  };
}

/**
 * The arrowhead at a curve's end for a stroke `width`: the SVG marker it replaces (viewBox 10, drawn 6
 * stroke widths wide, tip on the end point), pointing along the curve's last tangent.
 */
export function arrowHead(c: Cubic, width: number): [number, number, number, number, number, number] {
  const tip = c[3];
  const from = [c[2], c[1], c[0]].find(p => p.x !== tip.x || p.y !== tip.y) ?? { x: tip.x - 1, y: tip.y };
  const length = Math.hypot(tip.x - from.x, tip.y - from.y);
  const dx = (tip.x - from.x) / length;
  const dy = (tip.y - from.y) / length;
  const unit = (6 * width) / 10;
  const bx = tip.x - dx * 9 * unit;
  const by = tip.y - dy * 9 * unit;
  const half = 4 * unit;
  return [tip.x, tip.y, bx - dy * half, by + dx * half, bx + dy * half, by - dx * half];
}

export interface EdgePiece {
  id: string;
  curve: Cubic;
  dashOffset: number;
  toEnd: boolean;
  style: EdgeStyle;
}

/** What of CanvasRenderingContext2D the painter uses (a fake in the tests). */
export type Painter = Pick<
  CanvasRenderingContext2D,
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'bezierCurveTo'
  | 'closePath'
  | 'stroke'
  | 'fill'
  | 'setLineDash'
  | 'lineDashOffset'
  | 'lineWidth'
  | 'lineCap'
  | 'strokeStyle'
  | 'fillStyle'
  | 'globalAlpha'
>;

const sameLook = (a: EdgeStyle, b: EdgeStyle): boolean =>
  a.colour === b.colour && a.width === b.width && a.alpha === b.alpha && a.dash === b.dash;

/** Below this many pixels per dash period a dashed edge is stroked solid (see paintEdges). */
export const MIN_DASH_PERIOD_PX = 3;

/** Of a dash pattern of length `period`, the share that is ink. */
const inkShare = (dash: readonly number[], period: number): number =>
  dash.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0) / period;

/**
 * Paints `pieces` (already in the context's coordinates): by layer, solid pieces of the same look in one
 * stroke, dashed ones one by one (each keeps its own dash offset), then their arrowheads.
 * `pixelsPerUnit` is the canvas's resolution: where a dash period would be under MIN_DASH_PERIOD_PX (zoomed
 * far out), the edge is stroked solid at the ink share of its pattern, which looks the same and saves
 * rasterizing sub-pixel dashes (seconds per redraw for a whole 10,000-object map in software).
 * Returns how many pieces were drawn and how many of them lit.
 */
export function paintEdges(
  ctx: Painter,
  pieces: readonly EdgePiece[],
  palette: EdgePalette,
  pixelsPerUnit = 1,
): { drawn: number; lit: number } {
  // Within a layer, pieces of one look are painted together (in the order the looks first appear): how
  // faint links of two relations cross each other does not show, and it makes a few strokes of hundreds.
  const firstOfLook = new Map<string, number>();
  const ordered = pieces.map((piece, i) => {
    const s = piece.style;
    const look = `${s.layer}|${s.colour}|${s.width}|${s.alpha}|${s.dash.length}`;
    if (!firstOfLook.has(look)) firstOfLook.set(look, i);
    return { piece, i, first: firstOfLook.get(look)! };
  });
  ordered.sort((a, b) => a.piece.style.layer - b.piece.style.layer || a.first - b.first || a.i - b.i);
  let lit = 0;
  let start = 0;
  while (start < ordered.length) {
    const style = ordered[start]!.piece.style;
    let end = start + 1;
    while (end < ordered.length && sameLook(ordered[end]!.piece.style, style)) end++;
    const run = ordered.slice(start, end).map(o => o.piece);
    const period = style.dash.reduce((a, b) => a + b, 0);
    const dashed = style.dash.length > 0 && period * pixelsPerUnit >= MIN_DASH_PERIOD_PX;
    ctx.globalAlpha = dashed || !period ? style.alpha : style.alpha * inkShare(style.dash, period);
    ctx.strokeStyle = palette[style.colour];
    ctx.lineWidth = style.width;
    ctx.lineCap = dashed ? 'round' : 'butt';
    ctx.setLineDash(dashed ? (style.dash as number[]) : []);
    const trace = (c: Cubic) => {
      ctx.moveTo(c[0].x, c[0].y);
      ctx.bezierCurveTo(c[1].x, c[1].y, c[2].x, c[2].y, c[3].x, c[3].y);
    };
    if (dashed) {
      for (const piece of run) {
        ctx.beginPath();
        ctx.lineDashOffset = piece.dashOffset;
        trace(piece.curve);
        ctx.stroke();
      }
    } else {
      ctx.beginPath();
      for (const piece of run) trace(piece.curve);
      ctx.stroke();
    }
    const heads = run.filter(p => p.style.arrow && p.toEnd);
    if (heads.length) {
      ctx.fillStyle = palette.depends;
      ctx.beginPath();
      for (const piece of heads) {
        const [x0, y0, x1, y1, x2, y2] = arrowHead(piece.curve, piece.style.width);
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1, y1);
        ctx.lineTo(x2, y2);
        ctx.closePath();
      }
      ctx.fill();
    }
    if (style.layer % 3 === 2) lit += run.length;
    start = end;
  }
  ctx.globalAlpha = 1;
  return { drawn: pieces.length, lit };
}
