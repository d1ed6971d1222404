/** The demo owner's password on every server the suites start: the servers' template folder has the demo clinic loaded with it (global-setup.ts). */
export const E2E_OWNER_PASSWORD = "e2e-owner-password-123";
