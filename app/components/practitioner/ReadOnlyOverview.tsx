import type { PractitionerPageData } from "./types.ts";

/** For roles that may see the setup but not change it: details, weekly hours and services as text. */
export function ReadOnlyOverview({ d }: { d: PractitionerPageData }) {
  const offered = d.services.filter((s) => d.serviceIds.includes(s.id));
  return (
    <>
      <section aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className="summary-card details">
          <div>
            <dt>Name</dt>
            <dd>{d.practitioner.name}</dd>
          </div>
          <div>
            <dt>Title</dt>
            <dd>{d.practitioner.title || "—"}</dd>
          </div>
          <div>
            <dt>Title in French</dt>
            {d.practitioner.titleFr ? <dd lang="fr">{d.practitioner.titleFr}</dd> : <dd>—</dd>}
          </div>
          <div>
            <dt>Status</dt>
            <dd>{d.practitioner.active ? "Active: clients can book them" : "Inactive"}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="hours-heading" className="staff-section">
        <h2 id="hours-heading">Weekly hours</h2>
        <p className="muted small">Local time in {d.timeZone}.</p>
        <dl className="summary-card details">
          {d.hours.map((day) => (
            <div key={day.day}>
              <dt>{day.name}</dt>
              <dd>{day.intervals.length ? day.intervals.map((i) => `${i.start}–${i.end}`).join(", ") : "Day off"}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="services-heading" className="staff-section">
        <h2 id="services-heading">Services offered</h2>
        {offered.length ? (
          <ul>
            {offered.map((s) => (
              <li key={s.id}>{s.name}</li>
            ))}
          </ul>
        ) : (
          <p>None yet.</p>
        )}
      </section>
    </>
  );
}
