// The public surface of clients: what the rest of the product may use of it.
// Another domain imports these names from the files named below (directly:
// the domains still call each other, and a barrel would make import cycles);
// src/dependencies.test.ts refuses any other name from this folder.
// To make something public, add it here in the change that needs it.

export { ClientContactSchema } from "./contact.ts";
export { CLIENT_INTL_LOCALE, clientLocaleOf, type ClientLocale } from "./locale.ts";
export { clearedSessionCookie, clientIp, isSecureRequest, readSessionCookie, sessionCookie } from "./portal-http.ts";
export { LOGIN_LINK_TTL_MS } from "./portal-limits.ts";
export { composePlanReadyMessage } from "./portal-messages.ts";
export {
  ClientLocaleError,
  checkSignInLink,
  endClientSession,
  getClientSession,
  getClientSessionWithLocale,
  issueManageToken,
  listClientAppointments,
  requestSignInLink,
  setClientLocale,
  signInWithLink,
  type LinkState,
  type PortalAppointment,
} from "./portal.ts";
