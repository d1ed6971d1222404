// The QR code for adding Dermaplan to an authenticator app, drawn on the
// server as inline SVG (no script, no image request, nothing the
// Content-Security-Policy has to allow). It carries the otpauth URI, i.e. the
// key itself: it is only ever part of the enrolment page's response.
import QRCode from "qrcode";
import type { Enrolment } from "../../src/auth/two-factor.ts";

export type EnrolmentWithQr = Enrolment & { qrSvg: string };

export async function withQr(enrolment: Enrolment): Promise<EnrolmentWithQr> {
  const svg = await QRCode.toString(enrolment.otpauthUri, {
    type: "svg",
    errorCorrectionLevel: "M",
    margin: 2,
    color: { dark: "#000000", light: "#ffffff" },
  });
  // Decorative to assistive technology: the same key is on the page as text.
  return { ...enrolment, qrSvg: svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ') };
}
