import { randomBytes } from "node:crypto";
import type { DbOrTx } from "~/lib/db.server";
import { createStaffUser, findStaffUserByEmail } from "./staff-users.server";

export const demoAdminEmail = "admin@demo.example.org";

/** Creates the demo admin once; returns its password only when it was just created. */
export async function ensureDemoAdmin(
  db: DbOrTx,
): Promise<{ email: string; password: string } | null> {
  if (await findStaffUserByEmail(db, demoAdminEmail)) return null;
  const password = randomBytes(12).toString("base64url");
  await createStaffUser(db, { kind: "system" }, { email: demoAdminEmail, role: "admin", password });
  return { email: demoAdminEmail, password };
}
