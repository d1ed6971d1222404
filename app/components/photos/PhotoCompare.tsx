// Two sessions' photos of one area in one view: side by side, each in a box
// of the same size with the photo contained whole (one scale for both), its
// session's date under it; then laid over one another with a slider that
// reveals the later photo from the left. The slider is a range input (arrow
// keys move it 5 % a step); the reveal is a class per step, since the
// Content-Security-Policy allows no inline style. Until the page's script has
// started the slider is disabled: the side-by-side view needs none.
import { useEffect, useId, useState } from "react";
import photosCss from "./photos.css?url";

export const photosStylesheet = photosCss;

export interface ComparedPhoto {
  src: string;
  alt: string;
  /** The session's date, as the page's reader reads dates. */
  date: string;
}

export interface PhotoCompareLabels {
  sideBySide: string;
  slider: string;
  sliderLabel: string;
  sliderHint: string;
  /** The slider's value in words, for screen readers ("Later photo over 50 % of the width"). */
  valueText: (percent: number) => string;
  earlier: string;
  later: string;
}

export const STAFF_COMPARE_LABELS: PhotoCompareLabels = {
  sideBySide: "Side by side",
  slider: "Over one another",
  sliderLabel: "Reveal the later photo",
  sliderHint: "Arrow keys move the edge 5% at a time: right shows more of the later photo, left more of the earlier one.",
  valueText: (p) => `Later photo over ${p}% of the width`,
  earlier: "Earlier",
  later: "Later",
};

export const REVEAL_STEP = 5;

export function PhotoCompare({
  before,
  after,
  labels,
  idPrefix,
}: {
  before: ComparedPhoto;
  after: ComparedPhoto;
  labels: PhotoCompareLabels;
  idPrefix?: string;
}) {
  const generated = useId();
  const id = idPrefix ?? generated.replace(/[^a-zA-Z0-9_-]/g, "");
  const [reveal, setReveal] = useState(50);
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const step = Math.min(100, Math.max(0, Math.round(reveal / REVEAL_STEP) * REVEAL_STEP));
  return (
    <div className="photo-compare">
      <section aria-labelledby={`${id}-pair`}>
        <h3 id={`${id}-pair`}>{labels.sideBySide}</h3>
        <ul className="photo-pair">
          {[before, after].map((p, i) => (
            <li key={i}>
              <figure>
                <div className="photo-box">
                  <img src={p.src} alt={p.alt} />
                </div>
                <figcaption>
                  {i === 0 ? labels.earlier : labels.later}: {p.date}
                </figcaption>
              </figure>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby={`${id}-slider`} className="photo-slider">
        <h3 id={`${id}-slider`}>{labels.slider}</h3>
        <div className="photo-box" data-reveal={step}>
          <img src={before.src} alt={before.alt} />
          <div className={`photo-reveal reveal-${step}`}>
            <img src={after.src} alt={after.alt} />
          </div>
        </div>
        <p className="photo-slider-dates" aria-hidden="true">
          <span>{before.date}</span>
          <span>{after.date}</span>
        </p>
        <label htmlFor={`${id}-range`}>{labels.sliderLabel}</label>
        <p className="hint" id={`${id}-range-hint`}>
          {labels.sliderHint}
        </p>
        <input
          id={`${id}-range`}
          type="range"
          min={0}
          max={100}
          step={REVEAL_STEP}
          value={step}
          disabled={!ready}
          aria-describedby={`${id}-range-hint`}
          aria-valuetext={labels.valueText(step)}
          onChange={(e) => setReveal(Number(e.currentTarget.value))}
        />
      </section>
    </div>
  );
}
