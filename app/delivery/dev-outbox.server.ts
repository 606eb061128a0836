import { desc, eq } from "drizzle-orm";
import { devOutbox } from "#db/schema";
import type { DbOrTx } from "~/lib/db.server";

/** The development outbox: what would have been sent, newest first. */
export async function listDevOutbox(db: DbOrTx, limit = 100) {
  return db
    .select({
      id: devOutbox.id,
      envelopeTo: devOutbox.envelopeTo,
      subject: devOutbox.subject,
      createdAt: devOutbox.createdAt,
    })
    .from(devOutbox)
    .orderBy(desc(devOutbox.id))
    .limit(limit);
}

export async function devOutboxMessage(db: DbOrTx, id: number) {
  const [row] = await db.select().from(devOutbox).where(eq(devOutbox.id, id));
  return row ?? null;
}
