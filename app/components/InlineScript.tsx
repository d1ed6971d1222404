// A few lines of plain script on a page that does not hydrate, allowed by the
// page's Content-Security-Policy nonce (the root loader's).
import { useRouteLoaderData } from "react-router";

export function InlineScript({ code }: { code: string }) {
  const nonce = useRouteLoaderData("root")?.nonce as string | undefined;
  return <script nonce={nonce || undefined} dangerouslySetInnerHTML={{ __html: code }} />;
}
