// The public surface of auth: what the rest of the product may use of it.
// Another domain imports these names from the files named below (directly:
// the domains still call each other, and a barrel would make import cycles);
// src/dependencies.test.ts refuses any other name from this folder.
// To make something public, add it here in the change that needs it.

export {
  expiredSessionCookie,
  getSignInState,
  getStaffSession,
  hasTwoFactorCookie,
  pendingTwoFactorUserId,
  roleRequiresTwoFactor,
  type Auth,
  type SignInState,
  type StaffSession,
} from "./auth.ts";
export { changeOwnPassword } from "./change-password.ts";
export { CLIENT_IP_HEADER, clientIp } from "./client-ip.ts";
export {
  INVITATION_TTL_MS,
  InvitationUnavailableError,
  acceptInvitation,
  inspectInvitation,
  inviteStaff,
  listOpenInvitations,
  loadClinicContact,
  revokeInvitation,
  type ClinicContact,
  type InvitationStatus,
} from "./invitations.ts";
export { PASSWORD_MIN_LENGTH } from "./password-policy.ts";
export { BREAK_GLASS_ROLES, canClearNotSuitable, healthAccess, type HealthAccess } from "./permissions.ts";
export { listOwnSessions, revokeOtherOwnSessions, revokeOwnSession } from "./sessions.ts";
export { accountContext, signInWithCode, signInWithPassword } from "./sign-in.ts";
export { staffInvitations } from "./tables.ts";
export {
  STAFF_ROLES,
  STAFF_ROLE_LABELS,
  changeStaffRole,
  listPractitionerChoices,
  listTeamMembers,
  mayClearNotSuitable,
  removeStaffMember,
  revokeStaffSessions,
  setMedicalDirector,
  teamRuleViolation,
} from "./team.ts";
export {
  confirmTwoFactorEnrolment,
  disableTwoFactor,
  enrolmentFromUri,
  regenerateBackupCodes,
  replaceTwoFactorKey,
  startTwoFactorEnrolment,
  type Enrolment,
} from "./two-factor.ts";
