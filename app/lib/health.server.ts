import { sql } from "drizzle-orm";
import type { Database } from "./db.server";
import { logger } from "./logger.server";

export async function checkDatabase(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch (error) {
    logger.error({ err: error }, "health check: database unreachable");
    return false;
  }
}
