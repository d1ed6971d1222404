import type { ReactNode } from "react";
import { useLocation } from "react-router";

/**
 * A header's navigation on a small screen: a native disclosure ("Menu") that
 * opens over the page, so the header stays one row. It needs no JavaScript
 * (a tap, Enter or Space opens it) and is hidden from 48rem, where the
 * caller shows its full navigation (`className="nav-full"`) instead
 * (styles.css, "Compact header").
 */
export function NavMenu({ label, summary, children }: { label: string; summary: string; children: ReactNode }) {
  // A new page starts with the menu closed, also when the account navigates in the browser (it hydrates).
  const { pathname } = useLocation();
  return (
    <details className="nav-menu" key={pathname}>
      <summary>{summary}</summary>
      <nav aria-label={label}>{children}</nav>
    </details>
  );
}
