// The QR code for adding Dermaplan to an authenticator app, drawn on the
// server as inline SVG (no script, no image request, nothing the
// Content-Security-Policy has to allow). It carries the otpauth URI, i.e. the
// key itself: it is only ever part of the enrolment page's response.
import type { Enrolment } from "../../src/auth/two-factor.ts";

export type EnrolmentWithQr = Enrolment & { qrSvg: string };

export async function withQr(enrolment: Enrolment): Promise<EnrolmentWithQr> {
  // Loaded with the first enrolment, not with the server (docs/decisions/0023-cold-start.md).
  const { default: QRCode } = await import("qrcode");
  const svg = await QRCode.toString(enrolment.otpauthUri, {
    type: "svg",
    errorCorrectionLevel: "M",
    margin: 2,
    color: { dark: "#000000", light: "#ffffff" },
  });
  // Decorative to assistive technology: the same key is on the page as text.
  return { ...enrolment, qrSvg: svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ') };
}
