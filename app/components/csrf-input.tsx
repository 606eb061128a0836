import { useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";

/** Put inside every state-changing form; actions check it with `assertCsrf`. */
export function CsrfInput() {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  // The embed has no cookie-bound token (root.tsx): it carries its own.
  if (!root?.csrf) return null;
  return <input type="hidden" name="csrf" value={root.csrf} />;
}
