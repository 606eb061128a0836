import { csrfToken } from "~/auth/csrf.server";
import type { StaffRole } from "~/auth/roles";
import { startStaffSession } from "~/auth/session.server";
import { createStaffUser, type StaffUser } from "~/auth/staff-users.server";
import type { DbOrTx } from "~/lib/db.server";

import { testSessionSecret } from "./test-secrets";

export { testSessionSecret };

let counter = 0;

export interface SignedInStaff {
  user: StaffUser;
  /** Cookie header with the session. */
  cookie: string;
  csrf: string;
}

export async function signedInStaff(db: DbOrTx, role: StaffRole): Promise<SignedInStaff> {
  counter += 1;
  const user = await createStaffUser(
    db,
    { kind: "system" },
    {
      email: `${role}-${counter}-${Date.now()}@example.org`,
      role,
      password: "correct horse battery",
    },
  );
  const session = (await startStaffSession(db, user.id)).split(";")[0] ?? "";
  // The CSRF token is bound to the session: no cookie of its own.
  const { token } = await csrfToken(staffGet("/", { cookie: session }));
  return { user, cookie: session, csrf: token };
}

export function staffGet(path: string, staff?: Pick<SignedInStaff, "cookie">): Request {
  return new Request(`http://localhost${path}`, {
    headers: staff ? { Cookie: staff.cookie } : {},
  });
}

export function staffPost(
  path: string,
  fields: Record<string, string>,
  staff?: SignedInStaff,
  options: { csrf?: boolean } = {},
): Request {
  const body = new URLSearchParams(fields);
  if (staff && options.csrf !== false) body.set("csrf", staff.csrf);
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(staff ? { Cookie: staff.cookie } : {}),
    },
  });
}

/** Runs a loader or action and returns its Response, whether returned or thrown. */
export async function outcome(
  run: () => Promise<unknown>,
): Promise<{ status: number; body: unknown; response?: Response }> {
  try {
    const value = await run();
    if (value instanceof Response) return { status: value.status, body: null, response: value };
    if (
      value &&
      typeof value === "object" &&
      "type" in value &&
      value.type === "DataWithResponseInit"
    ) {
      const init = value as unknown as { data: unknown; init?: { status?: number } };
      return { status: init.init?.status ?? 200, body: init.data };
    }
    return { status: 200, body: value };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null, response: thrown };
    throw thrown;
  }
}
