// The clinic's tablet handed to a client at the desk (/desk/consent): the
// client reads and signs their consent there, then hands the tablet back.
// French is Canadian French: no space before ? ! ;, a no-break space before a
// colon and inside « ».
import { defineMessages } from "../define.ts";

export const desk = defineMessages(
  {
    "desk.title": "Consent form — {clinic}",
    "desk.otherLanguage": "Français",
    "desk.greeting": "Hello {name}. The clinic's staff handed you this tablet to read and sign your consent form.",
    "desk.intro":
      "Read the form below. When you are ready, tick the box and type your full name to sign. Ask the staff if anything is unclear.",
    "desk.until": "This page stays open for you until {time}.",
    "desk.return": "Cancel — return the tablet to staff",
    "desk.returnHint": "Nothing is signed if you cancel.",
    "desk.signedTitle": "Thank you — please hand the tablet back",
    "desk.signed": "Your consent is signed. Please give the tablet back to the clinic's staff.",
    "desk.returnedTitle": "Please hand the tablet back",
    "desk.returned": "Nothing was signed. Please give the tablet back to the clinic's staff.",
    "desk.expiredTitle": "This page has expired",
    "desk.expired":
      "The time to sign on this tablet is over, and nothing more can be signed here. Please give the tablet back to the clinic's staff.",
    "desk.noneTitle": "Nothing to sign on this tablet",
    "desk.none":
      "There is no consent form waiting to be signed here. To sign, ask the clinic's staff, or sign in your own account (Consent forms).",
    "desk.noForm": "The clinic has no consent form to sign yet. Please give the tablet back to the clinic's staff.",
    "desk.ended": "This signing has ended: nothing more can be signed on this tablet.",
    "desk.staffSignIn": "Staff sign-in",
  },
  {
    "desk.title": "Formulaire de consentement — {clinic}",
    "desk.otherLanguage": "English",
    "desk.greeting":
      "Bonjour {name}. Le personnel de la clinique vous a remis cette tablette pour lire et signer votre formulaire de consentement.",
    "desk.intro":
      "Lisez le formulaire ci-dessous. Quand vous êtes prêt ou prête, cochez la case et tapez votre nom complet pour signer. Posez vos questions au personnel au besoin.",
    "desk.until": "Cette page reste ouverte pour vous jusqu’à {time}.",
    "desk.return": "Annuler — rendre la tablette au personnel",
    "desk.returnHint": "Rien n’est signé si vous annulez.",
    "desk.signedTitle": "Merci — veuillez rendre la tablette",
    "desk.signed": "Votre consentement est signé. Veuillez rendre la tablette au personnel de la clinique.",
    "desk.returnedTitle": "Veuillez rendre la tablette",
    "desk.returned": "Rien n’a été signé. Veuillez rendre la tablette au personnel de la clinique.",
    "desk.expiredTitle": "Cette page a expiré",
    "desk.expired":
      "Le temps pour signer sur cette tablette est écoulé, et plus rien ne peut y être signé. Veuillez rendre la tablette au personnel de la clinique.",
    "desk.noneTitle": "Rien à signer sur cette tablette",
    "desk.none":
      "Aucun formulaire de consentement n’attend de signature ici. Pour signer, adressez-vous au personnel de la clinique, ou signez dans votre compte (Formulaires de consentement).",
    "desk.noForm":
      "La clinique n’a pas encore de formulaire de consentement à signer. Veuillez rendre la tablette au personnel de la clinique.",
    "desk.ended": "Cette signature est terminée : plus rien ne peut être signé sur cette tablette.",
    "desk.staffSignIn": "Connexion du personnel",
  },
);
