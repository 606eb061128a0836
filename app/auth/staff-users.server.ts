import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { staffUsers } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import type { DbOrTx } from "~/lib/db.server";
import type { Device } from "./device-cookie.server";
import { decoyPasswordHash, hashPassword, passwordSchema, verifyPassword } from "./password.server";
import { type StaffRole, staffRoles } from "./roles";
import {
  refundSignInAttempt,
  reserveSignInAttempt,
  signInRules,
  throttleKey,
} from "./sign-in-throttle.server";

export interface StaffUser {
  id: number;
  email: string;
  displayName: string | null;
  role: StaffRole;
}

export const newStaffUserSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter an e-mail address like name@example.org"),
  role: z.enum(staffRoles, { message: "Choose admin, editor or viewer" }),
  password: passwordSchema,
  displayName: z.string().trim().max(120).optional(),
});

export class DuplicateEmailError extends Error {
  constructor() {
    super("A staff account with this e-mail already exists");
  }
}

export async function createStaffUser(
  db: DbOrTx,
  actor: Actor,
  input: z.input<typeof newStaffUserSchema>,
): Promise<StaffUser> {
  const { email, role, password, displayName } = newStaffUserSchema.parse(input);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(staffUsers)
      .values({ email, role, passwordHash, displayName: displayName || null })
      .onConflictDoNothing()
      .returning();
    if (!created) throw new DuplicateEmailError();
    await recordAudit(tx, actor, {
      action: "staff_user.create",
      entityType: "staff_user",
      entityId: created.id,
      details: { role },
    });
    return toStaffUser(created);
  });
}

function toStaffUser(row: typeof staffUsers.$inferSelect): StaffUser {
  return { id: row.id, email: row.email, displayName: row.displayName, role: row.role };
}

export async function findStaffUserByEmail(db: DbOrTx, email: string) {
  const [row] = await db
    .select()
    .from(staffUsers)
    .where(eq(sql`lower(${staffUsers.email})`, email.trim().toLowerCase()));
  return row;
}

export async function getActiveStaffUser(db: DbOrTx, id: number): Promise<StaffUser | null> {
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, id));
  return row && !row.disabledAt ? toStaffUser(row) : null;
}

export type SignInResult =
  | { ok: true; user: StaffUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; retryAfterSeconds: number };

export interface SignInAttempt {
  email: string;
  password: string;
  /** The client's address; only a keyed hash of it is stored. */
  clientIp: string;
  device: Device | null;
}

/**
 * Checks a password behind the sign-in throttles. Unknown and disabled
 * accounts get the same answers, at the same cost, as real ones; failures
 * are audited without the e-mail typed or the client's address.
 */
export async function signInWithPassword(
  db: DbOrTx,
  attempt: SignInAttempt,
  now = new Date(),
): Promise<SignInResult> {
  const found = await findStaffUserByEmail(db, attempt.email);
  const user = found && !found.disabledAt ? found : undefined;
  const trustedDevice = user && attempt.device?.userId === user.id ? attempt.device.id : null;
  const rules = signInRules({ ip: attempt.clientIp, email: attempt.email, trustedDevice });
  const reservation = await reserveSignInAttempt(db, rules, now);
  const failure = (details: Record<string, unknown>) =>
    recordAudit(
      db,
      { kind: "system" },
      {
        action: "session.sign_in_failed",
        entityType: "staff_user",
        entityId: user?.id ?? null,
        details: { ...details, client: throttleKey("ip", attempt.clientIp).slice(-12) },
      },
    );
  if (!reservation.ok) {
    // One audit line when a throttle closes, not one per refused attempt.
    if (reservation.firstRefusal) await failure({ reason: "throttled", by: reservation.rule });
    return { ok: false, reason: "locked", retryAfterSeconds: reservation.retryAfterSeconds };
  }
  const matches = await verifyPassword(
    user?.passwordHash ?? (await decoyPasswordHash()),
    attempt.password,
  );
  if (!user || !matches) {
    await failure({ reason: "password", device: trustedDevice !== null });
    return { ok: false, reason: "invalid" };
  }
  await refundSignInAttempt(db, rules, now);
  return { ok: true, user: toStaffUser(user) };
}

export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password"),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    message: "The two new passwords differ",
    path: ["confirmPassword"],
  });

/**
 * A staff member changes their own password, proving the current one. The
 * caller ends their other sessions: whoever knew the old password is out.
 */
export async function changeOwnPassword(
  db: DbOrTx,
  userId: number,
  input: { currentPassword: string; newPassword: string },
): Promise<boolean> {
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, userId));
  if (!row || row.disabledAt) return false;
  if (!(await verifyPassword(row.passwordHash, input.currentPassword))) return false;
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(staffUsers).set({ passwordHash }).where(eq(staffUsers.id, userId));
    await recordAudit(
      tx,
      { kind: "staff", userId, email: row.email },
      {
        action: "staff_user.change_password",
        entityType: "staff_user",
        entityId: userId,
      },
    );
  });
  return true;
}

export async function listStaffUsers(db: DbOrTx) {
  return db
    .select({
      id: staffUsers.id,
      email: staffUsers.email,
      displayName: staffUsers.displayName,
      role: staffUsers.role,
      disabledAt: staffUsers.disabledAt,
      createdAt: staffUsers.createdAt,
    })
    .from(staffUsers)
    .orderBy(asc(staffUsers.email));
}

export async function changeStaffRole(db: DbOrTx, actor: Actor, userId: number, role: StaffRole) {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(staffUsers)
      .where(eq(staffUsers.id, userId))
      .for("update");
    if (!before) throw new Error("No such staff account");
    await assertNotLastAdmin(tx, before, role === "admin" && !before.disabledAt);
    await tx.update(staffUsers).set({ role }).where(eq(staffUsers.id, userId));
    await recordAudit(tx, actor, {
      action: "staff_user.change_role",
      entityType: "staff_user",
      entityId: userId,
      details: { from: before.role, to: role },
    });
  });
}

export async function setStaffUserDisabled(
  db: DbOrTx,
  actor: Actor,
  userId: number,
  disabled: boolean,
) {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(staffUsers)
      .where(eq(staffUsers.id, userId))
      .for("update");
    if (!before) throw new Error("No such staff account");
    await assertNotLastAdmin(tx, before, before.role === "admin" && !disabled);
    await tx
      .update(staffUsers)
      .set({ disabledAt: disabled ? new Date() : null })
      .where(eq(staffUsers.id, userId));
    await recordAudit(tx, actor, {
      action: disabled ? "staff_user.disable" : "staff_user.enable",
      entityType: "staff_user",
      entityId: userId,
    });
  });
}

export class LastAdminError extends Error {
  constructor() {
    super("Démarche needs at least one active admin: make someone else admin first");
  }
}

async function assertNotLastAdmin(
  tx: DbOrTx,
  before: typeof staffUsers.$inferSelect,
  staysActiveAdmin: boolean,
) {
  if (before.role !== "admin" || before.disabledAt || staysActiveAdmin) return;
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(staffUsers)
    .where(sql`${staffUsers.role} = 'admin' and ${staffUsers.disabledAt} is null`);
  if ((row?.count ?? 0) <= 1) throw new LastAdminError();
}
