/**
 * Date and time to the minute as staff screens list them ("Mar 5, 2026, 2:30 p.m." in en-CA);
 * a screen adds the weekday, the seconds or the zone's name where it needs them.
 */
export const DATE_TIME_TO_MINUTE = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
} as const satisfies Intl.DateTimeFormatOptions;
