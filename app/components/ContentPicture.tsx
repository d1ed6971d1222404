// A library image as a <picture>: AVIF and WebP sizes, a WebP fallback with
// its intrinsic size so the page does not move while it loads.
import type { Picture } from "../../src/content/publishing.ts";

export function ContentPicture({ picture, className, eager = false }: { picture: Picture; className?: string; eager?: boolean }) {
  return (
    <picture className={className}>
      {picture.sources.map((s) => (
        <source key={s.type} type={s.type} srcSet={s.srcset} sizes={picture.sizes ?? "(min-width: 48rem) 48rem, 100vw"} />
      ))}
      <img
        src={picture.fallbackSrc}
        alt={picture.alt}
        width={picture.width}
        height={picture.height}
        loading={eager ? "eager" : "lazy"}
        decoding={eager ? "auto" : "async"}
        {...(eager ? { fetchPriority: "high" as const } : {})}
      />
    </picture>
  );
}
