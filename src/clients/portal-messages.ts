// The sign-in and plan e-mails, in the client's language. The sign-in e-mail
// says only that someone asked to sign in: no name, no appointments, nothing
// about health, since anyone can type an address.
import { composeLinkMessage, linkIn, type ComposedMessage, type LinkMessageCopy } from "../notifications/booking-messages.ts";
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

const SIGN_IN: Readonly<Record<ClientLocale, LinkMessageCopy & { how: (minutes: number) => string; ignore: string }>> = {
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
  return composeLinkMessage(copy, {
    to: m.to,
    locale,
    clinicName: m.clinicName,
    clinicPhone: m.clinicPhone,
    how: copy.how(m.validMinutes),
    link: m.link,
    closing: copy.ignore,
  });
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

const PLAN_READY: Readonly<Record<ClientLocale, LinkMessageCopy & { how: string; questions: string }>> = {
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
  return composeLinkMessage(copy, {
    to: m.to,
    locale,
    clinicName: m.clinicName,
    clinicPhone: m.clinicPhone,
    how: copy.how,
    link: linkIn(m.portalUrl, locale),
    closing: copy.questions,
  });
}
