import type { LoaderFunctionArgs } from "@remix-run/node";
import { worldMapAsset } from "~/positions/world-map-asset.server";

const versionShape = /^[0-9a-f]{12}$/;

/**
 * The world map geometry that every map on every page `<use>`s. Its URL carries a hash of its
 * content, so browsers keep it for a year; a page cached from before a change asks for an older
 * hash and gets the current geometry, kept briefly.
 */
export function loader({ params }: LoaderFunctionArgs) {
  if (!versionShape.test(params.version ?? "")) {
    throw new Response("There is no map at this address.", { status: 404 });
  }
  const asset = worldMapAsset();
  return new Response(asset.svg, {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control":
        params.version === asset.version
          ? "public, max-age=31536000, immutable"
          : "public, max-age=300",
    },
  });
}
