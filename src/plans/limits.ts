// The plan screens' limits, shared by the domain modules and the pages that
// show them. Plain values only: page components import this file, so it must
// not pull server code (sharp, crypto, the database) into the browser bundle.

export const SIGNED_NAME_MIN = 2;
export const SIGNED_NAME_MAX = 200;
export const PHOTO_CAPTION_MAX = 200;
/** A session booked outside its interval window needs a reason at least this long. */
export const OUTSIDE_WINDOW_REASON_MIN = 10;
export const PRODUCT_NAME_MAX = 120;
export const PRODUCT_REASON_MIN = 10;
export const PRODUCT_REASON_MAX = 500;
export const LIMIT_REASON_MIN = 10;
export const LIMIT_REASON_MAX = 1000;
