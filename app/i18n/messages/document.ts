// The words of the document itself, outside any page: the skip link and the
// error page. Kept apart from the site's catalog so that the root layout, which
// every page loads, carries these few messages and not the whole website's.
import { defineMessages } from "../define.ts";

export const documentMessages = defineMessages(
  {
    "document.skipToContent": "Skip to content",
    "document.error.notFound.title": "Page not found",
    "document.error.notFound.text": "The page you asked for is not here. It may have moved, or the link may be incomplete.",
    "document.error.client.title": "That did not work",
    "document.error.server.title": "Something went wrong",
    "document.error.server.text": "We could not finish that. Nothing you had already saved was lost. Please try again, or call the clinic.",
    "document.error.home": "Go to the home page",
  },
  {
    "document.skipToContent": "Aller au contenu",
    "document.error.notFound.title": "Page introuvable",
    "document.error.notFound.text": "La page demandée n’est pas ici. Elle a peut-être été déplacée, ou le lien est incomplet.",
    "document.error.client.title": "Cela n’a pas fonctionné",
    "document.error.server.title": "Un problème est survenu",
    "document.error.server.text":
      "Nous n’avons pas pu terminer cette opération. Rien de ce que vous aviez déjà enregistré n’a été perdu. Veuillez réessayer ou appeler la clinique.",
    "document.error.home": "Aller à la page d’accueil",
  },
);
