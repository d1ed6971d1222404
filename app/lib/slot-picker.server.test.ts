// The time picker offers only the days a window allows (a plan session moved
// by its client: the plan's interval from its neighbours), and never a time
// outside them, whatever week or day the address asks for.
import { describe, expect, it } from "vitest";
import { addDays, todayIn } from "../../src/scheduling/time.ts";
import { useClinicFixture, type ClinicFixture } from "../../src/scheduling/test-fixtures.ts";
import { slotPickerData } from "./slot-picker.server.ts";

let f: ClinicFixture;
useClinicFixture((made) => (f = made));

const NOW = Date.UTC(2027, 4, 3, 14, 0); // Monday, May 3, 2027, 10:00 in Toronto

describe("the slot picker within a window", () => {
  it("offers every day of the week without a window, and only the window's days with one", async () => {
    const base = { clinic: f.clinic, service: f.services["consultation"]!, now: NOW };
    const today = todayIn(f.clinic.location.timeZone, NOW);
    const open = await slotPickerData(f.database.db, base);
    expect(open.days[0]!.date).toBe(today);
    expect(open.days).toHaveLength(7);

    const from = addDays(today, 2);
    const to = addDays(today, 4);
    const narrow = await slotPickerData(f.database.db, { ...base, window: { earliest: from, latest: to } });
    expect(narrow.days.map((d) => d.date)).toEqual([from, addDays(today, 3), to]);
    expect(narrow.prevWeek).toBeNull();
    expect(narrow.nextWeek).toBeNull();
    if (narrow.selectedDate) expect(narrow.selectedDate >= from && narrow.selectedDate <= to).toBe(true);

    // A day outside the window asked for by the address is not shown.
    const asked = await slotPickerData(f.database.db, { ...base, date: addDays(today, 6), window: { earliest: from, latest: to } });
    expect(asked.selectedDate === null || (asked.selectedDate >= from && asked.selectedDate <= to)).toBe(true);

    // A one-day window offers that day alone.
    const one = await slotPickerData(f.database.db, { ...base, window: { earliest: to, latest: to } });
    expect(one.days.map((d) => d.date)).toEqual([to]);

    // An open end keeps the clinic's horizon on that side.
    const later = await slotPickerData(f.database.db, { ...base, window: { earliest: from, latest: null } });
    expect(later.days[0]!.date).toBe(from);
    expect(later.nextWeek).not.toBeNull();
  });
});
