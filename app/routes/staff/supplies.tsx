// The clinic's devices and lots (docs/supplies.md): everyone on staff reads
// them; the owner (plans.manage) adds a device or a lot and takes one out of
// use; the owner alone (health.export) opens the recall search of a lot or a
// device, on its own page (supplies-recall.tsx). Each kind of lot has its own
// add form, so the form shows the right fields without JavaScript.
import type { ReactNode } from "react";
import { data, Form, Link, redirect, useActionData, useLoaderData, useLocation } from "react-router";
import type { Route } from "./+types/supplies";
import adminCss from "./admin.css?url";
import plansCss from "./plans.css?url";
import { addDevice, addLot, listSupplies, retireSupply, SUPPLY_KIND_LABELS } from "../../../src/plans/lots.ts";
import { getPlanSettings } from "../../../src/plans/settings.ts";
import { SUPPLY_KINDS, type SupplyKind } from "../../../src/plans/tables.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { todayIn } from "../../../src/scheduling/time.ts";
import { can } from "../../../src/kernel/access.ts";
import { ErrorSummary, FieldFrame, describedBy, TextField } from "../../components/ContactFields.tsx";
import { HeadedSection } from "../../components/HeadedSection.tsx";
import { SavedFlash } from "../../components/SavedFlash.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { formText, formTextErrors, readForm } from "../../lib/form.ts";
import { formErrors, refuse } from "../../lib/refusals.server.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";
import { formatPlainDate, lotState, lotStateText } from "../../lib/supplies.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: plansCss },
];
export const meta: Route.MetaFunction = () => [{ title: "Devices and lots — Dermaplan staff" }, { name: "robots", content: "noindex" }];

const FLASH: Record<string, string> = {
  "device-added": "The device is on the list.",
  "device-retired": "The device is taken out of use. Charts can no longer choose it; past charts keep it.",
  "lot-added": "The lot is on the list.",
  "lot-retired": "The lot is taken out of use. Charts can no longer choose it; past charts keep it.",
};

const KIND_HEADINGS: Record<SupplyKind, string> = {
  cartridge: "Needle cartridges",
  numbing: "Numbing products",
  glide: "Needling glides",
  product: "After-care products",
};

/** The plan settings list a lot of this kind is chosen from, as the page names it. */
const LIST_NAMES: Record<Exclude<SupplyKind, "cartridge">, string> = {
  numbing: "numbing creams",
  glide: "glides",
  product: "products after needling",
};

const LOT_FIELDS = ["name", "itemId", "needleCount", "lot", "receivedOn", "expiresOn"] as const;

const isKind = (value: string): value is SupplyKind => (SUPPLY_KINDS as readonly string[]).includes(value);

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const [{ devices, lots }, settings, clinic] = await Promise.all([
    listSupplies(services.db, staff.organizationId),
    getPlanSettings(services.db, { staff }),
    loadClinic(services.db, staff.organizationId),
  ]);
  const today = todayIn(clinic.location.timeZone, services.now());
  const flash = new URL(request.url).searchParams.get("saved");
  const entries = (list: { id: string; name: string; active: boolean }[]) =>
    list.filter((i) => i.active).map((i) => ({ id: i.id, name: i.name }));
  return {
    flash: flash && Object.hasOwn(FLASH, flash) ? FLASH[flash]! : null,
    canEdit: can(staff.role, "plans.manage"),
    canRecall: can(staff.role, "health.export"),
    today,
    devices,
    kinds: SUPPLY_KINDS.map((kind) => ({
      kind,
      heading: KIND_HEADINGS[kind],
      lots: lots
        .filter((l) => l.kind === kind)
        .map((l) => ({
          ...l,
          state: lotState(l, today),
          stateText: lotStateText(l, today),
          received: formatPlainDate(l.receivedOn),
          expires: formatPlainDate(l.expiresOn),
        })),
      items:
        kind === "cartridge"
          ? []
          : entries(kind === "numbing" ? settings.numbingProducts : kind === "glide" ? settings.glides : settings.products),
    })),
  };
}

/** The action's answer to one form: which form, its errors by field id suffix, and what was typed. */
type Result = { target: string; errors: Record<string, string>; values: Record<string, string> };

export async function action({ context, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context, { permission: "plans.manage", doing: "change the devices and lots" });
  const form = await readForm(request);
  const text = formText(form);
  const intent = text("intent");
  const kind = text("kind");
  // Each form's fields have their own ids (the device form's plain, a lot form's ending in its kind).
  const target = intent === "lot-add" ? `lot-${isKind(kind) ? kind : "unknown"}` : intent === "device-add" ? "device" : "other";
  const suffix = intent === "lot-add" ? `-${isKind(kind) ? kind : "unknown"}` : "";
  const answer = (errors: Record<string, string>, values: Record<string, string>) =>
    data<Result>(
      { target, errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === "form" ? k : `${k}${suffix}`, v])), values },
      { status: 422 },
    );
  const unsafe = formTextErrors(form);
  if (unsafe) return answer(unsafe, {});
  if (intent === "device-add") {
    const values = { model: text("model"), serial: text("serial") };
    try {
      await addDevice(services.db, { staff, input: values });
    } catch (error) {
      return answer(formErrors(error), values);
    }
    return redirect("/staff/supplies?saved=device-added#devices-title", 303);
  }
  if (intent === "lot-add") {
    const values = Object.fromEntries(LOT_FIELDS.map((f) => [f, text(f)]));
    try {
      await addLot(services.db, { staff, input: { ...values, kind } });
    } catch (error) {
      return answer(formErrors(error), values);
    }
    return redirect(`/staff/supplies?saved=lot-added#lots-${kind}-title`, 303);
  }
  if (intent === "device-retire" || intent === "lot-retire") {
    const what = intent === "device-retire" ? "device" : "lot";
    try {
      await retireSupply(services.db, { staff, what, id: text("id") });
    } catch (error) {
      refuse(error); // 403, or 404 for a device or lot that is not this clinic's or already out of use
    }
    const anchor = what === "device" ? "devices-title" : isKind(kind) ? `lots-${kind}-title` : "lots-title";
    return redirect(`/staff/supplies?saved=${what}-retired#${anchor}`, 303);
  }
  throw data("Unknown action", { status: 400 });
}

export default function Supplies() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const mine = (target: string) => (result?.target === target ? result : null);
  // A form starts empty again after each visit (a saved one included, which JavaScript would otherwise leave filled in).
  const { key: visit } = useLocation();
  return (
    <div className="page">
      <h1>Devices and lots</h1>
      <p className="muted">
        The clinic&apos;s microneedling devices and the lots of what goes on or into skin. A session&apos;s chart names the device and the
        lots used, and refuses a lot that has expired or is out of use.{" "}
        {d.canEdit ? "Every change is recorded in the audit log." : "Only the owner can change these."}
      </p>
      <SavedFlash message={result ? null : d.flash} />
      {result ? <ErrorSummary errors={result.errors} unlinked={["form", "kind-unknown"]} /> : null}

      <HeadedSection id="devices-title" title="Devices" className="plan-block">
        {d.devices.length === 0 ? (
          <p>No device is on the list yet.</p>
        ) : (
          <SupplyTable label="Table of devices" headings={["Model", "Serial number", "State"]} may={d}>
            {d.devices.map((device) => (
              <tr key={device.id}>
                <th scope="row">{device.model}</th>
                <td>{device.serial}</td>
                <td>{device.active ? "In use" : "Out of use"}</td>
                <ActionsCell
                  may={d}
                  what="device"
                  id={device.id}
                  kind={null}
                  name={`${device.model}, serial ${device.serial}`}
                  active={device.active}
                />
              </tr>
            ))}
          </SupplyTable>
        )}
        {d.canEdit ? <DeviceForm key={visit} result={mine("device")} /> : null}
      </HeadedSection>

      <section aria-labelledby="lots-title" className="plan-block">
        <h2 id="lots-title">Lots</h2>
        <p>
          Expired: the expiry date is before today ({formatPlainDate(d.today)}, the clinic&apos;s time zone); a lot is still usable on its
          expiry date. Expiring soon: within 30 days.
        </p>
        {d.kinds.map((k) => (
          <section key={k.kind} aria-labelledby={`lots-${k.kind}-title`}>
            <h3 id={`lots-${k.kind}-title`}>{k.heading}</h3>
            {k.lots.length === 0 ? (
              <p>No lot is on the list yet.</p>
            ) : (
              <SupplyTable
                label={`Table of ${k.heading.toLowerCase()} lots`}
                headings={["Name", "Lot", ...(k.kind === "cartridge" ? ["Needles"] : []), "Received", "Expiry", "State"]}
                may={d}
              >
                {k.lots.map((l) => (
                  <tr key={l.id}>
                    <th scope="row">{l.name}</th>
                    <td>{l.lot}</td>
                    {k.kind === "cartridge" ? <td>{l.needleCount}</td> : null}
                    <td>{l.received}</td>
                    <td>{l.expires}</td>
                    <td>{l.state === "expired" || l.state === "expiring" ? <strong>{l.stateText}</strong> : l.stateText}</td>
                    <ActionsCell may={d} what="lot" id={l.id} kind={k.kind} name={`${l.name}, lot ${l.lot}`} active={l.active} />
                  </tr>
                ))}
              </SupplyTable>
            )}
            {d.canEdit ? <LotForm key={visit} kind={k.kind} items={k.items} today={d.today} result={mine(`lot-${k.kind}`)} /> : null}
          </section>
        ))}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff" backLabel="Back to the calendar" />;
}

/** What the staff member may do with the lists: an Actions column shows when they may do either. */
type May = { canEdit: boolean; canRecall: boolean };

/** A list of devices or lots, scrolling on its own on a narrow screen. */
function SupplyTable({ label, headings, may, children }: { label: string; headings: string[]; may: May; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className="limits-table">
        <thead>
          <tr>
            {headings.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
            {may.canEdit || may.canRecall ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/**
 * A row's actions cell: taking a device or lot out of use (owner, while it is in use) and the recall search (owner), each named for
 * screen readers. No cell when the staff member may do neither.
 */
function ActionsCell(p: { may: May; what: "device" | "lot"; id: string; kind: SupplyKind | null; name: string; active: boolean }) {
  if (!p.may.canEdit && !p.may.canRecall) return null;
  return (
    <td>
      {p.may.canRecall ? (
        <p>
          <Link to={`/staff/supplies/recall?${p.what}=${p.id}`} aria-label={`Which clients were treated with this ${p.what}? (${p.name})`}>
            Which clients were treated with this {p.what}?
          </Link>
        </p>
      ) : null}
      {p.may.canEdit && p.active ? (
        <Form method="post">
          <input type="hidden" name="intent" value={`${p.what}-retire`} />
          <input type="hidden" name="id" value={p.id} />
          {p.kind ? <input type="hidden" name="kind" value={p.kind} /> : null}
          <button type="submit" className="button secondary small" aria-label={`Take out of use: ${p.name}`}>
            Take out of use
          </button>
        </Form>
      ) : null}
    </td>
  );
}

function DeviceForm({ result }: { result: Result | null }) {
  return (
    <Form method="post" className="narrow-block">
      <h3>Add a device</h3>
      <input type="hidden" name="intent" value="device-add" />
      <TextField
        required
        name="model"
        label="Make and model"
        maxLength={120}
        value={result?.values.model ?? ""}
        error={result?.errors.model}
      />
      <TextField
        required
        name="serial"
        label="Serial number"
        hint="As printed on the device."
        maxLength={60}
        value={result?.values.serial ?? ""}
        error={result?.errors.serial}
      />
      <button type="submit" className="button">
        Add the device
      </button>
    </Form>
  );
}

/** The add form of one kind of lot: a cartridge is named here; anything else is chosen from the clinic's list. */
function LotForm({
  kind,
  items,
  today,
  result,
}: {
  kind: SupplyKind;
  items: { id: string; name: string }[];
  today: string;
  result: Result | null;
}) {
  const label = SUPPLY_KIND_LABELS[kind].toLowerCase();
  if (kind !== "cartridge" && items.length === 0) {
    return (
      <p>
        To add a lot of {label}, first put the product on the clinic&apos;s list of {LIST_NAMES[kind]} in{" "}
        <Link to="/staff/plan-settings">Plan settings</Link>.
      </p>
    );
  }
  const v = (name: string, fallback = "") => result?.values[name] ?? fallback;
  const e = (name: string) => result?.errors[`${name}-${kind}`];
  const id = (name: string) => `field-${name}-${kind}`;
  /** A field's id, name, value and error in this form. */
  const field = (name: string, fallback = "") => ({ id: id(name), name, value: v(name, fallback), error: e(name) });
  const itemError = e("itemId");
  return (
    <Form method="post" className="narrow-block">
      <h4>Add a lot of {label}</h4>
      <input type="hidden" name="intent" value="lot-add" />
      <input type="hidden" name="kind" value={kind} />
      {kind === "cartridge" ? (
        <>
          <TextField required {...field("name")} label="Cartridge" hint="Make and type, as on the box." maxLength={120} />
          <TextField required {...field("needleCount")} label="Number of needles" inputMode="numeric" />
        </>
      ) : (
        <FieldFrame id={id("itemId")} label="Product" hint={`From the clinic's list of ${LIST_NAMES[kind]}.`} error={itemError}>
          <select
            id={id("itemId")}
            name="itemId"
            defaultValue={v("itemId")}
            required
            aria-invalid={itemError ? true : undefined}
            aria-describedby={describedBy(id("itemId"), true, itemError)}
          >
            <option value="">Choose…</option>
            {items.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </FieldFrame>
      )}
      <TextField required {...field("lot")} label="Lot number" maxLength={60} />
      <TextField required {...field("receivedOn", today)} label="Received on" type="date" />
      <TextField required {...field("expiresOn")} label="Expiry date" type="date" hint="As printed on the package." />
      <button type="submit" className="button">
        Add the lot
      </button>
    </Form>
  );
}
