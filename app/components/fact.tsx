import type { ReactNode } from "react";

/** One term and its description, for a `<dl>` of facts about a record. */
export function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
