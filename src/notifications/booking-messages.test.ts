import { describe, expect, it } from "vitest";
import { composeBookingMessage, type BookingMessageInput } from "./booking-messages.ts";

const base: BookingMessageInput = {
  kind: "booking-confirmed",
  appointmentId: "a1",
  sequence: 0,
  clinicName: "Test Spa",
  clinicPhone: "(519) 555-0100",
  clinicEmail: "hello@spa.test",
  locationLine: "1 King St, Waterloo",
  timeZone: "America/Toronto",
  serviceName: "Consultation",
  practitionerName: "Ada",
  clientName: "Sam Client",
  clientEmail: "sam@example.test",
  start: Date.parse("2027-03-26T13:00:00Z"),
  end: Date.parse("2027-03-26T13:30:00Z"),
  manageUrl: "https://spa.test/manage/a1?token=secret",
  intakeUrl: "https://spa.test/portal/intake",
  cancellationWindowHours: 24,
  now: Date.parse("2027-03-01T12:00:00Z"),
};

describe("booking messages", () => {
  it("links a confirmation to the intake questionnaire in the account, and nothing more", () => {
    const m = composeBookingMessage(base);
    expect(m.text).toContain("Before your visit, please answer the health questions in your account:\nhttps://spa.test/portal/intake\n");
    expect(m.html).toContain('<a href="https://spa.test/portal/intake">Answer your health questions</a>');
    // The link carries no token and no answers: the questions are behind the portal sign-in.
    expect(base.intakeUrl).not.toMatch(/[?#]/);
  });

  it("leaves the intake out of reschedules, cancellations and messages without the link", () => {
    for (const kind of ["booking-rescheduled", "booking-cancelled"] as const) {
      expect(composeBookingMessage({ ...base, kind }).text).not.toContain("/portal/intake");
    }
    const { intakeUrl: _, ...without } = base;
    expect(composeBookingMessage(without).text).not.toContain("health questions");
  });
});
