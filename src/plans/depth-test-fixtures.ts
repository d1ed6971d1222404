// What the depth suggestion's property tests draw from (suggest.test.ts,
// depth-limits.test.ts): any set of the screening's precautions that can
// change a suggested depth.
import fc from "fast-check";

export const screeningPrecautions = fc.subarray([
  "darker-phototype",
  "hsv-history",
  "topical-retinoid",
  "topical-retinoid-pause",
  "anaesthetic-allergy",
  "diabetes-controlled",
  "expectations",
]);
