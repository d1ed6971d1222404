import { data } from "react-router";

export const handle = { hydrate: false };

export async function loader() {
  throw data("Not found", { status: 404 });
}

export async function action() {
  throw data("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
