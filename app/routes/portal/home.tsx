import { Outlet } from "react-router";

// Replaced by the engineer who owns this route.
export default function Pending() {
  return <Outlet />;
}
