// What the plan screens need from the domain, shaped for the page: the
// editor's context with its sources named, the PDF document of a version, and
// the plan's state in words.
import type { ClientLocale } from "../../src/clients/locale.ts";
import { clientCopyFor, copyLocaleOf, zoneLabelIn } from "../../src/plans/client-copy.ts";
import { depthAdjusted } from "../../src/plans/depths.ts";
import type { PlanContext } from "../../src/plans/record/context.ts";
import type { PlanVersionView, PlanView } from "../../src/plans/record/read.ts";
import { locationLine } from "../../src/scheduling/book-appointment.ts";
import type { Clinic } from "../../src/scheduling/clinic.ts";
import type { PlanEditorContext } from "../components/PlanEditor.tsx";
import { citation, citationKeys } from "./citations.server.ts";

export function editorContext(c: PlanContext): PlanEditorContext {
  const sources: Record<string, string> = {};
  for (const key of citationKeys()) sources[key] = citation(key)!.source;
  return {
    products: c.products,
    numbingProducts: c.numbingProducts,
    glides: c.glides,
    numbingMaxAreaCm2: c.numbingMaxAreaCm2,
    clinicMaxima: c.clinicMaxima,
    anaestheticAllergy: c.anaestheticAllergy,
    fitzpatrickFromIntake: c.fitzpatrickFromIntake,
    screeningRuleIds: c.screeningRuleIds,
    services: c.services.map((s) => ({ id: s.id, name: s.name, priceCents: s.priceCents, currency: s.currency })),
    practitioners: c.practitioners,
    sources,
  };
}

export const VERSION_STATUS: Record<string, string> = {
  draft: "Draft — not shown to the client",
  proposed: "Offered to the client — waiting for their signature",
  accepted: "Accepted and signed by the client",
  superseded: "Replaced by a later signed version",
};

/**
 * The signed (or offered) version as the client's PDF copy, in the language it
 * was offered in; `locale` is for a version that stored no words of its own.
 */
export async function planPdf(
  clinic: Clinic,
  plan: PlanView,
  version: PlanVersionView,
  products: { id: string; name: string; reason: string }[],
  practitionerName: string | null,
  locale: ClientLocale = "en",
): Promise<Uint8Array> {
  // The PDF writer and its fonts load with the first PDF, not with the server (docs/decisions/0023-cold-start.md).
  const { renderPlanPdf } = await import("../../src/plans/pdf.ts");
  const d = version.draft!;
  const copy = clientCopyFor(d, practitionerName, locale);
  return renderPlanPdf({
    locale: copyLocaleOf(copy),
    clinic: {
      name: clinic.name,
      locationLine: locationLine(clinic),
      phone: clinic.location.phone,
      email: clinic.location.email,
      timeZone: clinic.location.timeZone,
    },
    client: { name: plan.clientName },
    plan: {
      version: version.version,
      createdAt: version.createdAt,
      practitionerName: copy.practitionerName ?? practitionerName,
      fitzpatrick: d.assessment.fitzpatrick,
      glogau: d.assessment.glogau,
      zones: d.zones.map((z, i) => ({
        zoneLabel: copy.zones[i]?.label ?? z.zone,
        indicationLabel: copy.zones[i]?.indicationLabel ?? z.indication,
        depthMinMm: z.depthMinMm,
        depthMaxMm: z.depthMaxMm,
        clinicDefault: copy.zones[i]?.clinicDefault ?? true,
        adjusted: depthAdjusted(z),
        ...(z.depthReason ? { depthReason: z.depthReason } : {}),
      })),
      sessions: d.sessions,
      intervalMinDays: d.intervalMinDays,
      intervalMaxDays: d.intervalMaxDays,
      // As it stood when the version was offered; a draft (no stored copy) and an older version have none.
      ...(copy.earliestStart !== undefined ? { earliestStart: copy.earliestStart } : {}),
      visitMinutes: copy.visitMinutes,
      numbingMinutes: copy.numbingMinutes,
      numbingCream: d.numbingCream,
      numbing:
        d.numbingCream && d.numbingDetail
          ? {
              product: d.numbingDetail.product.name,
              agent: d.numbingDetail.product.agent,
              areas: (d.numbing?.zones ?? []).map((z) => zoneLabelIn(copyLocaleOf(copy), z)),
              areaCm2: d.numbingDetail.areaCm2,
              maxAreaCm2: d.numbingDetail.maxAreaCm2,
              reason: d.numbing?.overMaximumReason ?? "",
            }
          : null,
      glide: d.glide ? { name: d.glide.name, sterile: d.glide.sterile, singleUse: d.glide.singleUse } : null,
      // What the client signed names the products as they stood then.
      products: d.products ?? d.productIds.map((id) => products.find((p) => p.id === id)).filter((p) => p !== undefined),
      pricePerSessionCents: d.pricePerSessionCents,
      packagePriceCents: d.packagePriceCents,
      currency: d.currency,
      downtime: copy.downtime,
      aftercare: copy.aftercare,
      achievability: copy.achievability,
      noteToClient: d.noteToClient,
      contentSha256: version.contentSha256,
    },
    acceptance: version.acceptance
      ? { signedName: version.acceptance.signedName, signedAt: version.acceptance.signedAt, ip: version.acceptance.ip }
      : null,
  });
}

/** A PDF download that no cache keeps and no name gives away. */
export function pdfResponse(bytes: Uint8Array, fileName: string): Response {
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
