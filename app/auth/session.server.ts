import { redirect } from "@remix-run/node";
import { and, eq, gt, lt, ne, sql } from "drizzle-orm";
import { staffSessions } from "#db/schema";
import { recordAudit } from "~/audit/audit-log.server";
import type { DbOrTx } from "~/lib/db.server";
import { appCookie } from "./cookies.server";
import { roleAllows, type StaffRole } from "./roles";
import { hashSecretToken, newSecretToken } from "./secret-token.server";
import { staffActor } from "./staff-actor";
import { getActiveStaffUser, type StaffUser } from "./staff-users.server";

const sessionDays = 7;

function sessionCookie() {
  return appCookie("demarche_staff", sessionDays * 24 * 60 * 60);
}

/** Starts a session and returns the Set-Cookie header value. */
export async function startStaffSession(db: DbOrTx, userId: number): Promise<string> {
  const id = newSecretToken("");
  const expiresAt = new Date(Date.now() + sessionDays * 24 * 60 * 60 * 1000);
  await db.insert(staffSessions).values({ idHash: hashSecretToken(id), userId, expiresAt });
  // Housekeeping that costs nothing noticeable: drop this user's expired sessions.
  await db
    .delete(staffSessions)
    .where(and(eq(staffSessions.userId, userId), lt(staffSessions.expiresAt, new Date())));
  return sessionCookie().serialize(id);
}

export async function endStaffSession(db: DbOrTx, request: Request): Promise<string> {
  const id = await sessionId(request);
  if (id) await db.delete(staffSessions).where(eq(staffSessions.idHash, hashSecretToken(id)));
  return sessionCookie().serialize("", { maxAge: 0 });
}

/** Signs this user out everywhere but in this browser; returns how many sessions ended. */
export async function endOtherStaffSessions(
  db: DbOrTx,
  request: Request,
  user: { id: number; email: string },
): Promise<number> {
  const id = await sessionId(request);
  const keep = id ? ne(staffSessions.idHash, hashSecretToken(id)) : undefined;
  return db.transaction(async (tx) => {
    const ended = await tx
      .delete(staffSessions)
      .where(and(eq(staffSessions.userId, user.id), keep))
      .returning({ userId: staffSessions.userId });
    await recordAudit(tx, staffActor(user), {
      action: "session.sign_out_others",
      entityType: "staff_user",
      entityId: user.id,
      details: { sessions: ended.length },
    });
    return ended.length;
  });
}

/** This user's unexpired sessions other than the one in this browser. */
export async function countOtherStaffSessions(
  db: DbOrTx,
  request: Request,
  userId: number,
): Promise<number> {
  const id = await sessionId(request);
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(staffSessions)
    .where(
      and(
        eq(staffSessions.userId, userId),
        gt(staffSessions.expiresAt, new Date()),
        id ? ne(staffSessions.idHash, hashSecretToken(id)) : undefined,
      ),
    );
  return row?.count ?? 0;
}

/** The raw session id from the cookie, whether or not the session is still valid. */
export async function sessionId(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function getStaffUser(db: DbOrTx, request: Request): Promise<StaffUser | null> {
  const id = await sessionId(request);
  if (!id) return null;
  const [session] = await db
    .select()
    .from(staffSessions)
    .where(
      and(eq(staffSessions.idHash, hashSecretToken(id)), gt(staffSessions.expiresAt, new Date())),
    );
  return session ? getActiveStaffUser(db, session.userId) : null;
}

/**
 * Every staff loader and action starts here. Signed-out visitors go to the
 * sign-in page; a signed-in user without the role gets a 403.
 */
export async function requireStaff(
  db: DbOrTx,
  request: Request,
  role: StaffRole,
): Promise<StaffUser> {
  const user = await getStaffUser(db, request);
  if (!user) {
    const url = new URL(request.url);
    const back = `${url.pathname}${url.search}`;
    throw redirect(`/staff/sign-in?redirectTo=${encodeURIComponent(back)}`);
  }
  if (!roleAllows(user.role, role)) {
    throw new Response(`This page needs the ${role} role.`, { status: 403 });
  }
  return user;
}
