// The sign-in and plan e-mails, in the client's language. The sign-in e-mail
// says only that someone asked to sign in: no name, no appointments, nothing
// about health, since anyone can type an address.
import { escapeHtml, htmlOpening, linkIn, type ComposedMessage } from "../notifications/booking-messages.ts";
import type { ClientLocale } from "./locale.ts";

const NBSP = "\u00a0";

export interface SignInMessageInput {
  to: string;
  clinicName: string;
  clinicPhone: string;
  link: string;
  validMinutes: number;
  /** The client's preferred language; English when not given. */
  locale?: ClientLocale;
}

const SIGN_IN: Readonly<
  Record<
    ClientLocale,
    {
      subject: (clinic: string) => string;
      hello: string;
      intro: (clinic: string) => string;
      how: (minutes: number) => string;
      ignore: string;
      button: string;
    }
  >
> = {
  en: {
    subject: (clinic) => `Your sign-in link — ${clinic}`,
    hello: "Hello,",
    intro: (clinic) => `Someone asked to sign in to your ${clinic} account with this e-mail address.`,
    how: (minutes) => `To sign in, open this link within ${minutes} minutes. It works once:`,
    ignore: "If you did not ask, you can ignore this e-mail: nobody can sign in without this link.",
    button: "Sign in to your account",
  },
  fr: {
    subject: (clinic) => `Votre lien de connexion — ${clinic}`,
    hello: "Bonjour,",
    intro: (clinic) => `Quelqu’un a demandé à se connecter à votre compte ${clinic} avec cette adresse courriel.`,
    how: (minutes) => `Pour vous connecter, ouvrez ce lien d’ici ${minutes}${NBSP}minutes. Il ne fonctionne qu’une fois${NBSP}:`,
    ignore: `Si vous n’avez rien demandé, vous pouvez ignorer ce courriel${NBSP}: personne ne peut se connecter sans ce lien.`,
    button: "Vous connecter à votre compte",
  },
};

export function composeSignInMessage(m: SignInMessageInput): ComposedMessage {
  const locale = m.locale ?? "en";
  const copy = SIGN_IN[locale];
  const subject = copy.subject(m.clinicName);
  const intro = copy.intro(m.clinicName);
  const how = copy.how(m.validMinutes);
  const signature = `${m.clinicName} · ${m.clinicPhone}`;
  const text = [copy.hello, "", intro, "", how, m.link, "", copy.ignore, "", signature].join("\n");
  const html =
    htmlOpening(locale) +
    `<p>${escapeHtml(copy.hello)}</p><p>${escapeHtml(intro)}</p><p>${escapeHtml(how)}</p>` +
    `<p><a href="${escapeHtml(m.link)}">${escapeHtml(copy.button)}</a></p>` +
    `<p>${escapeHtml(copy.ignore)}</p><p>${escapeHtml(signature)}</p></body></html>`;
  return { to: m.to, subject, text, html, ics: null };
}

export interface PlanReadyMessageInput {
  to: string;
  clinicName: string;
  clinicPhone: string;
  /** The portal's sign-in page: the e-mail carries no link into the record itself. */
  portalUrl: string;
  /** The client's preferred language; English when not given. A French e-mail's link opens the sign-in page in French. */
  locale?: ClientLocale;
}

const PLAN_READY: Readonly<
  Record<
    ClientLocale,
    {
      subject: (clinic: string) => string;
      hello: string;
      intro: (clinic: string) => string;
      how: string;
      questions: string;
      button: string;
    }
  >
> = {
  en: {
    subject: (clinic) => `A document to read and sign — ${clinic}`,
    hello: "Hello,",
    intro: (clinic) => `Your practitioner at ${clinic} has prepared a document for you to read and, if you agree, sign.`,
    how: "Sign in to your account to read it:",
    questions: "If you have questions before you sign, reply to this e-mail or call us.",
    button: "Sign in to your account",
  },
  fr: {
    subject: (clinic) => `Un document à lire et à signer — ${clinic}`,
    hello: "Bonjour,",
    intro: (clinic) =>
      `Votre praticienne ou praticien chez ${clinic} a préparé un document que vous pouvez lire et, si vous êtes d’accord, signer.`,
    how: `Connectez-vous à votre compte pour le lire${NBSP}:`,
    questions: "Si vous avez des questions avant de signer, répondez à ce courriel ou appelez-nous.",
    button: "Vous connecter à votre compte",
  },
};

/**
 * Tells a client their practitioner has a plan for them to read and sign.
 * Like every e-mail it names nothing about their health: not the areas, not
 * the concern, not the plan's content — only where to read it.
 */
export function composePlanReadyMessage(m: PlanReadyMessageInput): ComposedMessage {
  const locale = m.locale ?? "en";
  const copy = PLAN_READY[locale];
  const portalUrl = linkIn(m.portalUrl, locale);
  const subject = copy.subject(m.clinicName);
  const intro = copy.intro(m.clinicName);
  const signature = `${m.clinicName} · ${m.clinicPhone}`;
  const text = [copy.hello, "", intro, "", copy.how, portalUrl, "", copy.questions, "", signature].join("\n");
  const html =
    htmlOpening(locale) +
    `<p>${escapeHtml(copy.hello)}</p><p>${escapeHtml(intro)}</p><p>${escapeHtml(copy.how)}</p>` +
    `<p><a href="${escapeHtml(portalUrl)}">${escapeHtml(copy.button)}</a></p>` +
    `<p>${escapeHtml(copy.questions)}</p><p>${escapeHtml(signature)}</p></body></html>`;
  return { to: m.to, subject, text, html, ics: null };
}
