// Decorative: a map with a pin, and a clock for the opening hours.
export function ContactIllustration({ className }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 280 170" width="280" height="170" aria-hidden="true" focusable="false">
      <rect x="10" y="8" width="260" height="154" rx="18" fill="#e6efe9" />
      <g fill="none" stroke="#fbf8f3" strokeWidth="10" strokeLinecap="round">
        <path d="M10 60c60 10 120-20 180 0s60 20 80 14" />
        <path d="M96 8c-8 50 10 100-6 154" />
        <path d="M170 162c10-40 40-60 100-66" />
      </g>
      <g fill="#cfe0d6">
        <rect x="26" y="84" width="46" height="30" rx="6" />
        <rect x="118" y="92" width="40" height="44" rx="6" />
        <rect x="200" y="20" width="52" height="28" rx="6" />
      </g>
      <path d="M128 82c-18-22-28-36-28-50a28 28 0 0 1 56 0c0 14-10 28-28 50z" fill="#a4532f" />
      <circle cx="128" cy="32" r="10" fill="#fbf8f3" />
      <ellipse cx="128" cy="86" rx="14" ry="4" fill="#2f5d50" opacity=".25" />
      <circle cx="226" cy="118" r="28" fill="#fbf8f3" stroke="#2f5d50" strokeWidth="4" />
      <path d="M226 100v18l12 8" fill="none" stroke="#2f5d50" strokeWidth="4" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
