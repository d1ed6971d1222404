// The media library: images for pages and articles. An upload is decoded with
// sharp, turned the right way up, cleaned of every piece of metadata (EXIF,
// GPS, XMP, IPTC) and stored as a WebP master plus responsive AVIF and WebP
// sizes, bytes in the database. The watermark check reads the bytes as
// uploaded, before cleaning, so credit lines and agency file names are seen;
// its findings stay with the asset and block any document that uses it.//
// This module is the library's public surface; each job lives in a file of
// its own: media-image (preparing the files), media-upload (uploading,
// describing, checking again), media-brands (the brand allow-list),
// media-library (reading) and media-files (serving).

export type { StaffActor } from "../kernel/access.ts";
export {
  MEDIA_MASTER_MAX_SIDE,
  MEDIA_MAX_BYTES,
  MEDIA_MAX_PIXELS,
  MEDIA_MIN_SIDE,
  MEDIA_WIDTHS,
  prepareImage,
  variantWidths,
  type PreparedFile,
  type PreparedImage,
} from "./media-image.ts";
export {
  ALT_MAX,
  assetTextErrors,
  CAPTION_MAX,
  checkImageWithModels,
  cleanFileName,
  CREDIT_MAX,
  FILE_NAME_MAX,
  LICENCE_NOTE_MAX,
  recheckMediaAsset,
  updateMediaAsset,
  uploadMediaAsset,
  type AssetText,
  type AssetTextInput,
  type ImageChecker,
} from "./media-upload.ts";
export {
  BRAND_ENTRY_MAX,
  BRAND_LIST_MAX,
  getBrandAllowList,
  parseBrandAllowList,
  setBrandAllowList,
  viewBrandAllowList,
  type BrandAllowListView,
} from "./media-brands.ts";
export {
  assetsForRendering,
  listMediaAssets,
  viewMediaAsset,
  type AssetForRendering,
  type MediaAssetSummary,
  type MediaAssetView,
  type MediaVariantInfo,
} from "./media-library.ts";
export { isPubliclyUsed, readMediaFile } from "./media-files.ts";
