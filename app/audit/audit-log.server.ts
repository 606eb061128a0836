import { desc, eq } from "drizzle-orm";
import { auditEvents, staffUsers } from "#db/schema";
import type { DbOrTx } from "~/lib/db.server";

/** Who acted: a signed-in staff member, or a command-line / system process. */
export type Actor = { kind: "staff"; userId: number; email: string } | { kind: "cli" | "system" };

export function actorLabel(actor: Actor): string {
  return actor.kind === "staff" ? `staff:${actor.userId}` : actor.kind;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  /** What changed, without personal data: ids, roles, counts, never e-mails or text. */
  details?: Record<string, unknown>;
}

/** Call inside the same transaction as the write it records. */
export async function recordAudit(tx: DbOrTx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    actorUserId: actor.kind === "staff" ? actor.userId : null,
    actorLabel: actorLabel(actor),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    details: entry.details ?? {},
  });
}

export async function listAuditEvents(db: DbOrTx, options: { limit: number; offset?: number }) {
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorLabel: auditEvents.actorLabel,
      actorEmail: staffUsers.email,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .leftJoin(staffUsers, eq(staffUsers.id, auditEvents.actorUserId))
    .orderBy(desc(auditEvents.id))
    .limit(options.limit)
    .offset(options.offset ?? 0);
}
