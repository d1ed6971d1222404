// The sign-in e-mail. It says only that someone asked to sign in: no name, no
// appointments, nothing about health, since anyone can type an address.
import type { ComposedMessage } from "../notifications/booking-messages.ts";

export interface SignInMessageInput {
  to: string;
  clinicName: string;
  clinicPhone: string;
  link: string;
  validMinutes: number;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function composeSignInMessage(m: SignInMessageInput): ComposedMessage {
  const subject = `Your sign-in link — ${m.clinicName}`;
  const intro = `Someone asked to sign in to your ${m.clinicName} account with this e-mail address.`;
  const how = `To sign in, open this link within ${m.validMinutes} minutes. It works once:`;
  const ignore = "If you did not ask, you can ignore this e-mail: nobody can sign in without this link.";
  const signature = `${m.clinicName} · ${m.clinicPhone}`;
  const text = ["Hello,", "", intro, "", how, m.link, "", ignore, "", signature].join("\n");
  const html =
    `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1d2a2a">` +
    `<p>Hello,</p><p>${escapeHtml(intro)}</p><p>${escapeHtml(how)}</p>` +
    `<p><a href="${escapeHtml(m.link)}">Sign in to your account</a></p>` +
    `<p>${escapeHtml(ignore)}</p><p>${escapeHtml(signature)}</p></body></html>`;
  return { to: m.to, subject, text, html, ics: null };
}

export interface PlanReadyMessageInput {
  to: string;
  clinicName: string;
  clinicPhone: string;
  /** The portal's sign-in page: the e-mail carries no link into the record itself. */
  portalUrl: string;
}

/**
 * Tells a client their practitioner has a plan for them to read and sign.
 * Like every e-mail it names nothing about their health: not the areas, not
 * the concern, not the plan's content — only where to read it.
 */
export function composePlanReadyMessage(m: PlanReadyMessageInput): ComposedMessage {
  const subject = `A document to read and sign — ${m.clinicName}`;
  const intro = `Your practitioner at ${m.clinicName} has prepared a document for you to read and, if you agree, sign.`;
  const how = "Sign in to your account to read it:";
  const questions = "If you have questions before you sign, reply to this e-mail or call us.";
  const signature = `${m.clinicName} · ${m.clinicPhone}`;
  const text = ["Hello,", "", intro, "", how, m.portalUrl, "", questions, "", signature].join("\n");
  const html =
    `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1d2a2a">` +
    `<p>Hello,</p><p>${escapeHtml(intro)}</p><p>${escapeHtml(how)}</p>` +
    `<p><a href="${escapeHtml(m.portalUrl)}">Sign in to your account</a></p>` +
    `<p>${escapeHtml(questions)}</p><p>${escapeHtml(signature)}</p></body></html>`;
  return { to: m.to, subject, text, html, ics: null };
}
