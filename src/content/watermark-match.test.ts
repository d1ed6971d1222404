import { describe, expect, it } from "vitest";
import { bestSubstringDistance, editDistance, foldDigits, maskBrands, matchWatermarkText, type WatermarkMatch } from "./watermark-match.ts";

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
