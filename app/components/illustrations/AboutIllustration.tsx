// Decorative: a quiet treatment-room corner (rolled towels, a bowl, a plant).
export function AboutIllustration({ className }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 280 170" width="280" height="170" aria-hidden="true" focusable="false">
      <rect x="10" y="8" width="260" height="154" rx="18" fill="#e6efe9" />
      <rect x="10" y="126" width="260" height="36" rx="0" fill="#d9d2c5" opacity=".6" />
      <path d="M196 126l8-36h44l8 36z" fill="#d9b48f" />
      <path d="M226 90c-2-24 4-44 18-58" fill="none" stroke="#2f5d50" strokeWidth="3" strokeLinecap="round" />
      <g fill="#7fa48f">
        <path d="M228 70c-16-2-26-14-26-26 14 0 26 10 26 26z" />
        <path d="M232 58c2-16 14-26 28-26 0 14-12 26-28 26z" />
        <path d="M236 40c-10-10-10-24-2-32 10 8 10 22 2 32z" />
      </g>
      <g fill="#fbf8f3" stroke="#c9bfae" strokeWidth="2">
        <rect x="34" y="96" width="72" height="30" rx="15" />
        <rect x="52" y="66" width="72" height="30" rx="15" />
      </g>
      <g fill="none" stroke="#c9bfae" strokeWidth="2">
        <circle cx="49" cy="111" r="8" />
        <circle cx="67" cy="81" r="8" />
      </g>
      <path d="M130 112h56c0 10-12 14-28 14s-28-4-28-14z" fill="#2f5d50" />
      <ellipse cx="158" cy="112" rx="28" ry="5" fill="#4f7a6c" />
      <ellipse cx="150" cy="108" rx="9" ry="5" fill="#a4532f" />
      <ellipse cx="166" cy="107" rx="7" ry="4" fill="#c9bfae" />
    </svg>
  );
}
