// The guard's image rules: alt text that says nothing (image.missing-alt),
// images that do not come through the media library (image.external,
// image.unknown), and the findings stored for library images, such as the
// watermark check's, passed through to the draft.
import type { Finding } from "./findings.ts";
import { excerptOf, quote } from "./guard-excerpts.ts";
import { classifyUrl, type MarkdownOutline, type OutlineImage } from "./markdown.ts";

/** Where the guard finds what is already known about an image. */
export interface ImageLookups {
  /**
   * Findings already stored for a media-library image referenced as
   * /media/<assetId>/…; null = no such asset. When omitted, each media image
   * gets a `check.not-run` finding: nobody looked it up.
   */
  mediaFindings?: (assetId: string) => readonly Finding[] | null;
  /**
   * Findings for an image referenced by a relative path ("photos/face.jpg"),
   * which only the command line can read (beside the Markdown file). Omitted
   * or null: `image.unknown`, as on the desk, where images come from the
   * media library.
   */
  localImageFindings?: (src: string) => readonly Finding[] | null;
}

const MEDIA_PATH = /^\/media\/([A-Za-z0-9_-]+)(?:\/|$)/;
const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|avif|tiff?|svg|heic|heif|bmp)$/i;
const MEANINGLESS_ALT =
  /^(?:image|img|photo|photograph|picture|pic|graphic|screenshot|screen shot|untitled|alt|alt text|figure|illustration|banner|hero|placeh[o]lder)(?:[\s_-]*\d+)?$/i;
const CAMERA_NAME = /^(?:img|dsc|dscn|dscf|pxl|mvimg|photo|image|screenshot)[\s_-]?\d[\d_-]*$/i;

function fileStem(src: string): string {
  const path = src.replace(/[?#].*$/s, "");
  const last = path.split("/").pop() ?? "";
  let decoded = last;
  try {
    decoded = decodeURIComponent(last);
  } catch {
    // keep as written
  }
  return decoded.replace(IMAGE_EXTENSION, "");
}

function looseWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Alt text that says nothing: empty, a file name, a camera name, or just "image"/"photo". */
export function isMeaninglessAlt(alt: string, src: string): boolean {
  const text = alt.trim();
  if (text === "") return true;
  if (IMAGE_EXTENSION.test(text) || MEANINGLESS_ALT.test(text) || CAMERA_NAME.test(text)) return true;
  const stem = looseWords(fileStem(src));
  return stem !== "" && looseWords(text) === stem;
}

export function imageFindings(outline: MarkdownOutline, options: ImageLookups): Finding[] {
  const findings: Finding[] = [];
  const passThrough = (image: OutlineImage, label: string, list: readonly Finding[]) => {
    for (const f of list) findings.push({ ...f, line: image.line, image: label, excerpt: f.excerpt ?? excerptOf(image.raw) });
  };
  for (const image of outline.images) {
    const base = { line: image.line, excerpt: excerptOf(image.raw), image: image.src };
    if (isMeaninglessAlt(image.alt, image.src)) {
      findings.push({
        rule: "image.missing-alt",
        severity: "block",
        message:
          image.alt.trim() === ""
            ? "This image has no alt text. Describe what it shows between the [ ] of ![…](…), for visitors who cannot see it."
            : `The alt text ${quote(image.alt)} does not describe the image. Say what it shows, for visitors who cannot see it.`,
        ...base,
      });
    }
    const kind = classifyUrl(image.src);
    if (kind === "site-path") {
      const media = MEDIA_PATH.exec(image.src);
      if (media) {
        const assetId = media[1]!;
        if (!options.mediaFindings) {
          findings.push({
            rule: "check.not-run",
            severity: "block",
            message:
              "The media library was not consulted for this image, so its checks did not run. Save the draft on the desk to check it.",
            ...base,
            image: assetId,
          });
          continue;
        }
        const stored = options.mediaFindings(assetId);
        if (stored === null) {
          findings.push({
            rule: "image.unknown",
            severity: "block",
            message: "This image is not in the media library (it may have been deleted). Upload it there, or pick another image.",
            ...base,
            image: assetId,
          });
        } else {
          passThrough(image, assetId, stored);
        }
      } else {
        findings.push({
          rule: "image.unknown",
          severity: "block",
          message: "This image is not in the media library. Upload it there and use the address the library gives.",
          ...base,
        });
      }
    } else if (kind === "external") {
      findings.push({
        rule: "image.external",
        severity: "block",
        message:
          "This image is loaded from another website. The clinic's rule is that images come through the media library, where they are checked for watermarks: upload it there.",
        ...base,
      });
    } else if (kind === "unsafe") {
      findings.push({
        rule: "image.external",
        severity: "block",
        message:
          "This image is embedded in the text itself, where it cannot be checked for watermarks. Upload it to the media library instead.",
        ...base,
        image: image.src.slice(0, 40),
      });
    } else if (kind === "relative") {
      const local = options.localImageFindings?.(image.src) ?? null;
      if (local === null) {
        findings.push({
          rule: "image.unknown",
          severity: "block",
          message: "This image is not in the media library. Upload it there and use the address the library gives.",
          ...base,
        });
      } else {
        passThrough(image, image.src, local);
      }
    } else {
      findings.push({
        rule: "image.unknown",
        severity: "block",
        message: "This image has no usable address. Pick it from the media library.",
        ...base,
      });
    }
  }
  return findings;
}
