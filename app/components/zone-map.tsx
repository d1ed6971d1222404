// A drawing of the treatable zones for the plan editor (click or tap a zone to
// toggle it) and for read-only copies (portal, print). The drawing is hidden
// from assistive technology and holds nothing focusable: keyboard and
// screen-reader users work with the checkbox list the page renders beside it,
// and the map only mirrors that list (selected zones, the focused one).
import { useId } from "react";
import type { ZoneId } from "../../src/plans/types.ts";
import zoneMapCss from "./zone-map.css?url";

/** Bumped when a zone's outline changes meaning, so a stored copy can tell which drawing the client saw. */
export const ZONE_MAP_VERSION = 1;

// Drawn on a 360-unit-wide canvas so that at a 360 px wide screen one unit is one pixel,
// which makes target sizes easy to reason about.
const WIDTH = 360;
const MID = WIDTH / 2;

interface Region {
  paths: string[];
  /** Where the check mark sits when the zone is selected. */
  check: [number, number];
}

/** Applies `point` to every "x,y" pair of a path; the paths here use absolute M/L/C/Q/Z commands only. */
function mapPoints(d: string, point: (x: number, y: number) => [number, number]): string {
  const round = (n: number) => String(Math.round(n * 100) / 100);
  return d.replace(/(-?\d*\.?\d+),(-?\d*\.?\d+)/g, (_, x: string, y: string) => {
    const [px, py] = point(Number(x), Number(y));
    return `${round(px)},${round(py)}`;
  });
}

/** Left and right zones are drawn once and mirrored, so the two sides cannot drift apart. */
function mirror(d: string, axis: number = MID): string {
  return mapPoints(d, (x, y) => [2 * axis - x, y]);
}

function place(d: string, at: { x: number; y: number }, scale = 1): string {
  return mapPoints(d, (x, y) => [at.x + x * scale, at.y + y * scale]);
}

// The face. The client's right side is drawn on the viewer's left, as when facing the client.
const HEAD =
  "M180,28 C232,28 266,66 266,124 C266,176 254,218 234,248 C220,268 202,282 180,282 C158,282 140,268 126,248 C106,218 94,176 94,124 C94,66 128,28 180,28 Z";
const BUST =
  "M146,246 L146,316 C120,328 70,332 44,350 C30,360 24,378 22,408 L338,408 C336,378 330,360 316,350 C290,332 240,328 214,316 L214,246 Z";
const EYE = { cx: 144, cy: 150, rx: 24, ry: 14 };
const PERIORBITAL_RIGHT =
  "M122,134 C106,140 99,152 100,166 C101,184 120,196 140,196 C147,196 152,195 155,193 L161,167 C156,168 150,168 144,168 C128.5,168 116,159.9 116,150 C116,143 118,138 122,134 Z";
const CHEEK_RIGHT =
  "M105,202 C120,199 138,199 150,204 C150,212 146,219 143,226 C141,232 141,240 141,246 C132,243 124,236 119,230 C112,222 107,213 105,202 Z";

// The small figures are drawn centred on x = 0 and placed with place().
const FIGURE_SCALE = 1.25;
const FIGURE =
  "M-12,21 L12,21 C20,21 24,25 25,32 L31,66 C32,71 26,72 25,67 L19,40 L19,70 L20,112 C20,116 10,116 10,112 L2,76 L-2,76 L-10,112 C-10,116 -20,116 -20,112 L-19,70 L-19,40 L-25,67 C-26,72 -32,71 -31,66 L-25,32 C-24,25 -20,21 -12,21 Z";
const HAND =
  "M10,88 L10,64 C6,60 2,54 0,48 L-2,40 C-3,35 2,33 5,37 L10,45 L10,14 C10,10 16,10 16,14 L16,36 L18,36 L18,10 C18,6 24,6 24,10 L24,36 L26,36 L26,12 C26,8 32,8 32,12 L32,38 L34,38 L34,20 C34,16 40,16 40,20 L40,60 C40,70 36,76 34,80 L34,88 Z";
const FRONT = { x: 180, y: 424 };
const BACK = { x: 298, y: 424 };
const HANDS = { x: 6, y: 440 };
const HANDS_SCALE = 1.2;
const figure = (d: string, at: { x: number; y: number }) => place(d, at, FIGURE_SCALE);
const figurePoint = (at: { x: number; y: number }, x: number, y: number): [number, number] => [
  at.x + x * FIGURE_SCALE,
  at.y + y * FIGURE_SCALE,
];
const LABEL_Y = FRONT.y + 116 * FIGURE_SCALE + 18;
const HEIGHT = LABEL_Y + 8;

const REGIONS = {
  scalp: {
    paths: ["M100,94 C102,54 136,32 180,32 C224,32 258,54 260,94 C236,74 210,64 180,64 C150,64 124,74 100,94 Z"],
    check: [180, 48],
  },
  forehead: {
    paths: [
      "M104,102 C128,82 152,72 180,72 C208,72 232,82 256,102 C258,110 258,116 257,122 C232,118 206,118 180,120 C154,118 128,118 103,122 C102,116 102,108 104,102 Z",
    ],
    check: [180, 98],
  },
  "periorbital-right": { paths: [PERIORBITAL_RIGHT], check: [112, 180] },
  "periorbital-left": { paths: [mirror(PERIORBITAL_RIGHT)], check: [WIDTH - 112, 180] },
  nose: {
    paths: [
      "M171,136 L189,136 C190,156 195,174 202,188 C207,198 200,205 192,203 C187,207 173,207 168,203 C160,205 153,198 158,188 C165,174 170,156 171,136 Z",
    ],
    check: [180, 172],
  },
  "cheek-right": { paths: [CHEEK_RIGHT], check: [128, 218] },
  "cheek-left": { paths: [mirror(CHEEK_RIGHT)], check: [WIDTH - 128, 218] },
  perioral: {
    paths: ["M146,229 C146,216 162,211 180,211 C198,211 214,216 214,229 C214,242 198,248 180,248 C162,248 146,242 146,229 Z"],
    check: [206, 240],
  },
  "chin-jawline": {
    paths: [
      "M119,236 C122,244 127,251 134,258 C146,270 160,279 180,279 C200,279 214,270 226,258 C233,251 238,244 241,236 L231,243 C228,247 225,250 220,252 C208,260 196,258 180,258 C164,258 152,260 140,252 C135,250 132,247 129,243 Z",
    ],
    check: [180, 268],
  },
  neck: {
    paths: ["M152,276 C162,284 170,288 180,288 C190,288 198,284 208,276 C208,294 210,310 214,324 L146,324 C150,310 152,294 152,276 Z"],
    check: [180, 308],
  },
  decollete: {
    paths: [
      "M142,332 C156,338 204,338 218,332 C240,340 262,346 280,356 C260,380 226,396 180,398 C134,396 100,380 80,356 C98,346 120,340 142,332 Z",
    ],
    check: [180, 366],
  },
  hands: {
    paths: [place(mirror(HAND, 20), HANDS, HANDS_SCALE), place(HAND, { x: HANDS.x + 52 * HANDS_SCALE, y: HANDS.y }, HANDS_SCALE)],
    check: [HANDS.x + 46 * HANDS_SCALE, HANDS.y + 62 * HANDS_SCALE],
  },
  abdomen: {
    paths: [figure("M-13,42 L13,42 Q16,42 16,45 L16,65 Q16,68 13,68 L-13,68 Q-16,68 -16,65 L-16,45 Q-16,42 -13,42 Z", FRONT)],
    check: figurePoint(FRONT, 0, 55),
  },
  thighs: {
    paths: [
      figure("M-18,78 L-4,78 Q-3,78 -3,80 L-5,98 Q-5,100 -7,100 L-16,100 Q-18,100 -18,98 Z", FRONT),
      figure("M18,78 L4,78 Q3,78 3,80 L5,98 Q5,100 7,100 L16,100 Q18,100 18,98 Z", FRONT),
    ],
    check: figurePoint(FRONT, 0, 89),
  },
  back: {
    paths: [figure("M-13,26 L13,26 Q16,26 16,29 L16,67 Q16,70 13,70 L-13,70 Q-16,70 -16,67 L-16,29 Q-16,26 -13,26 Z", BACK)],
    check: figurePoint(BACK, 0, 48),
  },
} satisfies Record<ZoneId, Region>;

// Painted in this order so small zones lie above their neighbours' widened hit areas.
const ORDER: ZoneId[] = [
  "scalp",
  "forehead",
  "chin-jawline",
  "cheek-right",
  "cheek-left",
  "neck",
  "decollete",
  "periorbital-right",
  "periorbital-left",
  "nose",
  "perioral",
  "hands",
  "abdomen",
  "thighs",
  "back",
];

export function ZoneMap({
  selected,
  focused = null,
  onToggle,
  labels,
  readOnly = false,
  title,
}: {
  selected: readonly ZoneId[];
  focused?: ZoneId | null;
  onToggle?: (zone: ZoneId) => void;
  labels: Record<ZoneId, string>;
  readOnly?: boolean;
  title: string;
}) {
  const id = useId();
  const toggle = readOnly ? undefined : onToggle;
  const interactive = toggle !== undefined;
  const chosen = new Set(selected);
  const stripes = `${id}-selected`;
  const hatch = `${id}-not-treated`;
  return (
    <figure className={`zone-map${interactive ? " interactive" : ""}`}>
      {/* React hoists this into <head> once, however many maps a page shows. Vitest stubs CSS
          URLs as "", and React warns about an empty href. */}
      {zoneMapCss ? <link rel="stylesheet" href={zoneMapCss} precedence="default" /> : null}
      <figcaption className="zone-map-title">{title}</figcaption>
      <svg
        className="zone-map-drawing"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        preserveAspectRatio="xMidYMin meet"
        aria-hidden="true"
      >
        <defs>
          <pattern id={stripes} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <rect className="zone-map-stripe-ground" width="6" height="6" />
            <rect className="zone-map-stripe" width="2.5" height="6" />
          </pattern>
          <pattern id={hatch} patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(-45)">
            <rect className="zone-map-hatch-ground" width="5" height="5" />
            <rect className="zone-map-hatch" width="1.4" height="5" />
          </pattern>
        </defs>

        <g className="zone-map-body" pointerEvents="none">
          <path d={BUST} />
          <ellipse cx={92} cy={160} rx={9} ry={20} />
          <ellipse cx={WIDTH - 92} cy={160} rx={9} ry={20} />
          <path d={HEAD} />
          {[FRONT, BACK].map((at) => (
            <g key={at.x}>
              <circle cx={at.x} cy={at.y + 9 * FIGURE_SCALE} r={9 * FIGURE_SCALE} />
              <path d={figure(FIGURE, at)} />
            </g>
          ))}
        </g>
        {/* Seen from behind, the head is all hair: the cue that this figure is the back view. */}
        <circle className="zone-map-hair" cx={BACK.x} cy={BACK.y + 9 * FIGURE_SCALE} r={9 * FIGURE_SCALE} pointerEvents="none" />

        {ORDER.map((zone) => {
          const region: Region = REGIONS[zone];
          const isSelected = chosen.has(zone);
          const classes = [
            "zone-map-region",
            isSelected ? "selected" : "",
            focused === zone ? "focused" : "",
            interactive ? "clickable" : "",
          ];
          return (
            <g key={zone} data-zone={zone} className={classes.filter(Boolean).join(" ")} onClick={toggle ? () => toggle(zone) : undefined}>
              <title>{labels[zone]}</title>
              {region.paths.map((d) => (
                <path key={d} d={d} fill={isSelected ? `url(#${stripes})` : undefined} />
              ))}
              {/* A wider invisible edge, so a fingertip that lands in the gap between zones still counts. */}
              {interactive
                ? region.paths.map((d) => <path key={`hit-${d}`} d={d} className="zone-map-hit" fill="none" pointerEvents="stroke" />)
                : null}
            </g>
          );
        })}

        {[EYE.cx, WIDTH - EYE.cx].map((cx) => (
          <g key={cx} data-area="eyelids" className="zone-map-no-treatment">
            <ellipse cx={cx} cy={EYE.cy} rx={EYE.rx} ry={EYE.ry} fill={`url(#${hatch})`} />
          </g>
        ))}

        <g className="zone-map-features" pointerEvents="none">
          {[0, 1].map((side) => {
            const flip = (d: string) => (side === 0 ? d : mirror(d));
            const cx = side === 0 ? EYE.cx : WIDTH - EYE.cx;
            return (
              <g key={side}>
                <path d={flip("M120,130 C132,123 152,123 166,130")} />
                <path className="zone-map-eye" d={flip("M126,150 C134,142 154,142 162,150 C154,157 134,157 126,150 Z")} />
                <circle className="zone-map-iris" cx={cx} cy={EYE.cy} r={4.5} />
              </g>
            );
          })}
          <path d="M166,201 C172,206 188,206 194,201" />
          <path d="M160,232 C168,227 175,227 180,230 C185,227 192,227 200,232 C192,238 168,238 160,232 Z" />
          <path d="M160,232 L200,232" />
        </g>

        {ORDER.filter((zone) => chosen.has(zone)).map((zone) => {
          const [x, y] = REGIONS[zone].check;
          return (
            <g key={zone} className="zone-map-check" transform={`translate(${x} ${y})`} pointerEvents="none">
              <circle r={8.5} />
              <path d="M-4,0.5 L-1.2,3.3 L4.3,-3" />
            </g>
          );
        })}

        <g className="zone-map-captions" pointerEvents="none">
          <text x={44} y={146}>
            <tspan x={44}>Client&apos;s</tspan>
            <tspan x={44} dy={14}>
              right
            </tspan>
          </text>
          <text x={WIDTH - 44} y={146}>
            <tspan x={WIDTH - 44}>Client&apos;s</tspan>
            <tspan x={WIDTH - 44} dy={14}>
              left
            </tspan>
          </text>
          <text x={HANDS.x + 46 * HANDS_SCALE} y={LABEL_Y}>
            {labels.hands}
          </text>
          <text x={FRONT.x} y={LABEL_Y}>
            Front
          </text>
          <text x={BACK.x} y={LABEL_Y}>
            Back view
          </text>
        </g>
      </svg>
      <p className="zone-map-legend small">
        <span className="zone-map-key selected" aria-hidden="true" /> Selected{" "}
        <span className="zone-map-key not-treated" aria-hidden="true" /> Eyelids (inside the orbital rim): not treated. The drawing faces
        you: the client&apos;s right is on your left.
      </p>
    </figure>
  );
}
