import { useEffect, useRef } from "react";

export interface ErrorSummaryItem {
  /** Fragment of the field or list entry that explains the problem, e.g. "#file". */
  href: string;
  message: string;
}

/**
 * The accessible error summary: a focusable box at the top of the page listing every problem,
 * each a link to where it can be fixed. It takes focus when it appears, so keyboard and screen
 * reader users land on it after a submission; render it with a new `key` per submission.
 */
export function ErrorSummary({
  items,
  more,
}: {
  items: readonly ErrorSummaryItem[];
  /** A link to the full list when only the first few problems are summarised. */
  more?: ErrorSummaryItem;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  if (items.length === 0) return null;
  return (
    <div
      ref={ref}
      id="error-summary"
      className="error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabIndex={-1}
    >
      <h2 id="error-summary-title" className="error-summary__title">
        There is a problem
      </h2>
      <ul className="error-summary__list">
        {items.map((item) => (
          <li key={`${item.href} ${item.message}`}>
            <a href={item.href}>{item.message}</a>
          </li>
        ))}
        {more ? (
          <li>
            <a href={more.href}>{more.message}</a>
          </li>
        ) : null}
      </ul>
    </div>
  );
}
