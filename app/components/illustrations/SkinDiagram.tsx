// Informative: a cross-section of skin after microneedling, with numbered
// markers that the page explains in a list beside it. The words come from the
// message catalog, so the picture speaks the page's language.
export interface SkinDiagramLabels {
  title: string;
  description: string;
  epidermis: string;
  dermis: string;
  hypodermis: string;
}

function Marker({ x, y, n }: { x: number; y: number; n: number }) {
  return (
    <g>
      <circle cx={x} cy={y} r="10" fill="#2f5d50" stroke="#fbf8f3" strokeWidth="2" />
      <text x={x} y={y + 4.5} textAnchor="middle" fontSize="13" fontWeight="700" fill="#ffffff">
        {n}
      </text>
    </g>
  );
}

export function SkinDiagram({ labels, className }: { labels: SkinDiagramLabels; className?: string }) {
  return (
    <svg
      className={className}
      viewBox="0 0 360 290"
      width="360"
      height="290"
      role="img"
      aria-labelledby="skin-diagram-title skin-diagram-desc"
    >
      <title id="skin-diagram-title">{labels.title}</title>
      <desc id="skin-diagram-desc">{labels.description}</desc>
      <rect x="8" y="44" width="244" height="238" rx="10" fill="#fcf1e0" />
      <path d="M8 54c0-6 4-10 10-10 30 4 50-6 80-2s52 6 80 0 50-2 64 2c6 0 10 4 10 10v24H8z" fill="#eec3a4" />
      <path d="M8 78h244v126H8z" fill="#f8e4d2" />
      <g fill="#fdf6ea" stroke="#e2c79f" strokeWidth="1.5">
        <circle cx="34" cy="230" r="14" />
        <circle cx="70" cy="246" r="16" />
        <circle cx="112" cy="228" r="13" />
        <circle cx="150" cy="252" r="15" />
        <circle cx="192" cy="230" r="14" />
        <circle cx="230" cy="250" r="13" />
      </g>
      <g fill="none" stroke="#e0b99b" strokeWidth="2" strokeLinecap="round">
        <path d="M20 100c12-8 24 8 36 0s24 8 36 0" />
        <path d="M160 96c12-8 24 8 36 0s24 8 36 0" />
        <path d="M24 170c12-8 24 8 36 0s24 8 36 0s24 8 36 0" />
        <path d="M176 176c12-8 24 8 36 0s24 8 36 0" />
      </g>
      <g fill="#c4694c">
        <path d="M64 46l6 100 6-100z" />
        <path d="M124 44l6 104 6-104z" />
        <path d="M184 46l6 100 6-100z" />
      </g>
      <g fill="#d99a2b">
        <circle cx="54" cy="96" r="3" />
        <circle cx="88" cy="108" r="3" />
        <circle cx="50" cy="124" r="2.5" />
        <circle cx="86" cy="132" r="2.5" />
        <circle cx="60" cy="150" r="3" />
      </g>
      <g fill="none" stroke="#2f5d50" strokeWidth="2.2" strokeLinecap="round">
        <path d="M100 120c8-6 16 6 24 0" />
        <path d="M138 128c8-6 16 6 24 0" />
        <path d="M104 142c8-6 16 6 24 0s16 6 24 0" />
      </g>
      <g fill="#a4532f">
        <ellipse cx="112" cy="108" rx="9" ry="5" transform="rotate(-15 112 108)" />
        <ellipse cx="152" cy="114" rx="9" ry="5" transform="rotate(12 152 114)" />
      </g>
      <g fill="#fbf8f3">
        <circle cx="112" cy="108" r="2" />
        <circle cx="152" cy="114" r="2" />
      </g>
      <path
        d="M206 100c6-6 12 4 6 8s-12-2-6-8c8-8 18 0 14 8s-14 6-10-2M212 130c6-6 12 4 6 8s-12-2-6-8c8-8 18 0 14 8"
        fill="none"
        stroke="#5f8a78"
        strokeWidth="1.8"
        strokeLinecap="round"
      />
      <path d="M8 192c40-10 80 8 122 0s84-10 122 0" fill="none" stroke="#b8453a" strokeWidth="7" strokeLinecap="round" />
      <path d="M150 190c-4-14 2-26 14-34" fill="none" stroke="#b8453a" strokeWidth="3.5" strokeLinecap="round" />
      <path d="M8 44h244M8 78h244M8 204h244" stroke="#d9d2c5" strokeWidth="1" />
      <g stroke="#4f5d5b" strokeWidth="1.2">
        <path d="M256 46v30M256 80v122M256 206v74" />
      </g>
      <g fontSize="15" fill="#1d2a2a">
        <text x="264" y="66">
          {labels.epidermis}
        </text>
        <text x="264" y="146">
          {labels.dermis}
        </text>
        <text x="264" y="248">
          {labels.hypodermis}
        </text>
      </g>
      <Marker x={130} y={24} n={1} />
      <Marker x={30} y={118} n={2} />
      <Marker x={134} y={90} n={3} />
      <Marker x={232} y={118} n={4} />
      <Marker x={178} y={160} n={5} />
    </svg>
  );
}
