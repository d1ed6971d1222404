// A phone photo as it comes off the camera: EXIF with the device and a GPS
// position, and an orientation to apply, for the tests that check a stored
// photo keeps none of it.
import sharp from "sharp";

export const CAMERA_MAKE = "PhoneMaker";

/** A JPEG of `width` × `height` with the camera's metadata (orientation 6: rotate 90°). */
export async function photoWithGps(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 160, b: 140 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: CAMERA_MAKE, Model: "Phone 12" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "43/1 27/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "80/1 29/1 0/1" },
    })
    .toBuffer();
}
