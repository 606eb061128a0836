import type { Actor } from "~/audit/audit-log.server";

export function staffActor(user: { id: number; email: string }): Actor {
  return { kind: "staff", userId: user.id, email: user.email };
}
