import { describe, expect, it } from "vitest";
import { routeFilePatterns } from "../../tests/setup/route-files";
import {
  checkRouteParams,
  paramSchemas,
  type RouteTable,
  redactedPath,
  routePatterns,
} from "./route-params";

// The shapes of this app's route table (ids, parents, relative paths).
const routes: RouteTable = {
  root: { id: "root", path: "" },
  "routes/_index": { id: "routes/_index", parentId: "root", index: true },
  "routes/c.$campaign": { id: "routes/c.$campaign", parentId: "root", path: "c/:campaign" },
  "routes/c.$campaign_.write": {
    id: "routes/c.$campaign_.write",
    parentId: "root",
    path: "c/:campaign/write",
  },
  "routes/confirm.$token": {
    id: "routes/confirm.$token",
    parentId: "root",
    path: "confirm/:token",
  },
  "routes/s.$token.$choice": {
    id: "routes/s.$token.$choice",
    parentId: "root",
    path: "s/:token/:choice",
  },
  "routes/staff": { id: "routes/staff", parentId: "root", path: "staff" },
  "routes/staff.campaigns.new": {
    id: "routes/staff.campaigns.new",
    parentId: "routes/staff",
    path: "campaigns/new",
  },
  "routes/staff.report.$state": {
    id: "routes/staff.report.$state",
    parentId: "routes/staff",
    path: "campaigns/:campaign/report/:state",
  },
  "routes/staff.report.$state[.]pdf": {
    id: "routes/staff.report.$state[.]pdf",
    parentId: "routes/staff",
    path: "campaigns/:campaign/report/:state.pdf",
  },
  "routes/staff.users.$userId": {
    id: "routes/staff.users.$userId",
    parentId: "routes/staff",
    path: "users/:userId",
  },
  "routes/$": { id: "routes/$", parentId: "root", path: "*" },
};
const patterns = routePatterns(routes);

describe("checkRouteParams", () => {
  it.each([
    ["/"],
    ["/c/iran-end-impunity"],
    ["/c/iran-end-impunity/write"],
    ["/c/iran-end-impunity.data"],
    ["/_root.data"],
    ["/confirm/AbC_12-xyz"],
    ["/s/AbC_12-xyz/delete"],
    ["/staff/campaigns/new"],
    ["/staff/campaigns/iran/report/FRA"],
    ["/staff/campaigns/iran/report/fra.pdf"],
    ["/staff/users/2147483647"],
  ])("lets %s through", (path) => {
    expect(checkRouteParams(path, patterns).kind).toBe("valid");
  });

  it.each([
    ["/c/%00"],
    ["/c/%00/write"],
    ["/c/%00.data"],
    ["/c/x%E0"],
    [`/c/${"a".repeat(101)}`],
    ["/c/%27%20OR%201=1--"],
    ["/confirm/%00"],
    ["/confirm/to.ken"],
    ["/s/%00/delete"],
    ["/s/x/%00"],
    ["/staff/campaigns/iran/report/%00"],
    ["/staff/campaigns/iran/report/FRAN.pdf"],
    ["/staff/users/2147483648"],
    ["/staff/users/99999999999999999999"],
    ["/staff/users/abc"],
  ])("refuses %s", (path) => {
    expect(checkRouteParams(path, patterns).kind).toBe("malformed");
  });

  it("leaves paths no route takes to the router's own 404", () => {
    expect(checkRouteParams("/no/such/page", patterns).kind).toBe("unmatched");
  });
});

describe("paramSchemas", () => {
  // A parameter left to the printable fallback let "' OR 1=1--" reach the translations API.
  it("has a schema for every parameter a route file names", () => {
    const names = routeFilePatterns().flatMap((pattern) =>
      [...pattern.matchAll(/:([\w-]+)/g)].map((match) => match[1] ?? ""),
    );
    const undescribed = names.filter((name) => !(name in paramSchemas) && !/Id$/.test(name));
    expect(undescribed).toEqual([]);
  });

  it.each(["fa", "zh", "en"])("takes the language %s", (language) => {
    expect(paramSchemas.language?.safeParse(language).success).toBe(true);
  });

  it.each(["x", "' OR 1=1--", "fa\u0000", "english"])("refuses the language %j", (language) => {
    expect(paramSchemas.language?.safeParse(language).success).toBe(false);
  });
});

describe("redactedPath", () => {
  it.each([
    ["/confirm/S3cr3t-token", "/confirm/:token"],
    ["/confirm/S3cr3t-token.data", "/confirm/:token"],
    ["/s/S3cr3t-token/delete", "/s/:token/delete"],
    ["/s/s/delete", "/s/:token/delete"],
    ["/S/S3cr3t-token/delete/more", "/s/:token/delete/more"],
    ["/c/iran/write", "/c/iran/write"],
    ["/staff/campaigns/iran/report/FRA", "/staff/campaigns/iran/report/FRA"],
  ])("writes %s as %s", (path, logged) => {
    expect(redactedPath(path, patterns)).toBe(logged);
  });
});
