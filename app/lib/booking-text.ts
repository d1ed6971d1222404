// The booking and manage pages' words in the page's language, for the pieces
// that are shared with the staff screens (the slot picker, the contact fields)
// and for the messages the server's errors become. Only public route modules
// import this file, so the staff bundles keep their English defaults and do
// not carry the message catalog.
import type { MessageKey, Translate } from "../i18n/catalog.ts";
import type { Locale } from "../i18n/locales.ts";
import type { ContactFieldsText } from "../components/ContactFields.tsx";
import type { SlotPickerText } from "../components/SlotPicker.tsx";
import { formatDateLong, formatDateMedium, formatMoney } from "./format.ts";
import { changesAfter, type PriceChange } from "../../src/scheduling/price-rules.ts";
import { LINE_CONTROL_MESSAGE } from "../../src/kernel/text.ts";

export function slotPickerText(t: Translate, locale: Locale): SlotPickerText {
  return {
    locale,
    weeks: t("booking.picker.weeks"),
    earlier: t("booking.picker.earlier"),
    later: t("booking.picker.later"),
    days: t("booking.picker.days"),
    free: (count) =>
      count === 0 ? t("booking.picker.noneFree") : count === 1 ? t("booking.picker.oneFree") : t("booking.picker.manyFree", { count }),
    groups: { Morning: t("booking.picker.morning"), Afternoon: t("booking.picker.afternoon"), Evening: t("booking.picker.evening") },
    noneOn: (date) => t("booking.picker.noneOn", { date }),
    noneThisWeek: t("booking.picker.noneThisWeek"),
    nextFree: (date) => t("booking.picker.nextFree", { date }),
    practitioner: t("booking.picker.practitioner"),
    showTimes: t("booking.picker.showTimes"),
  };
}

/** "From March 1, 2027: $349" for each price change scheduled after `today`, in the page's language. */
export function scheduledPriceText(t: Translate, locale: Locale, prices: readonly PriceChange[], today: string): string[] {
  return changesAfter(prices, today).map((c) =>
    t("booking.price.from", { date: formatDateMedium(c.from, locale), price: formatMoney(c.cents, c.currency, locale) }),
  );
}

export function contactFieldsText(t: Translate): ContactFieldsText {
  return {
    name: t("booking.contact.name"),
    email: t("booking.contact.email"),
    emailHint: t("booking.contact.emailHint"),
    phone: t("booking.contact.phone"),
    phoneHint: t("booking.contact.phoneHint"),
    optional: t("booking.form.optional"),
  };
}

/** The error summary's heading ("Please check this field") for ContactFields' ErrorSummary. */
export function errorSummaryHeading(t: Translate): (count: number) => string {
  return (count) => t(count === 1 ? "booking.form.checkField" : "booking.form.checkFields");
}

/**
 * ClientContactSchema (src/clients/contact.ts) words its problems in English
 * for the booking form, the staff screens and the API alike. The booking page
 * shows each in its own language: this is every message the schema can give.
 */
const CONTACT_MESSAGES: Readonly<Record<string, MessageKey>> = {
  "Enter your name.": "booking.contact.nameMissing",
  "Use at most 120 characters.": "booking.contact.nameTooLong",
  "Enter your e-mail address.": "booking.contact.emailMissing",
  "That e-mail address is too long.": "booking.contact.emailTooLong",
  "Enter an e-mail address like name@example.com.": "booking.contact.emailInvalid",
  "That phone number is too long.": "booking.contact.phoneTooLong",
  "Use digits, spaces and + ( ) - only.": "booking.contact.phoneCharacters",
  "Enter a phone number with 7 to 15 digits.": "booking.contact.phoneDigits",
  [LINE_CONTROL_MESSAGE]: "booking.contact.controlCharacters",
};

/** The contact form's field errors in the page's language. */
export function contactErrors(t: Translate, locale: Locale, errors: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const key = CONTACT_MESSAGES[message];
    out[field] = key ? t(key) : locale === "en" ? message : t("booking.contact.invalid");
  }
  return out;
}

/** Whether the contact schema's message has a translation (for the tests that keep the table complete). */
export function isKnownContactMessage(message: string): boolean {
  return message in CONTACT_MESSAGES;
}

/**
 * Why a treatment cannot be booked, in plain words: "no screening yet" or a
 * date, never the screening's reasons (src/scheduling/errors.ts says the same
 * in English for the API).
 */
export function notEligibleText(t: Translate, locale: Locale, e: { reason: string; earliestDate: string | null }): string {
  switch (e.reason) {
    case "no-screening":
      return t("booking.notEligible.noScreening");
    case "screening-expired":
      return t("booking.notEligible.expired");
    case "deferred":
      if (e.earliestDate) return t("booking.notEligible.from", { date: formatDateLong(e.earliestDate, locale) });
      break;
    default:
      break;
  }
  return t("booking.notEligible.review");
}

/** A plan session's window, in words, from PlanWindowError's dates. */
export function planWindowText(
  t: Translate,
  locale: Locale,
  e: { session: number; earliest: string | null; latest: string | null },
): string {
  const from = e.earliest ? formatDateLong(e.earliest, locale) : null;
  const to = e.latest ? formatDateLong(e.latest, locale) : null;
  const range =
    from && to && from === to
      ? t("manage.planWindow.on", { from })
      : from && to
        ? t("manage.planWindow.between", { from, to })
        : from
          ? t("manage.planWindow.from", { from })
          : to
            ? t("manage.planWindow.to", { to })
            : t("manage.planWindow.here");
  return t("manage.planWindow", { session: e.session, range });
}

/** The free-cancellation window: "24 hours", "90 minutes". */
export function cancellationWindowText(t: Translate, minutes: number): string {
  if (minutes % 60 !== 0) return t("manage.minutes", { count: minutes });
  return minutes === 60 ? t("manage.hour") : t("manage.hours", { count: minutes / 60 });
}
