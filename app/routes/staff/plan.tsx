import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/plan";
import adminCss from "./admin.css?url";
import plansCss from "./plans.css?url";
import { listSkinPhotos } from "../../../src/plans/record/skin-photos.ts";
import { PlanChangedError, PlanRefusedError } from "../../../src/plans/record/errors.ts";
import { proposePlan } from "../../../src/plans/record/propose.ts";
import { savePlan } from "../../../src/plans/record/write.ts";
import { viewPlanForStaff } from "../../../src/plans/record/staff-view.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { ErrorSummary } from "../../components/ContactFields.tsx";
import { PlanEditor } from "../../components/PlanEditor.tsx";
import { PlanSummary } from "../../components/PlanSummary.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { PhotoForm } from "../../components/PhotoForm.tsx";
import { formTextErrors, readForm } from "../../lib/form.ts";
import { formatDateTime } from "../../lib/format.ts";
import { depthReasonsOf, draftFrom, formErrors, formValuesFrom, formValuesOf } from "../../lib/plan-form.ts";
import type { PlanDraft } from "../../../src/plans/types.ts";
import { formatMm, zoneLabel } from "../../../src/plans/zones.ts";
import { editorContext, VERSION_STATUS } from "../../lib/plan-page.server.ts";
import { refuse } from "../../lib/refusals.server.ts";
import { actorCan, can } from "../../../src/kernel/access.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: plansCss },
];
export const meta: Route.MetaFunction = () => [{ title: "Treatment plan — Dermaplan staff" }, { name: "robots", content: "noindex" }];

const FLASH: Record<string, string> = {
  created: "The plan is saved as a draft. Offer it to the client when it is ready.",
  saved: "Your changes are saved.",
  "new-version": "Your changes are saved as a new version. The signed version stays in force until the client signs this one.",
  unchanged: "Nothing had changed.",
  proposed: "The plan is offered to the client. They can read and sign it in their portal.",
  photo: "The photo is saved, without its location or camera details.",
  booked: "The sessions are booked.",
};

function fail(error: unknown): never {
  // A page that shows a plan has no form for bad input: it is a bad request.
  refuse(error, { invalidStatus: 400 });
}

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const now = services.now();
  let result;
  try {
    result = await viewPlanForStaff(services.db, { staff, keyRing: services.keyRing, planId: params.planId, now });
  } catch (error) {
    fail(error);
  }
  const { plan, context: ctx } = result;
  const photos = await listSkinPhotos(services.db, { staff, keyRing: services.keyRing, clientId: plan.clientId, planId: plan.id, now });
  const clinic = await loadClinic(services.db, staff.organizationId);
  const tz = clinic.location.timeZone;
  const latest = plan.versions[0]!;
  const editable = latest.draft ?? plan.accepted?.draft ?? null;
  const flash = new URL(request.url).searchParams.get("saved");
  return {
    flash: flash && flash in FLASH ? FLASH[flash]! : null,
    plan: {
      id: plan.id,
      clientId: plan.clientId,
      clientName: plan.clientName,
      package: plan.package,
      sessions: plan.sessions.map((s) => ({ ...s, when: formatDateTime(s.start, tz) })),
      accepted: plan.accepted
        ? {
            version: plan.accepted.version,
            draft: plan.accepted.draft,
            signedName: plan.accepted.acceptance?.signedName ?? "",
            signedAt: plan.accepted.acceptance ? formatDateTime(plan.accepted.acceptance.signedAt, tz) : "",
            ip: plan.accepted.acceptance?.ip ?? null,
            sha: plan.accepted.contentSha256,
          }
        : null,
      open: plan.open
        ? {
            version: plan.open.version,
            sha: plan.open.contentSha256,
            status: plan.open.status,
            draft: plan.open.draft,
            proposedAt: plan.open.proposedAt ? formatDateTime(plan.open.proposedAt, tz) : null,
          }
        : null,
      versions: plan.versions.map((v) => ({
        version: v.version,
        status: VERSION_STATUS[v.status] ?? v.status,
        by: v.createdBy,
        updated: formatDateTime(v.updatedAt, tz),
        damaged: v.damaged,
      })),
    },
    photos: photos.map((p) => ({ ...p, when: formatDateTime(p.createdAt, tz) })),
    canEdit: actorCan(staff, "health.edit"),
    canBook: can(staff.role, "schedule.edit"),
    editor: editable
      ? {
          initial: formValuesOf(editable),
          basedOn: { version: latest.version, contentSha256: latest.contentSha256 },
          context: editorContext(ctx),
          fitzpatrickFromIntake: ctx.fitzpatrickFromIntake,
        }
      : null,
  };
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context);
  const form = await readForm(request);
  const intent = form.get("intent");
  const now = services.now();
  // The editor's multi-line fields; every other field is one line.
  const unsafe = formTextErrors(form, { texts: ["assessmentNotes", "noteToClient"] });
  if (unsafe) {
    const target = intent === "propose" ? ("propose" as const) : ("save" as const);
    return data({ errors: unsafe, values: target === "save" ? formValuesFrom(form) : null, target, basedOn: null }, { status: 422 });
  }
  if (intent === "propose") {
    try {
      await proposePlan(services.db, {
        staff,
        keyRing: services.keyRing,
        planId: params.planId,
        version: Number(form.get("version")),
        contentSha256: String(form.get("sha") ?? ""),
        now,
        notify: { baseUrl: services.baseUrl },
      });
      services.outbox.kick();
    } catch (error) {
      if (error instanceof PlanRefusedError) {
        // Named by the editor's fields, so the summary's links lead to them.
        const { plan } = await viewPlanForStaff(services.db, { staff, keyRing: services.keyRing, planId: params.planId, now });
        const errors = plan.open?.draft ? formErrors(plan.open.draft, error.violations) : error.errors;
        return data({ errors, values: null, target: "propose" as const, basedOn: null }, { status: 422 });
      }
      if (error instanceof PlanChangedError)
        return data({ errors: error.errors, values: null, target: "propose" as const, basedOn: null }, { status: 409 });
      fail(error);
    }
    return redirect(`/staff/plans/${params.planId}?saved=proposed`, 303);
  }
  const values = formValuesFrom(form);
  const basedOn = { version: Number(form.get("basedOnVersion")), contentSha256: String(form.get("basedOnSha") ?? "") };
  let view;
  try {
    view = await viewPlanForStaff(services.db, { staff, keyRing: services.keyRing, planId: params.planId, now });
  } catch (error) {
    fail(error);
  }
  const draft = draftFrom(values, view.context.fitzpatrickFromIntake);
  try {
    const r = await savePlan(services.db, { staff, keyRing: services.keyRing, planId: params.planId, draft, basedOn, now });
    const flash = !r.changed ? "unchanged" : r.version !== basedOn.version ? "new-version" : "saved";
    return redirect(`/staff/plans/${params.planId}?saved=${flash}`, 303);
  } catch (error) {
    if (error instanceof PlanRefusedError)
      return data({ errors: formErrors(draft, error.violations), values, target: "save" as const, basedOn: null }, { status: 422 });
    if (error instanceof PlanChangedError) {
      // Keep what they typed; the page above now shows the current version, and saving again replaces it knowingly.
      const { plan } = await viewPlanForStaff(services.db, { staff, keyRing: services.keyRing, planId: params.planId, now });
      const latest = plan.versions[0]!;
      return data(
        {
          errors: {
            plan: "Someone else changed this plan while you were working on it. Your changes are still in the form below. Compare them with the version shown above; saving again replaces it with what is in the form.",
          },
          values,
          target: "save" as const,
          basedOn: { version: latest.version, contentSha256: latest.contentSha256 },
        },
        { status: 409 },
      );
    }
    fail(error);
  }
}

export default function PlanPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { plan } = d;
  return (
    <div className="page">
      <p>
        <Link to={`/staff/clients/${plan.clientId}`}>← {plan.clientName}</Link>
      </p>
      <h1>Treatment plan</h1>
      {d.flash && !result ? (
        <p className="alert success" role="status">
          {d.flash}
        </p>
      ) : null}
      {result?.target === "propose" ? <ErrorSummary errors={result.errors} unlinked={["plan"]} /> : null}

      {plan.accepted ? (
        <section className="plan-block" aria-labelledby="accepted-title">
          <h2 id="accepted-title">In force: version {plan.accepted.version}</h2>
          <p>
            Signed by <strong>{plan.accepted.signedName}</strong> on {plan.accepted.signedAt}
            {plan.accepted.ip ? ` from ${plan.accepted.ip}` : ""}.
          </p>
          <p className="hint wrap-anywhere">
            SHA-256 of the signed version: <code>{plan.accepted.sha}</code>
          </p>
          {plan.package ? (
            <p>
              <strong>Package:</strong> {plan.package.total} sessions — {plan.package.completed} done, {plan.package.booked} booked,{" "}
              {plan.package.left} still to book.
            </p>
          ) : null}
          <p className="actions">
            <a className="button secondary" href={`/staff/plans/${plan.id}/pdf`} download>
              Download the signed plan (PDF)
            </a>
            {d.canBook ? (
              <Link className="button" to={`/staff/plans/${plan.id}/series`}>
                {plan.package && plan.package.booked + plan.package.completed > 0 ? "Sessions: book or move" : "Book the sessions"}
              </Link>
            ) : null}
          </p>
          {plan.sessions.length ? (
            <>
              <h3>Sessions</h3>
              <ol className="plan-sessions">
                {plan.sessions.map((s) => (
                  <li key={s.appointmentId}>
                    Session {s.session}: <Link to={`/staff/appointments/${s.appointmentId}`}>{s.when}</Link> with {s.practitionerName} (
                    {s.status})
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          {plan.accepted.draft ? (
            <>
              <PlanSummary draft={plan.accepted.draft} audience="staff" />
              <DepthReasons draft={plan.accepted.draft} />
            </>
          ) : (
            <p>This version failed its integrity check.</p>
          )}
        </section>
      ) : null}

      {plan.open ? (
        <section className="plan-block" aria-labelledby="open-title">
          <h2 id="open-title">
            Version {plan.open.version}: {plan.open.status === "proposed" ? "offered to the client" : "draft"}
          </h2>
          {plan.open.status === "proposed" ? (
            <p>
              Offered on {plan.open.proposedAt}. The client reads and signs it in their portal. Saving a change takes it back until you
              offer it again.
            </p>
          ) : null}
          {plan.open.draft ? <DepthReasons draft={plan.open.draft} /> : null}
          {plan.open.status === "proposed" ? null : (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="propose" />
              <input type="hidden" name="version" value={plan.open.version} />
              <input type="hidden" name="sha" value={plan.open.sha} />
              <p>The client does not see a draft. When it is ready:</p>
              <button type="submit" className="button">
                Offer version {plan.open.version} to the client
              </button>
            </Form>
          )}
        </section>
      ) : null}

      {d.canEdit && d.editor ? (
        <section className="plan-block" aria-labelledby="edit-title">
          <h2 id="edit-title">{plan.open ? `Change version ${plan.open.version}` : "Change the plan (makes a new version)"}</h2>
          <PlanEditor
            key={result?.target === "save" ? "result" : "loaded"}
            initial={result?.target === "save" && result.values ? result.values : d.editor.initial}
            context={d.editor.context}
            errors={result?.target === "save" ? result.errors : {}}
            basedOn={result?.target === "save" && result.basedOn ? result.basedOn : d.editor.basedOn}
            submitLabel={plan.open ? "Save changes" : "Save as a new version"}
          />
        </section>
      ) : null}

      <section className="plan-block" aria-labelledby="photos-title">
        <h2 id="photos-title">Photos</h2>
        {d.photos.length ? (
          <ul className="plan-photos">
            {d.photos.map((p) => (
              <li key={p.id}>
                <img
                  src={`/staff/plans/${plan.id}/photos/${p.id}`}
                  alt={p.caption ?? "Skin photo"}
                  width={p.width}
                  height={p.height}
                  loading="lazy"
                />
                <span>
                  {p.caption} <span className="muted">({p.when})</span>
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No photos yet.</p>
        )}
        {d.canEdit ? <PhotoForm planId={plan.id} caption="" /> : null}
      </section>

      <section className="plan-block" aria-labelledby="versions-title">
        <h2 id="versions-title">Versions</h2>
        <ul>
          {plan.versions.map((v) => (
            <li key={v.version}>
              Version {v.version}: {v.status} — {v.by}, {v.updated}
              {v.damaged ? " (failed its integrity check)" : ""}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/clients" backLabel="Back to clients" />;
}

// Depths chosen outside the depth table's band carry the practitioner's
// reason (rule depth.outside-band); the client reads the same words.
function DepthReasons({ draft }: { draft: PlanDraft }) {
  const reasons = depthReasonsOf(draft);
  if (reasons.length === 0) return null;
  return (
    <section className="depth-reasons" aria-label="Depths outside the usual band">
      <h3>Depths outside the usual band, and why</h3>
      <ul>
        {reasons.map((r) => (
          <li key={r.zone}>
            <strong>
              {zoneLabel(r.zone)}, {formatMm(r.depthMinMm)}–{formatMm(r.depthMaxMm)} mm:
            </strong>{" "}
            <span className="pre-wrap">{r.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
