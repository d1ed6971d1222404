// The intake questionnaire in the client's account (/portal/intake): the
// steps, buttons and result around the questions. The questions and their
// answers come with the data (src/screening/questionnaire-fr.ts in French).
// French is Canadian French: "courriel", no space before ? ! ;, a no-break
// space before a colon. `<date>` is the earliest treatment date, shown bold.
import { defineMessages } from "../define.ts";

export const intake = defineMessages(
  {
    "intake.title": "Your health questions",

    "intake.step.about": "About you and your treatment",
    "intake.step.concerns": "What you'd like to improve",
    "intake.step.skinType": "Your skin and the sun",
    "intake.step.health": "Your health",
    "intake.step.medications": "Medicines and supplements",
    "intake.step.procedures": "Recent treatments",
    "intake.step.finish": "Your hopes, and your privacy",
    "intake.step.review": "Check your answers",

    "intake.intro.lead":
      "Before your visit, please answer some questions about your skin, your health and the medicines you take. Your practitioner reads them before your consultation, so your time together goes to you.",
    "intake.intro.time": "It takes about ten minutes, in {steps} short steps. You can go back to change an answer at any time.",
    "intake.intro.prefill": "If you’ve told us some of this already, we fill it in for you: you just check it.",
    "intake.intro.saved":
      "Your answers are saved when you send them on the last step. If you stop before then, you’ll start again next time.",
    "intake.intro.start": "Start",

    "intake.checkAnswers.one": "Please check this answer",
    "intake.checkAnswers.many": "Please check these answers",
    "intake.error": "Error: ",
    "intake.stepOf": "Step {n} of {of}",
    // The page title of a step: "Step 4 of 7: Medicines and supplements".
    "intake.stepTitle": "Step {n} of {of}: {title}",
    "intake.prefilled.selfCheck": "We filled in what you told us in the self-check — check it and add the rest.",
    "intake.prefilled.intake": "We filled in your answers from last time — check they're still right, and change anything that's new.",
    "intake.prefilled.dayOf": "We filled in what you told us at your last visit — check it and add the rest.",
    "intake.send": "Send my answers",
    "intake.saveAndReview": "Save and go back to the check",
    "intake.continue": "Continue",
    "intake.addProcedure": "Add another treatment",
    "intake.back": "Back",
    "intake.keptNote": "Your answers are kept only when you send them, encrypted, for the practitioners who care for you.",
    "intake.privacyNotice": "<link>Read our full privacy notice</link> to see what we keep, who can see it and your rights.",

    "intake.yes": "Yes",
    "intake.no": "No",
    "intake.or": "or",
    "intake.chooseTreatment": "Choose a treatment",
    "intake.optional": " (optional)",
    "intake.ifSomethingElse": " (if you ticked “Something else”)",
    "intake.date.day": "Day",
    "intake.date.month": "Month",
    "intake.date.year": "Year",
    "intake.proceduresHint": "If you answered yes, tell us about each treatment below. Leave any rows you don’t need empty.",
    "intake.treatment": "Treatment {row}",

    "intake.review.intro": "Here is everything you told us. If something isn’t right, change it before you send your answers.",
    // Sending the intake confirms the upcoming appointments booked without signing in.
    "intake.review.shares":
      "When you send your answers, your upcoming appointments are confirmed as yours, and the practitioner you will see can read these answers before your visit.",
    "intake.review.change": "Change",
    "intake.review.nothing": "Nothing chosen",
    // An answer carried from the self-check, shown rather than asked again.
    "intake.carried.told": "You told us in the self-check:",
    "intake.carried.change": "Change this answer",

    "intake.reasons.notSuitable": "Why microneedling may not be safe for you",
    "intake.reasons.needsReview": "What we'd like to talk through with you",
    "intake.reasons.deferred": "Why it's best to wait",
    "intake.reasons.precautions": "What we'll take extra care with",
    "intake.headline.suitable": "Thank you. Microneedling looks like a good fit for you",
    "intake.headline.precautions": "Thank you. Microneedling looks like a good fit, with a little extra care",
    "intake.headline.waitLittle": "Thank you. It's best to wait a little",
    "intake.headline.waitForNow": "Thank you. It's best to wait for now",
    "intake.headline.needsReview": "Thank you. Let's look at this together first",
    "intake.headline.notSuitable": "Thank you. Microneedling may not be right for you",
    "intake.lead.suitable":
      "Nothing in your answers means you need to wait. You could be treated from <date>{date}</date>, once you’ve had your consultation.",
    "intake.lead.precautions":
      "You could be treated from <date>{date}</date>, once you’ve had your consultation. There are a few things we’ll take care with; they’re explained below.",
    "intake.lead.deferredDate": "The earliest you can be treated is <date>{date}</date>.",
    "intake.lead.deferredEarliest":
      "The earliest you could be treated is <date>{date}</date>, once what’s described below has healed or passed.",
    "intake.lead.deferred": "You can be treated once what’s described below has healed or passed.",
    "intake.lead.needsReview":
      "Some of your answers mean your practitioner needs to go through them with you before deciding whether microneedling is right for you. They may ask you to check with your doctor.",
    "intake.lead.notSuitable":
      "Based on your answers, microneedling might not be safe for you. That isn’t anything you’ve done wrong: it’s about keeping you well. Your practitioner will talk it through with you.",

    "intake.sentTitle": "Your answers are sent",
    "intake.saved": "Your answers are saved ({at}).",
    "intake.until": "You can be treated from {date}.",
    "intake.next.heading": "What happens next",
    "intake.next.text":
      "Your practitioner reads your answers before your consultation and goes through them with you there. They look at your skin too, and make the final decision with you — this result is a first guide, not a diagnosis.",
    "intake.next.booking": "Your consultation can go ahead as booked. Treatment sessions can be booked for <date>{date}</date> or later.",
    "intake.next.bookingAwaiting":
      "Your consultation can go ahead as booked. Treatment sessions can be booked for <date>{date}</date> or later, once what's described above has healed or passed.",
    "intake.next.reminded": "We will e-mail you on {date} with a link to book.",
    "intake.next.remind": "E-mail me on {date}",
    "intake.next.changes":
      "If anything changes before your visit — a new medicine, a treatment elsewhere, a breakout or sunburn — answer the questions again, or call us at <phone>{phone}</phone>.",
    "intake.backHome": "Back to your appointments",
    "intake.record": "Your record",
    "intake.reminderRefused": "A reminder is for a waiting time that ends on a known date.",
    "intake.reminderOutOfRange": "That date has passed or is too far away for a reminder: you can book now.",
  },
  {
    "intake.title": "Vos questions de santé",

    "intake.step.about": "Vous et votre traitement",
    "intake.step.concerns": "Ce que vous aimeriez améliorer",
    "intake.step.skinType": "Votre peau et le soleil",
    "intake.step.health": "Votre santé",
    "intake.step.medications": "Médicaments et suppléments",
    "intake.step.procedures": "Traitements récents",
    "intake.step.finish": "Vos attentes et la protection de vos renseignements",
    "intake.step.review": "Vérifiez vos réponses",

    "intake.intro.lead":
      "Avant votre visite, veuillez répondre à quelques questions sur votre peau, votre santé et les médicaments que vous prenez. Votre praticienne ou praticien les lit avant votre consultation, pour que le temps passé ensemble vous soit consacré.",
    "intake.intro.time":
      "Cela prend environ dix minutes, en {steps} courtes étapes. Vous pouvez revenir en arrière pour changer une réponse à tout moment.",
    "intake.intro.prefill":
      "Si vous nous avez déjà donné certains de ces renseignements, nous les remplissons pour vous\u00a0: vous n’avez qu’à les vérifier.",
    "intake.intro.saved":
      "Vos réponses sont enregistrées quand vous les envoyez, à la dernière étape. Si vous arrêtez avant, vous recommencerez la prochaine fois.",
    "intake.intro.start": "Commencer",

    "intake.checkAnswers.one": "Veuillez vérifier cette réponse",
    "intake.checkAnswers.many": "Veuillez vérifier ces réponses",
    "intake.error": "Erreur\u00a0: ",
    "intake.stepOf": "Étape {n} sur {of}",
    "intake.stepTitle": "Étape {n} sur {of}\u00a0: {title}",
    "intake.prefilled.selfCheck": "Nous avons rempli ce que vous nous avez dit dans l’autoévaluation — vérifiez-le et ajoutez le reste.",
    "intake.prefilled.intake":
      "Nous avons rempli vos réponses de la dernière fois — vérifiez qu’elles sont toujours exactes, et changez ce qui est nouveau.",
    "intake.prefilled.dayOf":
      "Nous avons rempli ce que vous nous avez dit lors de votre dernière visite — vérifiez-le et ajoutez le reste.",
    "intake.send": "Envoyer mes réponses",
    "intake.saveAndReview": "Enregistrer et revenir à la vérification",
    "intake.continue": "Continuer",
    "intake.addProcedure": "Ajouter un autre traitement",
    "intake.back": "Retour",
    "intake.keptNote":
      "Vos réponses sont conservées seulement quand vous les envoyez, chiffrées, pour les praticiennes et les praticiens qui vous soignent.",
    "intake.privacyNotice":
      "<link>Lisez notre politique de confidentialité complète</link> pour savoir ce que nous conservons, qui peut le consulter et quels sont vos droits.",

    "intake.yes": "Oui",
    "intake.no": "Non",
    "intake.or": "ou",
    "intake.chooseTreatment": "Choisissez un traitement",
    "intake.optional": " (facultatif)",
    "intake.ifSomethingElse": " (si vous avez coché «\u00a0Autre chose\u00a0»)",
    "intake.date.day": "Jour",
    "intake.date.month": "Mois",
    "intake.date.year": "Année",
    "intake.proceduresHint":
      "Si vous avez répondu oui, parlez-nous de chaque traitement ci-dessous. Laissez vides les lignes dont vous n’avez pas besoin.",
    "intake.treatment": "Traitement {row}",

    "intake.review.intro":
      "Voici tout ce que vous nous avez dit. Si quelque chose n’est pas exact, modifiez-le avant d’envoyer vos réponses.",
    "intake.review.shares":
      "En envoyant vos réponses, vous confirmez que vos prochains rendez-vous sont les vôtres, et la personne qui vous recevra pourra lire ces réponses avant votre visite.",
    "intake.review.change": "Modifier",
    "intake.review.nothing": "Rien de choisi",
    "intake.carried.told": "Vous nous avez dit dans l’autoévaluation\u00a0:",
    "intake.carried.change": "Modifier cette réponse",

    "intake.reasons.notSuitable": "Pourquoi le microneedling pourrait ne pas être sécuritaire pour vous",
    "intake.reasons.needsReview": "Ce dont nous aimerions discuter avec vous",
    "intake.reasons.deferred": "Pourquoi il vaut mieux attendre",
    "intake.reasons.precautions": "Ce à quoi nous porterons une attention particulière",
    "intake.headline.suitable": "Merci. Le microneedling semble bien vous convenir",
    "intake.headline.precautions": "Merci. Le microneedling semble bien vous convenir, avec quelques précautions",
    "intake.headline.waitLittle": "Merci. Il vaut mieux attendre un peu",
    "intake.headline.waitForNow": "Merci. Il vaut mieux attendre pour l’instant",
    "intake.headline.needsReview": "Merci. Regardons d’abord cela ensemble",
    "intake.headline.notSuitable": "Merci. Le microneedling pourrait ne pas vous convenir",
    "intake.lead.suitable":
      "Rien dans vos réponses ne vous oblige à attendre. Vous pourriez recevoir un traitement à partir du <date>{date}</date>, une fois votre consultation passée.",
    "intake.lead.precautions":
      "Vous pourriez recevoir un traitement à partir du <date>{date}</date>, une fois votre consultation passée. Nous porterons une attention particulière à quelques points, expliqués ci-dessous.",
    "intake.lead.deferredDate": "Vous pouvez recevoir un traitement au plus tôt le <date>{date}</date>.",
    "intake.lead.deferredEarliest":
      "Vous pourriez recevoir un traitement au plus tôt le <date>{date}</date>, une fois que ce qui est décrit ci-dessous aura guéri ou disparu.",
    "intake.lead.deferred": "Vous pourrez recevoir un traitement une fois que ce qui est décrit ci-dessous aura guéri ou disparu.",
    "intake.lead.needsReview":
      "Certaines de vos réponses doivent être revues avec vous par votre praticienne ou praticien avant de décider si le microneedling vous convient. On pourrait vous demander d’en parler à votre médecin.",
    "intake.lead.notSuitable":
      "D’après vos réponses, le microneedling pourrait ne pas être sécuritaire pour vous. Vous n’avez rien fait de mal\u00a0: il s’agit de préserver votre santé. Votre praticienne ou praticien en discutera avec vous.",

    "intake.sentTitle": "Vos réponses sont envoyées",
    "intake.saved": "Vos réponses sont enregistrées ({at}).",
    "intake.until": "Vous pourrez recevoir un traitement à partir du {date}.",
    "intake.next.heading": "La suite",
    "intake.next.text":
      "Votre praticienne ou praticien lit vos réponses avant votre consultation et les passe en revue avec vous sur place. Votre peau est aussi examinée, et la décision finale est prise avec vous — ce résultat est un premier repère, pas un diagnostic.",
    "intake.next.booking":
      "Votre consultation peut avoir lieu comme prévu. Les séances de traitement peuvent être réservées à partir du <date>{date}</date>.",
    "intake.next.bookingAwaiting":
      "Votre consultation peut avoir lieu comme prévu. Les séances de traitement peuvent être réservées à partir du <date>{date}</date>, une fois que ce qui est décrit ci-dessus aura guéri ou disparu.",
    "intake.next.reminded": "Nous vous enverrons un courriel le {date} avec un lien pour réserver.",
    "intake.next.remind": "M’envoyer un courriel le {date}",
    "intake.next.changes":
      "Si quelque chose change avant votre visite — un nouveau médicament, un traitement ailleurs, une poussée d’acné ou un coup de soleil —, répondez de nouveau aux questions, ou appelez-nous au <phone>{phone}</phone>.",
    "intake.backHome": "Retour à vos rendez-vous",
    "intake.record": "Votre dossier",
    "intake.reminderRefused": "Un rappel n’est possible que pour une attente qui se termine à une date connue.",
    "intake.reminderOutOfRange": "Cette date est passée ou trop lointaine pour un rappel\u00a0: vous pouvez réserver dès maintenant.",
  },
);
