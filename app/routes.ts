import { type RouteConfig, index, layout, prefix, route } from "@react-router/dev/routes";

export default [
  layout("routes/public-layout.tsx", [
    index("routes/home.tsx"),
    route("microneedling", "routes/microneedling.tsx"),
    route("book", "routes/book.tsx"),
    route("book/:serviceSlug", "routes/book.service.tsx"),
    route("manage/:id", "routes/manage.tsx"),
  ]),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
  route("staff", "routes/staff/layout.tsx", [
    index("routes/staff/calendar.tsx"),
    route("appointments/new", "routes/staff/appointment-new.tsx"),
    route("appointments/:id", "routes/staff/appointment.tsx"),
    route("practitioners", "routes/staff/practitioners.tsx"),
    route("practitioners/:id", "routes/staff/practitioner.tsx"),
    route("services", "routes/staff/services.tsx"),
    route("services/:id", "routes/staff/service.tsx"),
    route("settings", "routes/staff/settings.tsx"),
    route("outbox", "routes/staff/outbox.tsx"),
    route("outbox/:id", "routes/staff/outbox-message.tsx"),
  ]),
  ...prefix("api/v1", [
    route("services", "routes/api/services.ts"),
    route("availability", "routes/api/availability.ts"),
    route("bookings", "routes/api/bookings.ts"),
    route("bookings/:id", "routes/api/booking.ts"),
    route("bookings/:id/cancel", "routes/api/booking-cancel.ts"),
    route("bookings/:id/reschedule", "routes/api/booking-reschedule.ts"),
    route("openapi.json", "routes/api/openapi.ts"),
    route("*", "routes/api/not-found.ts"),
  ]),
  route("api/auth/*", "routes/api/auth.ts"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
