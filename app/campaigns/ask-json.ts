import type { asks } from "#db/schema";

/** An ask in the API: the field names a client sends to create one, plus its place and state. */
export function askJson(ask: typeof asks.$inferSelect) {
  return {
    slug: ask.slug,
    title: ask.title,
    description: ask.description,
    rule: ask.decisionRule,
    body: ask.bodyCode,
    decidesOn: ask.decisionDate,
    importantQuestion: ask.importantQuestion,
    order: ask.position,
    retired: ask.retiredAt !== null,
    retiredAt: ask.retiredAt?.toISOString() ?? null,
  };
}
