import { and, desc, eq, isNull } from "drizzle-orm";
import { apiTokens, staffUsers } from "#db/schema";
import { type Actor, recordAudit } from "~/audit/audit-log.server";
import type { DbOrTx } from "~/lib/db.server";
import { defaultTokenDays, tokenNameSchema } from "./api-token-rules";
import { roleAllows, type StaffRole } from "./roles";
import { hashSecretToken, newSecretToken } from "./secret-token.server";
import type { StaffUser } from "./staff-users.server";

/** Creates a token; the secret is returned once and never stored. */
export async function createApiToken(
  db: DbOrTx,
  actor: Actor,
  input: {
    userId: number;
    name: string;
    /** Null for a token that never expires: only when someone chose so. */
    expiresInDays?: number | null;
  },
  now = new Date(),
): Promise<{ id: number; token: string; expiresAt: Date | null }> {
  const name = tokenNameSchema.parse(input.name);
  const days = input.expiresInDays === undefined ? defaultTokenDays : input.expiresInDays;
  const expiresAt = days === null ? null : new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
  const token = newSecretToken("dmt_");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        userId: input.userId,
        name,
        tokenHash: hashSecretToken(token),
        prefix: token.slice(0, 10),
        expiresAt,
      })
      .returning({ id: apiTokens.id });
    if (!row) throw new Error("token was not stored");
    await recordAudit(tx, actor, {
      action: "api_token.create",
      entityType: "api_token",
      entityId: row.id,
      details: { userId: input.userId, expiresInDays: days },
    });
    return { id: row.id, token, expiresAt };
  });
}

export async function revokeApiToken(
  db: DbOrTx,
  actor: Actor,
  input: { tokenId: number; ownerId?: number },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const owned = input.ownerId === undefined ? undefined : eq(apiTokens.userId, input.ownerId);
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, input.tokenId), isNull(apiTokens.revokedAt), owned))
      .returning({ id: apiTokens.id });
    if (revoked.length === 0) return false;
    await recordAudit(tx, actor, {
      action: "api_token.revoke",
      entityType: "api_token",
      entityId: input.tokenId,
    });
    return true;
  });
}

export async function listApiTokens(db: DbOrTx, userId?: number) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      ownerEmail: staffUsers.email,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(staffUsers, eq(staffUsers.id, apiTokens.userId))
    .where(userId === undefined ? undefined : eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.id));
}

/** JSON errors for the API: 401 without a valid token, 403 without the role. */
function apiError(status: number, error: string): Response {
  return Response.json({ error }, { status, headers: { "WWW-Authenticate": "Bearer" } });
}

export async function requireApiUser(
  db: DbOrTx,
  request: Request,
  role: StaffRole,
): Promise<StaffUser> {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("Authorization") ?? "");
  if (!match?.[1]) throw apiError(401, "Send an API token as 'Authorization: Bearer <token>'");
  const [row] = await db
    .select({ tokenId: apiTokens.id, expiresAt: apiTokens.expiresAt, user: staffUsers })
    .from(apiTokens)
    .innerJoin(staffUsers, eq(staffUsers.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashSecretToken(match[1])), isNull(apiTokens.revokedAt)));
  if (!row || row.user.disabledAt)
    throw apiError(401, "This API token is not valid or was revoked");
  if (row.expiresAt && row.expiresAt <= new Date())
    throw apiError(401, `This API token expired on ${row.expiresAt.toISOString().slice(0, 10)}`);
  if (!roleAllows(row.user.role, role)) throw apiError(403, `This request needs the ${role} role`);
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  const { id, email, displayName, role: userRole } = row.user;
  return { id, email, displayName, role: userRole };
}
