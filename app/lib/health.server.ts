import { sql } from "drizzle-orm";
import { database } from "./db.server";
import { logger } from "./logger.server";

export async function checkDatabase(): Promise<boolean> {
  try {
    await database().execute(sql`select 1`);
    return true;
  } catch (error) {
    logger.error({ err: error }, "health check: database unreachable");
    return false;
  }
}
