import { createApiToken } from "~/auth/api-tokens.server";
import type { StaffRole } from "~/auth/roles";
import { createStaffUser } from "~/auth/staff-users.server";
import type { DbOrTx } from "~/lib/db.server";
import { outcome } from "./staff-requests";

/** An API answer's JSON: the resource's fields, or `error` and zod's `issues`. */
export interface ApiBody {
  error?: string;
  issues?: Array<{ path: Array<string | number>; message: string }>;
  [field: string]: unknown;
}

/** A Bearer token for each role, each on its own staff account named after the test file. */
export async function apiTokensByRole(
  db: DbOrTx,
  file: string,
): Promise<Record<StaffRole, string>> {
  const tokens = {} as Record<StaffRole, string>;
  for (const role of ["viewer", "editor", "admin"] as const) {
    const user = await createStaffUser(
      db,
      { kind: "cli" },
      { email: `${file}-${role}@example.org`, role, password: "a long enough password" },
    );
    ({ token: tokens[role] } = await createApiToken(
      db,
      { kind: "cli" },
      { userId: user.id, name: role },
    ));
  }
  return tokens;
}

/** A request to `/api/v1` + `path`, with a JSON body when there is one. */
export function apiRequest(path: string, method: string, token?: string, body?: unknown): Request {
  const headers = new Headers();
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (body !== undefined) headers.set("Content-Type", "application/json");
  return new Request(`http://localhost/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Runs an API loader or action and reads its status and JSON, thrown or returned alike. */
export async function apiAnswer(run: () => Promise<unknown>) {
  const result = await outcome(run);
  if (!result.response) throw new Error("API routes answer with a Response");
  return { status: result.response.status, body: (await result.response.json()) as ApiBody };
}
