import { useEffect, useRef } from "react";

/**
 * A message that arrives after an action (an error summary, a refusal) takes
 * the focus, so the page scrolls to it and a screen reader reads it: without
 * this a form submitted from the bottom of a long page stays scrolled at its
 * buttons with the message off-screen. `key` is the message itself: a new
 * message moves the focus again, the same one re-rendered does not. The
 * element needs tabIndex={-1}.
 */
export function useFocusOnArrival<T extends HTMLElement>(key: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (key === null || key === undefined || key === false || key === "") return;
    const element = ref.current;
    if (!element) return;
    element.focus({ preventScroll: true });
    element.scrollIntoView({ block: "start" });
  }, [key]);
  return ref;
}
