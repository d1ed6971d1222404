import { z } from "zod";
import type { Route } from "./+types/availability";
import { getAvailability } from "../../../src/scheduling/availability.ts";
import { clinicFacts } from "../../../src/scheduling/clinic.ts";
import { isValidPlainDate, toOffsetIso } from "../../../src/scheduling/time.ts";
import { Temporal } from "temporal-polyfill";
import { DATE_RANGE_MESSAGE, isPlausiblePlainDate } from "../../../src/kernel/dates.ts";
import { isPlainLine, LINE_CONTROL_MESSAGE } from "../../../src/kernel/text.ts";
import { getServices } from "../../context.ts";
import { methodNotAllowed } from "../../lib/api.server.ts";
import { fieldErrors, invalidInput, json } from "../../lib/problem.ts";

export const MAX_RANGE_DAYS = 62;

const plainDate = z
  .string({ error: "Required, as YYYY-MM-DD" })
  .refine(isValidPlainDate, { error: "Must be a real date as YYYY-MM-DD", abort: true })
  // Year 0 or 9999 is a real date no calendar of this clinic will show: refused before anything counts days from it.
  .refine(isPlausiblePlainDate, DATE_RANGE_MESSAGE);
const id = z.string().min(1, "Required").refine(isPlainLine, LINE_CONTROL_MESSAGE);

const QuerySchema = z
  .object({
    serviceId: z.string({ error: "Required" }).pipe(id),
    from: plainDate,
    to: plainDate,
    practitionerId: id.optional(),
  })
  .superRefine((q, ctx) => {
    if (!isPlausiblePlainDate(q.from) || !isPlausiblePlainDate(q.to)) return;
    const days = Temporal.PlainDate.from(q.from).until(Temporal.PlainDate.from(q.to)).days + 1;
    if (days < 1) ctx.addIssue({ code: "custom", path: ["to"], message: "Must be on or after from" });
    else if (days > MAX_RANGE_DAYS)
      ctx.addIssue({ code: "custom", path: ["to"], message: `The range may span at most ${MAX_RANGE_DAYS} days` });
  });

export async function loader({ context, request }: Route.LoaderArgs) {
  const services = getServices(context);
  const url = new URL(request.url);
  const parsed = QuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return invalidInput(fieldErrors(parsed.error));
  const q = parsed.data;
  // One read of the clinic's version for the clinic, the service and the practitioners (clinic-cache.ts).
  const facts = await clinicFacts(services.db, services.organizationId);
  const clinic = await facts.clinic();
  const service = await facts.service(q.serviceId);
  if (!service || !service.active) return invalidInput({ serviceId: "No such service" });
  if (q.practitionerId) {
    const known = await facts.practitioners();
    if (!known.some((p) => p.id === q.practitionerId)) {
      return invalidInput({ practitionerId: "No such practitioner" });
    }
  }
  const tz = clinic.location.timeZone;
  const slots = await getAvailability(services.db, {
    clinic,
    service,
    practitionerId: q.practitionerId,
    from: q.from,
    to: q.to,
    now: services.now(),
  });
  return json({
    timeZone: tz,
    slots: slots.map((s) => ({ start: toOffsetIso(s.start, tz), end: toOffsetIso(s.end, tz), practitionerId: s.practitionerId })),
  });
}

export async function action() {
  return methodNotAllowed("GET");
}
