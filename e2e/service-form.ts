// The staff "new service" form, filled in so that it passes.

/** A one-hour treatment at 100.00 CAD with a quarter of an hour after it; `name` and `description` tell the suites' rows apart. */
export function newServiceForm(name: string, description: string): Record<string, string> {
  return {
    name,
    kind: "treatment",
    durationMinutes: "60",
    bufferBeforeMinutes: "0",
    bufferAfterMinutes: "15",
    price: "100.00",
    currency: "CAD",
    description,
  };
}
