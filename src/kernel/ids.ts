// Ids. Every row id is a UUID; an id that is not one is answered as "not
// found" before any query (PostgreSQL would refuse the cast, PGlite too).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
