import { useT } from "~/i18n/use-t";
import type { Position } from "~/positions/stance";
import { stanceColours } from "~/positions/world-map";

/** A position in words with its map colour beside it: the colour is never the only cue. */
export function StanceLabel({ position }: { position: Position }) {
  const { t } = useT();
  return (
    <span className="stance-label" data-position={position}>
      <svg
        className="stance-label__swatch"
        width="14"
        height="14"
        viewBox="0 0 14 14"
        aria-hidden="true"
        focusable="false"
      >
        <rect
          x="0.5"
          y="0.5"
          width="13"
          height="13"
          fill={stanceColours[position]}
          stroke="#1A1A1A"
        />
      </svg>
      {t(`stance.${position}`)}
    </span>
  );
}
