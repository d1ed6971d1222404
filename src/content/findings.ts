// What the publishing guard reports. One shape for the Markdown checks, the
// image checks, the desk and the `check-content` command, so a finding reads
// the same wherever it is shown.

/**
 * block: publication stops until the text is fixed (or an owner overrides,
 *   audited);
 * confirm: the editor must confirm something only they can know (an image's
 *   licence) before publishing;
 * info: shown, never stops anything.
 */
export type FindingSeverity = "block" | "confirm" | "info";

export interface Finding {
  /** Stable id, "area.what", e.g. "text.repeated-section", "image.watermark", "check.not-run". */
  rule: string;
  severity: FindingSeverity;
  /** Plain words for the editor: what is wrong and what to do. */
  message: string;
  /** 1-based line in the Markdown source, where there is one. */
  line?: number;
  /** A short quote of the offending text (at most ~120 characters). */
  excerpt?: string;
  /** The image the finding is about: a file name, or a media library id. */
  image?: string;
  /** For repeats: the line of the earlier copy. */
  firstLine?: number;
}

export interface GuardReport {
  findings: Finding[];
  /** True when a finding with severity "block" is present. */
  blocked: boolean;
  /** True when a finding asks the editor to confirm something. */
  needsConfirmation: boolean;
}

export function report(findings: Finding[]): GuardReport {
  return {
    findings,
    blocked: findings.some((f) => f.severity === "block"),
    needsConfirmation: findings.some((f) => f.severity === "confirm"),
  };
}
