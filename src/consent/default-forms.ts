// The consent forms a new clinic starts with (version 1 of each), in English
// and French. The clinic's owner replaces them with their own wording as a
// new version; these are data, not code paths. The facts follow
// docs/clinical/README.md: expected reactions and their course [20][37],
// darker patches (PIH) and scarring, more likely in darker skin [4][20],
// granulomas from products on needled skin [23][24], numbing-cream cautions
// [38], aftercare with sunscreen from the treatment day [19] (the clinic
// protocols' 24-hour wait [52] is the practitioner's to say). The collagen
// mechanism is the clinic's own description (CLINIC.md), not a cited fact,
// and the form says only what the needles do. Bruising and cold-sore flares
// are the risks the clinic names in its policy.
import type { ConsentKind } from "./tables.ts";

export interface ConsentText {
  titleEn: string;
  bodyEn: string;
  titleFr: string;
  bodyFr: string;
}

const PROCEDURE_EN = `## What microneedling is

Microneedling uses a pen with fine, sterile, single-use needles to make many tiny channels in the skin, which heal over the following days. Your practitioner chooses the depth for each area, as written in your treatment plan, and may numb the skin with a cream first.

## What to expect

- Most people need a series of sessions a few weeks apart. Your plan says how many and how far apart.
- Right after a session the skin looks and feels like a moderate sunburn: red, warm, a little swollen and dry. This usually settles within a day, is rarely visible after three days, and can last up to a week.
- Results build slowly over the weeks after each session and differ from person to person. No result is guaranteed.

## The risks

- **Infection** of the treated skin.
- **Darker patches** (changes in pigment), more likely in darker skin and after sun exposure.
- **Scarring**, including raised scars or lines in the pattern of the pen.
- **An allergic or foreign-body (granulomatous) reaction**, including to a product put on the skin before or during needling.
- **A cold-sore flare** if you have had cold sores.
- **Bruising** and pinpoint bleeding.
- **Harm from numbing cream** used too strong, over large areas or under a wrap; the clinic uses it within safe limits and never wraps it.

## Other choices

You may choose no treatment, or other options such as skincare, prescription creams, chemical peels, or laser and other resurfacing treatments. Ask us about them.

## Your part in aftercare

- Follow the aftercare sheet you are given: no makeup for the first 24 hours, no strenuous exercise for 72 hours, and no retinoids or exfoliating acids for about a week.
- Keep the skin out of the sun and use sunscreen every day, from the day of treatment unless your practitioner tells you to wait until the next day.
- Tell us at once about pain that gets worse, pus, fever, blisters or a spreading rash.
- Tell us about any change in your health or medication before each session.

## Your right to stop

You may ask us to stop at any time, before or during a session, and you may withdraw this consent at any time by telling us.

By signing, you confirm that you have read this form, that your questions were answered, and that you agree to microneedling at this clinic.
`;

const PROCEDURE_FR = `## Ce qu’est le microneedling

Le microneedling se fait avec un stylo muni de fines aiguilles stériles à usage unique qui créent de nombreux microcanaux dans la peau, lesquels guérissent au cours des jours suivants. La personne qui vous traite choisit la profondeur pour chaque zone, telle qu’elle figure dans votre plan de traitement, et peut d’abord engourdir la peau avec une crème.

## À quoi vous attendre

- La plupart des gens ont besoin d’une série de séances à quelques semaines d’intervalle. Votre plan indique combien et à quel intervalle.
- Juste après une séance, la peau ressemble à un coup de soleil modéré : rouge, chaude, un peu enflée et sèche. Cela se calme habituellement en une journée, se voit rarement après trois jours et peut durer jusqu’à une semaine.
- Les résultats apparaissent lentement au fil des semaines qui suivent chaque séance et varient d’une personne à l’autre. Aucun résultat n’est garanti.

## Les risques

- **Une infection** de la peau traitée.
- **Des taches plus foncées** (changements de pigmentation), plus probables sur une peau foncée et après une exposition au soleil.
- **Des cicatrices**, y compris des cicatrices surélevées ou des lignes suivant le passage du stylo.
- **Une réaction allergique ou à un corps étranger (granulome)**, y compris à un produit appliqué sur la peau avant ou pendant le traitement.
- **Une poussée de feux sauvages** si vous en avez déjà eu.
- **Des bleus** et de petits saignements.
- **Des effets nocifs de la crème anesthésiante** trop forte, appliquée sur de grandes surfaces ou sous un pansement; la clinique l’utilise dans des limites sûres et ne la recouvre jamais.

## Les autres possibilités

Vous pouvez choisir de ne pas vous faire traiter, ou d’autres options comme des soins de la peau, des crèmes sur ordonnance, des peelings chimiques, ou des traitements au laser et d’autres traitements de resurfaçage. Parlez-nous-en.

## Votre rôle dans les soins après le traitement

- Suivez la fiche de soins qu’on vous remet : pas de maquillage pendant les 24 premières heures, pas d’exercice intense pendant 72 heures, et pas de rétinoïdes ni d’acides exfoliants pendant environ une semaine.
- Protégez la peau du soleil et utilisez un écran solaire chaque jour, dès le jour du traitement, sauf si la personne qui vous traite vous dit d’attendre au lendemain.
- Dites-nous tout de suite si la douleur augmente, ou en cas de pus, de fièvre, de cloques ou d’une éruption qui s’étend.
- Informez-nous de tout changement de santé ou de médicaments avant chaque séance.

## Votre droit d’arrêter

Vous pouvez nous demander d’arrêter à tout moment, avant ou pendant une séance, et vous pouvez retirer ce consentement à tout moment en nous le disant.

En signant, vous confirmez avoir lu ce formulaire, avoir obtenu des réponses à vos questions et consentir au microneedling à cette clinique.
`;

const PHOTOS_EN = `We take photographs of the treated areas before and during your course of sessions, so that you and your practitioner can see how your skin changes. Choose below how they may be used. You can change or withdraw your choice at any time from your account; we then stop any further use.

- **Clinical record only**: the photographs stay in your health record, protected like the rest of it.
- **Anonymised teaching**: cropped or masked so that nobody could recognise you, to train our staff.
- **Marketing**: on our website or social media. We never give your name.

Photographs already printed or published before you withdraw cannot always be recalled.
`;

const PHOTOS_FR = `Nous photographions les zones traitées avant et pendant votre série de séances, pour que vous et la personne qui vous traite puissiez voir comment votre peau change. Choisissez ci-dessous comment ces photos peuvent être utilisées. Vous pouvez modifier ou retirer votre choix à tout moment depuis votre compte; nous cessons alors toute nouvelle utilisation.

- **Dossier clinique seulement** : les photos restent dans votre dossier de santé, protégées comme le reste de celui-ci.
- **Enseignement anonymisé** : recadrées ou masquées pour que personne ne puisse vous reconnaître, pour former notre personnel.
- **Marketing** : sur notre site Web ou nos réseaux sociaux. Nous ne donnons jamais votre nom.

Les photos déjà imprimées ou publiées avant votre retrait ne peuvent pas toujours être rappelées.
`;

export const DEFAULT_CONSENT_FORMS: Readonly<Record<ConsentKind, ConsentText>> = {
  procedure: { titleEn: "Consent to microneedling", bodyEn: PROCEDURE_EN, titleFr: "Consentement au microneedling", bodyFr: PROCEDURE_FR },
  photos: { titleEn: "Consent to photographs", bodyEn: PHOTOS_EN, titleFr: "Consentement aux photographies", bodyFr: PHOTOS_FR },
};
