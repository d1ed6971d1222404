// Decorative: layers of skin with a microneedling pen above them and a sprig
// of leaves. Hand-drawn for the home page; screen readers skip it.
export function HeroIllustration({ className }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 320 220" width="320" height="220" aria-hidden="true" focusable="false">
      <path
        d="M24 108C18 58 62 20 122 18c52-2 74 22 118 16 44-6 68 30 62 74-6 46-34 96-96 100-44 3-62-16-108-12-46 4-70-36-74-88z"
        fill="#fbf8f3"
      />
      <circle cx="252" cy="58" r="30" fill="#f1dcc0" />
      <path d="M40 132c40-14 80 10 124-2s84-12 116 0v20c-32-8-76-6-116 4s-86-10-124 0z" fill="#e9b99a" />
      <path d="M40 152c38-10 84 10 124 0s84-12 116-4v38c0 8-6 14-14 14H54c-8 0-14-6-14-14z" fill="#f6dcc6" />
      <path d="M40 178h240v8c0 8-6 14-14 14H54c-8 0-14-6-14-14z" fill="#fbecd9" />
      <g fill="none" stroke="#2f5d50" strokeWidth="2" strokeLinecap="round" opacity=".55">
        <path d="M62 164c10-6 20 6 30 0s20 6 30 0" />
        <path d="M150 168c10-6 20 6 30 0s20 6 30 0" />
        <path d="M206 160c8-5 16 5 24 0s16 5 24 0" />
      </g>
      <g fill="#fbf8f3" stroke="#e2c79f" strokeWidth="1.5">
        <circle cx="78" cy="190" r="6" />
        <circle cx="98" cy="191" r="5" />
        <circle cx="190" cy="190" r="6" />
        <circle cx="232" cy="191" r="5" />
      </g>
      <g fill="#a4532f">
        <path d="M148 132l2 16 2-16z" />
        <path d="M160 130l2 18 2-18z" />
        <path d="M172 131l2 16 2-16z" />
      </g>
      <g transform="rotate(-38 196 84)">
        <rect x="160" y="74" width="112" height="22" rx="11" fill="#2f5d50" />
        <rect x="146" y="78" width="18" height="14" rx="4" fill="#9db8ac" />
        <rect x="240" y="80" width="20" height="10" rx="5" fill="#e6efe9" />
        <path d="M146 81h-6M146 85h-7M146 89h-6" stroke="#4f5d5b" strokeWidth="1.4" strokeLinecap="round" />
      </g>
      <g fill="none" stroke="#5f8a78" strokeWidth="2.2" strokeLinecap="round">
        <path d="M54 128c2-26 10-46 24-62" />
      </g>
      <g fill="#7fa48f">
        <path d="M58 104c-14-2-22-12-22-22 12 0 22 8 22 22z" />
        <path d="M62 90c2-14 12-22 24-22 0 12-10 22-24 22z" />
        <path d="M70 76c-10-8-12-20-6-28 10 6 12 18 6 28z" />
        <path d="M56 118c-12 2-22-4-26-12 10-4 22 0 26 12z" />
      </g>
    </svg>
  );
}
