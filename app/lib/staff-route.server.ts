// What every staff loader and action starts with, in one place. The staff
// layout's middleware has already refused a request without a staff session
// of this clinic, refused a body that is not a web form, and marks every
// answer `Cache-Control: private, no-store`; a route then states the
// permission it needs and gets the services and the caller, and turns the
// domain's refusals into answers with app/lib/refusals.server.ts, the same way
// as every other route:
//
//   const { services, staff } = staffRequest(context, { permission: "schedule.edit", doing: "book appointments" });
//   try { … } catch (error) { return data({ errors: formErrors(error) }, { status: 422 }); }
//
// The domain function checks the permission again: this check only spares a
// route the work of reading a form it will refuse.
import { data, type RouterContextProvider } from "react-router";
import type { StaffSession } from "../../src/auth/auth.ts";
import { can, type Action } from "../../src/kernel/access.ts";
import { ForbiddenError } from "../../src/kernel/errors.ts";
import { getServices, getStaff, type AppServices } from "../context.ts";

export interface StaffRequest {
  services: AppServices;
  staff: StaffSession;
  /** The caller and the clinic this deployment serves, as the domain's staff functions take them. */
  scope: { staff: StaffSession; organizationId: string };
}

/** The services and the signed-in staff member; a 403 page when their role lacks `need.permission`. */
export function staffRequest(context: Readonly<RouterContextProvider>, need?: { permission: Action; doing: string }): StaffRequest {
  const services = getServices(context);
  const staff = getStaff(context);
  if (need && !can(staff.role, need.permission)) throw data(new ForbiddenError(need.doing).message, { status: 403 });
  return { services, staff, scope: { staff, organizationId: services.organizationId } };
}
