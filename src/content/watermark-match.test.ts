import { describe, expect, it } from "vitest";
import {
  bestSubstringDistance,
  editDistance,
  findRepeatedText,
  foldDigits,
  maskBrands,
  matchWatermarkText,
  type PlacedText,
  type WatermarkMatch,
} from "./watermark-match.ts";

const BRANDS = ["Jolanta's European Spa", "Dermaplan"];
const first = (text: string, brandAllowList: readonly string[] = BRANDS): WatermarkMatch | undefined =>
  matchWatermarkText([text], { brandAllowList })[0];

describe("agency names as OCR returns them", () => {
  it.each([
    ["shutterstcck", "Shutterstock"],
    ["shutter stock", "Shutterstock"],
    ["SHUTTERSTOCK", "Shutterstock"],
    ["nutterstock", "Shutterstock"],
    ["gettyimages", "Getty Images"],
    ["getty images", "Getty Images"],
    ["iStock by Getty Images", "iStock"],
    ["lStock", "iStock"],
    ["istockphoto.com", "iStock"],
    ["Adobe Stock | #7793590720", "Adobe Stock"],
    ["dep0sitphotos", "Depositphotos"],
    ["www.dreamstime.com/123456789", "Dreamstime"],
    ["Drearmstime.com", "Dreamstime"],
    ["123RF", "123RF"],
    ["l23RF", "123RF"],
    ["alamy", "Alamy"],
    ["alarny", "Alamy"],
    ["alamyalamy", "Alamy"],
    ["www,alamy,com", "Alamy"],
    ["oigstock", "Bigstock"],
  ])("%s → %s", (text, agency) => {
    expect(first(text)).toMatchObject({ kind: "agency", agency, text });
  });

  it.each([
    ["ttersto", "Shutterstock"],
    ["utterstoc", "Shutterstock"],
    ["sitphoto", "Depositphotos"],
    ["ettyimag", "Getty Images"],
    ["reamsti", "Dreamstime"],
  ])("a distinctive piece of a long name: %s → %s", (text, agency) => {
    expect(first(text)).toMatchObject({ kind: "agency", agency });
  });
});

describe("image ids and stock addresses", () => {
  it.each([
    "IMAGE ID: 2O1234567",
    "Image 1D:10947636",
    "IMAGEID:123456",
    "lmage ID: 2546906136",
    "ID 24000864 © R. Okafor",
    "Photo No. 3344556",
  ])("%s is an image id", (text) => {
    expect(first(text)?.kind).toBe("image-id");
  });

  it.each([
    "www.lumenpix.com/123456789",
    "pixbarrow.net/1234567",
    "© Vistagraph · vistagraph.com 1234567",
    "www.example.com · 2O12345678",
    "example.com/stock-photo-relaxing-spa-day",
    "picturesque.net/photo-4455667",
  ])("%s is a stock address", (text) => {
    expect(first(text)?.kind).toBe("stock-url");
  });
});

describe("ordinary text in a photo is not a watermark", () => {
  it.each([
    // Words that contain part of an agency name.
    "Stock up on sunscreen",
    "Restock sale",
    "Overstock clearance",
    "Shea Body Butters",
    "Shutters and blinds",
    "Deposit required",
    "Free images",
    "Dream time spa",
    "Alamo",
    // A lone "Getty" is a surname or a street; the agency's mark always reads "gettyimages".
    "Getty Street Clinic",
    "Getty Center",
    // Numbers without an "ID" word or a web address before them.
    "Call (519) 725-9999",
    "Order 20260501 ready",
    "2026-05-01",
    "Room ID card",
    "ID 4521",
    "www.jolantaspa.ca 519-725-9999",
    "Visit www.example.com today",
    // Signs, prices, vehicles, books.
    "OPEN",
    "$45",
    "FedEx",
    "King St W",
    "The Skin Book",
  ])("%s", (text) => {
    expect(matchWatermarkText([text], { brandAllowList: BRANDS })).toEqual([]);
  });
});

describe("the brand allow-list", () => {
  const stamp = "© Jolanta's European Spa · www.jolantaseuropeanspa.com/gallery/20260501";

  it("lets the clinic's own photo stamp pass, which would otherwise read as a stock address", () => {
    expect(first(stamp, [])?.kind).toBe("stock-url");
    expect(first(stamp)).toBeUndefined();
  });

  it("tolerates OCR errors in the brand name", () => {
    expect(first("Jolanta's Eurapean Spa IMAGE ID 20260501", [])?.kind).toBe("image-id");
    expect(first("Jolanta's Eurapean Spa IMAGE ID 20260501")).toBeUndefined();
  });

  it("still catches an agency name on the same line as the brand", () => {
    expect(first("Jolanta's European Spa shutterstock")).toMatchObject({ kind: "agency", agency: "Shutterstock" });
  });

  it("masks only the brand, not an agency name inside it", () => {
    expect(first("Alamy Wellness", ["Alamy Wellness"])).toBeUndefined();
    expect(first("alamy", ["Alamy Wellness"])).toMatchObject({ kind: "agency", agency: "Alamy" });
  });

  it("blanks the brand out of the line and says it was there", () => {
    const { rest, hadBrand } = maskBrands("Dermaplan clinic", ["Dermaplan"]);
    expect(hadBrand).toBe(true);
    expect(rest.trim()).toBe("clinic");
    expect(maskBrands("nothing here", ["Dermaplan"])).toEqual({ rest: "nothing here", hadBrand: false });
  });
});

describe("edit distance and folding", () => {
  it("edit distance", () => {
    expect(editDistance("shutterstock", "shutterstcck")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("best substring distance finds a name inside a longer line", () => {
    expect(bestSubstringDistance("gettyimages", "creditgettyimagesistock").distance).toBe(0);
    expect(bestSubstringDistance("dreamstime", "xxdrearmstimexx").distance).toBe(1);
  });

  it("folds digit look-alikes", () => {
    expect(foldDigits("2O1234567")).toBe("201234567");
    expect(foldDigits("l0S9B")).toBe("10598");
  });

  it("reports one match per matching line, in order", () => {
    const found = matchWatermarkText(["OPEN", "IMAGE ID: 123456789", "Alamy"]);
    expect(found.map((m) => m.kind)).toEqual(["image-id", "agency"]);
  });
});

describe("repeated overlay text", () => {
  const frame = { width: 1200, height: 800 };
  /** A text box of one word, 30 px high, about 18 px per letter. */
  const at = (text: string, x: number, y: number, angle = 0): PlacedText => ({
    text,
    x,
    y,
    length: text.length * 18,
    thickness: 30,
    angle,
  });
  /** A mark tiled over the frame: rows 200 px apart, copies 400 px apart, every other row shifted by half a step. */
  const tiled = (text: string, angle = 0): PlacedText[] => {
    const pieces: PlacedText[] = [];
    for (let row = 0, y = 100; y < frame.height; y += 200, row++) {
      for (let x = 150 + (row % 2) * 200; x < frame.width; x += 400) pieces.push(at(text, x, y, angle));
    }
    return pieces;
  };

  it("finds a word tiled over the image, and says where", () => {
    const found = findRepeatedText(tiled("lumenpix"), frame);
    expect(found).toMatchObject({ text: "lumenpix", rows: 3, columns: 3 });
    expect(found!.count).toBe(tiled("lumenpix").length);
    expect(found!.lines).toBe(4);
  });

  it("finds a rotated tiled mark, with OCR misreadings of some copies", () => {
    const pieces = tiled("PIXBARROW", -28).map((p, i) => (i % 3 === 1 ? { ...p, text: "PlXBARR0W" } : p));
    expect(findRepeatedText(pieces, frame)).toMatchObject({ text: "PIXBARROW", rows: 3, columns: 3 });
  });

  it("counts copies read as one box without the gap between them", () => {
    const pieces = [at("framewellframewell", 300, 150), at("framewell", 900, 400), at("framewell", 400, 700)];
    expect(findRepeatedText(pieces, frame)).toMatchObject({ text: "framewell", count: 4 });
  });

  it("counts copies read in pieces, once the word has been read whole twice", () => {
    const pieces = [
      at("PIXBARROW", 150, 100),
      at("XBARROW", 700, 150),
      at("PIXBA", 1100, 250),
      at("PIXBARROV", 300, 450),
      at("ROWPIXBARRO", 900, 700),
    ];
    expect(findRepeatedText(pieces, frame)).toMatchObject({ count: 5, rows: 3, columns: 3 });
    // Read whole once only: the pieces alone do not make a repeat.
    expect(findRepeatedText([pieces[0]!, ...pieces.slice(1, 3), pieces[4]!], frame)).toBeNull();
  });

  it("quotes the spelling read with most confidence", () => {
    // Half the copies each way (12 in all): the confidence decides, not the count nor the alphabet.
    const pieces = tiled("Vistagraph").map((p, i) => ({ ...p, text: i % 2 ? "Vistagraoh" : "Vistagraph", confidence: i % 2 ? 0.6 : 0.95 }));
    expect(pieces.length).toBe(12);
    expect(findRepeatedText(pieces, frame)?.text).toBe("Vistagraph");
  });

  it("reads the same word twice, or three times, as nothing", () => {
    expect(findRepeatedText([at("Pharmacy", 200, 150), at("Pharmacy", 900, 600)], frame)).toBeNull();
    expect(findRepeatedText([at("Pharmacy", 200, 150), at("Pharmacy", 900, 400), at("Pharmacy", 500, 700)], frame)).toBeNull();
  });

  // A row of identical jars or a shop name along an awning repeats a word along one line:
  // scene text, even across the whole width of the picture.
  it("does not report a word repeated along one line only", () => {
    const row = [150, 450, 750, 1050].map((x) => at("SERUM", x, 400));
    expect(findRepeatedText(row, frame)).toBeNull();
    // The same row straddling two rows of the grid, slightly tilted, is still one line.
    const tilted = [150, 450, 750, 1050].map((x, i) => at("SERUM", x, 262 + i * 2, 0.4));
    expect(findRepeatedText(tilted, frame)).toBeNull();
  });

  // Two shelves of identical jars: six copies, but on two lines. Three shelves read as a tiled
  // mark would: that is the case the editor settles by confirming.
  it("does not report the same label on two shelves, and reports it on three", () => {
    const shelves = (ys: number[]) => ys.flatMap((y) => [200, 600, 1000].map((x) => at("Lavender", x, y)));
    expect(findRepeatedText(shelves([250, 650]), frame)).toBeNull();
    expect(findRepeatedText(shelves([150, 400, 650]), frame)).toMatchObject({ text: "Lavender", count: 9, lines: 3 });
  });

  it("does not report copies gathered in one part of the image", () => {
    const corner = [at("Lavender", 100, 60), at("Lavender", 300, 60), at("Lavender", 100, 160), at("Lavender", 300, 160)];
    expect(findRepeatedText(corner, frame)).toBeNull();
  });

  it("ignores numbers, short words and the clinic's own name", () => {
    expect(findRepeatedText(tiled("20260501"), frame)).toBeNull();
    expect(findRepeatedText(tiled("SPA"), frame)).toBeNull();
    expect(findRepeatedText(tiled("Dermaplan"), frame, { brandAllowList: BRANDS })).toBeNull();
    expect(findRepeatedText(tiled("Dermaplan"), frame, { brandAllowList: [] })).toMatchObject({ text: "Dermaplan" });
  });

  it("reads nothing into an image without text", () => {
    expect(findRepeatedText([], frame)).toBeNull();
  });
});
