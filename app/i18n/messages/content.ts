// The words around the clinic's own pages and articles (the text itself is
// written on the publishing desk, once per language). English first, then
// Canadian French with the same keys.
import { defineMessages } from "../define.ts";

export const content = defineMessages(
  {
    "content.articles.heading": "Articles",
    "content.articles.title": "Articles — {clinic}",
    "content.articles.description":
      "Articles from {clinic} about microneedling and skin care: how the treatment works, how to get ready for a visit and how to care for your skin afterwards.",
    "content.articles.lead": "Plain answers from our team about microneedling, skin care and what to expect when you visit.",
    "content.articles.empty": "There are no articles yet. Come back soon, or book a consultation and ask us in person.",
    "content.articles.otherLanguage": "In French only",
    "content.article.published": "Published {date}",
    "content.article.updated": "Updated {date}",
    "content.article.all": "All articles",
    "content.article.fallback": "This article is only available in French for now.",
    "content.page.fallback": "This page is only available in French for now.",
    "content.cta.heading": "Wondering whether microneedling suits your skin?",
    "content.cta.text":
      "Book a consultation: a practitioner looks at your skin, goes over your health history and medications with you, and plans what fits you.",
    "content.cta.button": "Book a consultation",
  },
  {
    "content.articles.heading": "Articles",
    "content.articles.title": "Articles sur le microneedling et les soins de la peau — {clinic}",
    "content.articles.description":
      "Des articles de {clinic} sur le microneedling et les soins de la peau : comment fonctionne le traitement, comment vous préparer à votre visite et comment prendre soin de votre peau ensuite.",
    "content.articles.lead":
      "Des réponses claires de notre équipe sur le microneedling, les soins de la peau et le déroulement d’une visite.",
    "content.articles.empty":
      "Il n’y a pas encore d’articles. Revenez bientôt, ou prenez rendez-vous pour une consultation et posez-nous vos questions en personne.",
    "content.articles.otherLanguage": "En anglais seulement",
    "content.article.published": "Publié le {date}",
    "content.article.updated": "Mis à jour le {date}",
    "content.article.all": "Tous les articles",
    "content.article.fallback": "Cet article n’est offert qu’en anglais pour le moment.",
    "content.page.fallback": "Cette page n’est offerte qu’en anglais pour le moment.",
    "content.cta.heading": "Le microneedling convient-il à votre peau?",
    "content.cta.text":
      "Prenez rendez-vous pour une consultation : une praticienne ou un praticien examine votre peau, passe en revue avec vous vos antécédents de santé et vos médicaments, et vous propose un plan adapté.",
    "content.cta.button": "Prendre rendez-vous",
  },
);
