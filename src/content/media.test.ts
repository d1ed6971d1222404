import { count, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import type { TestStaff } from "../privacy/test-fixtures.ts";
import type { ClinicFixture } from "../scheduling/test-fixtures.ts";
import type { Finding } from "./findings.ts";
import { getBrandAllowList, parseBrandAllowList, setBrandAllowList } from "./media-brands.ts";
import { MEDIA_MAX_BYTES, MEDIA_MASTER_MAX_SIDE, prepareImage, variantWidths } from "./media-image.ts";
import { readMediaFile } from "./media-files.ts";
import { recheckMediaAsset, updateMediaAsset, uploadMediaAsset, type ImageChecker } from "./media-upload.ts";
import { viewMediaAsset } from "./media-library.ts";
import { mediaAssets, mediaVariants } from "./tables.ts";
import { createDeskFixture, fieldErrors } from "./test-fixtures.ts";

/** A photo-like JPEG: a gradient with some noise, so encoders have something to work on. */
async function photo(width: number, height: number, options: { exif?: boolean; orientation?: number } = {}): Promise<Buffer> {
  const gradient = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#c9a27e"/><stop offset="1" stop-color="#3b6e5a"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width / 3}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#f3e3cf"/></svg>`,
  );
  let image = sharp(gradient).jpeg({ quality: 90 });
  if (options.exif) {
    image = image
      .withExif({
        IFD0: { Artist: "Jane Photographer", Copyright: "Example Stock Agency", Make: "ExampleCam", Model: "Model 7" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "43/1 27/1 3000/100", GPSLongitudeRef: "W", GPSLongitude: "80/1 29/1 1200/100" },
      })
      .withXmp(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:rights>Example Stock Agency</dc:rights></rdf:Description></rdf:RDF></x:xmpmeta>',
      );
  }
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
  return image.toBuffer();
}

/** The files of a prepared image, in order: the WebP master, then an AVIF and a WebP at each width. */
const fileNames = (widths: number[]) => ["original.webp", ...widths.flatMap((w) => [`${w}.avif`, `${w}.webp`])];

const NO_FINDINGS: ImageChecker = async () => [];

let f: ClinicFixture;
let editor: TestStaff;
let manager: TestStaff;
let practitioner: TestStaff;

beforeAll(async () => {
  ({ f, desk: editor, manager, practitioner } = await createDeskFixture());
});

afterAll(async () => {
  await f?.database.close();
});

async function assetCount(): Promise<number> {
  const [row] = await f.database.db.select({ n: count() }).from(mediaAssets);
  return row!.n;
}

describe("preparing an upload", () => {
  it("strips EXIF, GPS and XMP from every stored file, and applies the orientation to the pixels", async () => {
    const input = await photo(1200, 800, { exif: true, orientation: 6 });
    const before = await sharp(input).metadata();
    expect(before.exif?.length).toBeGreaterThan(0);
    expect(before.exif!.toString("latin1")).toContain("Jane Photographer");
    expect(before.xmp?.length).toBeGreaterThan(0);
    expect(before.orientation).toBe(6);

    const prepared = await prepareImage(new Uint8Array(input));
    // Orientation 6 is a quarter turn: the stored image stands upright, taller than wide.
    expect([prepared.width, prepared.height]).toEqual([800, 1200]);
    for (const file of prepared.files) {
      const meta = await sharp(file.bytes).metadata();
      expect(meta.exif, file.file).toBeUndefined();
      expect(meta.xmp, file.file).toBeUndefined();
      expect(meta.iptc, file.file).toBeUndefined();
      expect(meta.orientation ?? 1, file.file).toBe(1);
      const raw = Buffer.from(file.bytes).toString("latin1");
      expect(raw, file.file).not.toContain("Jane Photographer");
      expect(raw, file.file).not.toContain("Example Stock Agency");
      expect(raw, file.file).not.toContain("ExampleCam");
    }
  });

  it("makes a WebP master and AVIF and WebP sizes no wider than the original", async () => {
    const prepared = await prepareImage(new Uint8Array(await photo(1200, 800)));
    expect(prepared.sourceFormat).toBe("jpeg");
    expect(prepared.files.map((x) => x.file)).toEqual(fileNames([480, 960, 1200]));
    for (const file of prepared.files) {
      const meta = await sharp(file.bytes).metadata();
      expect(meta.format, file.file).toBe(file.contentType === "image/avif" ? "heif" : "webp");
      expect(meta.width, file.file).toBe(file.width);
      expect(meta.height, file.file).toBe(file.height);
      expect(file.height / file.width).toBeCloseTo(800 / 1200, 1);
    }
    expect(prepared.files.find((x) => x.file === "480.webp")!.width).toBe(480);

    expect(variantWidths(300)).toEqual([300]);
    expect(variantWidths(960)).toEqual([480, 960]);
    expect(variantWidths(5000)).toEqual([480, 960, 1440]);
  });

  it("keeps the master at most 2880 pixels and serves 1440 at the largest", async () => {
    const big = await sharp({ create: { width: 4000, height: 1000, channels: 3, background: "#88aa99" } })
      .png()
      .toBuffer();
    const prepared = await prepareImage(new Uint8Array(big));
    expect(prepared.sourceFormat).toBe("png");
    expect(prepared.width).toBe(MEDIA_MASTER_MAX_SIDE);
    expect(prepared.files.map((x) => x.file)).toEqual(fileNames([480, 960, 1440]));
  });

  it("takes the first frame of an animated GIF", async () => {
    // Two 120 × 80 frames: red, then blue.
    const frames = Buffer.alloc(120 * 160 * 3);
    for (let i = 0; i < 120 * 160; i++) frames.set(i < 120 * 80 ? [220, 30, 30] : [30, 30, 220], i * 3);
    const gif = await sharp(frames, { raw: { width: 120, height: 160, channels: 3, pageHeight: 80 } })
      .gif({ loop: 0, delay: [100, 100] })
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const prepared = await prepareImage(new Uint8Array(gif));
    expect(prepared.sourceFormat).toBe("gif");
    expect([prepared.width, prepared.height]).toEqual([120, 80]);
    const { data } = await sharp(prepared.files[0]!.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(150);
    expect(data[2]).toBeLessThan(100);
  });

  it("refuses what is not an image, too large or damaged, saying why", async () => {
    const text = new TextEncoder().encode("Meeting notes\nThis is a text file renamed to photo.jpg\n");
    expect((await fieldErrors(prepareImage(text))).file).toMatch(/not an image we can read/);

    const huge = new Uint8Array(MEDIA_MAX_BYTES + 1);
    expect((await fieldErrors(prepareImage(huge))).file).toMatch(/10\.0 MB; the limit is 10 MB/);

    const jpeg = await photo(1200, 800);
    const truncated = new Uint8Array(jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    expect((await fieldErrors(prepareImage(truncated))).file).toMatch(/could not be read to the end/);

    const tiny = await sharp({ create: { width: 20, height: 20, channels: 3, background: "#fff" } })
      .png()
      .toBuffer();
    expect((await fieldErrors(prepareImage(new Uint8Array(tiny)))).file).toMatch(/only 20 × 20 pixels/);

    const tiff = await sharp({ create: { width: 100, height: 100, channels: 3, background: "#fff" } })
      .tiff()
      .toBuffer();
    expect((await fieldErrors(prepareImage(new Uint8Array(tiff)))).file).toMatch(/TIFF files are not accepted/);

    const wide = await sharp({ create: { width: 9000, height: 5000, channels: 3, background: "#fff" } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect((await fieldErrors(prepareImage(new Uint8Array(wide)))).file).toMatch(/9000 × 5000 pixels; the limit is 40 megapixels/);
  });
});

describe(`the media library on ${testDatabaseKind}`, () => {
  it("stores the cleaned files and the check's findings on the bytes as uploaded, and audits the upload", async () => {
    const input = await photo(1000, 700, { exif: true });
    let seen: { bytes: Uint8Array; fileName: string; brands: readonly string[] } | null = null;
    const licenceHint: Finding = { rule: "image.licence-hint", severity: "confirm", message: "Its credit names a stock agency." };
    const check: ImageChecker = async (bytes, o) => {
      seen = { bytes, fileName: o.fileName, brands: o.brandAllowList };
      return [{ ...licenceHint, image: o.fileName }];
    };
    const { id, findings } = await uploadMediaAsset(f.database.db, {
      staff: editor,
      file: { bytes: new Uint8Array(input), name: "C:\\Users\\maja\\Pictures\\treatment-room.jpg" },
      input: {
        alt: "  The treatment room,   bright and calm ",
        altFr: "La salle de soins",
        caption: "",
        credit: "Maja",
        licenceNote: "Ours",
      },
      check,
    });
    expect(findings.map((x) => x.rule)).toEqual(["image.licence-hint"]);
    // The check read the original bytes (metadata and all), under the file's own name.
    expect(Buffer.from(seen!.bytes).equals(input)).toBe(true);
    expect(seen!.fileName).toBe("treatment-room.jpg");
    expect(seen!.brands).toEqual([f.clinic.name, "Dermaplan"]);

    const asset = await viewMediaAsset(f.database.db, { staff: editor, assetId: id });
    expect(asset.altEn).toBe("The treatment room, bright and calm");
    expect(asset.fileName).toBe("treatment-room.jpg");
    expect(asset.findings).toEqual([{ ...licenceHint, image: "treatment-room.jpg" }]);
    expect(asset.variants.map((v) => v.file).sort()).toEqual(fileNames([480, 960, 1000]).sort());
    const stored = await f.database.db.select({ bytes: mediaVariants.bytes }).from(mediaVariants).where(eq(mediaVariants.assetId, id));
    for (const { bytes } of stored) {
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
    }
    const [audit] = await f.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audit).toMatchObject({ action: "media.upload", actorId: editor.userId, details: { rules: ["image.licence-hint"], files: 7 } });

    // A draft's image: staff only, until a published page uses it.
    const where = { organizationId: f.clinic.organizationId, assetId: id, file: "480.webp" };
    expect(await readMediaFile(f.database.db, { ...where, staff: false })).toBeNull();
    const forStaff = await readMediaFile(f.database.db, { ...where, staff: true });
    expect(forStaff).toMatchObject({ contentType: "image/webp", public: false });
    expect(await readMediaFile(f.database.db, { ...where, file: "../../etc/passwd", staff: true })).toBeNull();
    expect(await readMediaFile(f.database.db, { ...where, file: "2000.webp", staff: true })).toBeNull();
  });

  it("stores nothing when the file is refused or the alt text is missing", async () => {
    const before = await assetCount();
    const text = new TextEncoder().encode("not an image at all");
    const errors = await fieldErrors(
      uploadMediaAsset(f.database.db, {
        staff: editor,
        file: { bytes: text, name: "holiday.jpg" },
        input: { alt: "A photo" },
        check: NO_FINDINGS,
      }),
    );
    expect(errors.file).toMatch(/not an image we can read/);

    const jpeg = new Uint8Array(await photo(600, 400));
    const noAlt = await fieldErrors(
      uploadMediaAsset(f.database.db, { staff: editor, file: { bytes: jpeg, name: "a.jpg" }, input: { alt: "  " }, check: NO_FINDINGS }),
    );
    expect(noAlt.alt).toMatch(/Describe the image/);

    const noFile = await fieldErrors(
      uploadMediaAsset(f.database.db, { staff: editor, file: null, input: { alt: "Something" }, check: NO_FINDINGS }),
    );
    expect(noFile.file).toBe("Choose an image to upload.");
    expect(await assetCount()).toBe(before);

    await expect(
      uploadMediaAsset(f.database.db, {
        staff: practitioner,
        file: { bytes: jpeg, name: "a.jpg" },
        input: { alt: "A room" },
        check: NO_FINDINGS,
      }),
    ).rejects.toThrow(/does not allow/);
    expect(await assetCount()).toBe(before);
  });

  it("says the watermark check did not run when it fails, and blocks rather than passing the image", async () => {
    const jpeg = new Uint8Array(await photo(600, 400));
    const { findings } = await uploadMediaAsset(f.database.db, {
      staff: editor,
      file: { bytes: jpeg, name: "room.jpg" },
      input: { alt: "The waiting room" },
      check: async () => {
        throw new Error("model files missing");
      },
    });
    expect(findings).toEqual([expect.objectContaining({ rule: "check.not-run", severity: "block", image: "room.jpg" })]);
  });

  it("changes alt texts (audited with field names only) and checks an image again with the clinic's brand names", async () => {
    const jpeg = new Uint8Array(await photo(600, 400));
    const { id } = await uploadMediaAsset(f.database.db, {
      staff: editor,
      file: { bytes: jpeg, name: "sign.jpg" },
      input: { alt: "The sign at the door" },
      check: async () => [{ rule: "image.licence-hint", severity: "confirm", message: "From the file name." }],
    });
    expect(await updateMediaAsset(f.database.db, { staff: editor, assetId: id, input: { alt: "The sign at the door" } })).toEqual({
      changed: false,
    });
    expect(
      await updateMediaAsset(f.database.db, {
        staff: editor,
        assetId: id,
        input: { alt: "The spa's sign at the door", altFr: "L'enseigne" },
      }),
    ).toEqual({
      changed: true,
    });
    const [audit] = await f.database.db.select().from(auditEvents).where(eq(auditEvents.action, "media.update"));
    expect(audit!.details).toEqual({ fields: ["altEn", "altFr"] });
    expect((await fieldErrors(updateMediaAsset(f.database.db, { staff: editor, assetId: id, input: { alt: "" } }))).alt).toBeTruthy();

    // Brand names: owner and manager only; one per line, repeats dropped.
    await expect(setBrandAllowList(f.database.db, { staff: editor, text: "Spa" })).rejects.toThrow(/does not allow/);
    expect(parseBrandAllowList("Jolanta's\n\n  jolanta's \nGlowCo")).toEqual(["jolanta's", "GlowCo"]);
    await setBrandAllowList(f.database.db, { staff: manager, text: `${f.clinic.name}\nDermaplan\nGlowCo Serum` });
    expect(await getBrandAllowList(f.database.db, f.clinic.organizationId)).toEqual([f.clinic.name, "Dermaplan", "GlowCo Serum"]);

    let brands: readonly string[] = [];
    const { findings } = await recheckMediaAsset(f.database.db, {
      staff: editor,
      assetId: id,
      check: async (bytes, o) => {
        brands = o.brandAllowList;
        expect((await sharp(bytes).metadata()).format).toBe("webp");
        return [];
      },
    });
    expect(brands).toContain("GlowCo Serum");
    // The licence hint came from the upload's own metadata and name: it is kept.
    expect(findings.map((x) => x.rule)).toEqual(["image.licence-hint"]);
  });
});
