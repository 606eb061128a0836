import { useT } from "~/i18n/use-t";
import type { Position } from "~/positions/stance";
import { StanceSwatch, stanceColours } from "~/positions/world-map";

/** A position in words with its map colour beside it: the colour is never the only cue. */
export function StanceLabel({ position }: { position: Position }) {
  const { t } = useT();
  return (
    <span className="stance-label" data-position={position}>
      <StanceSwatch fill={stanceColours[position]} />
      {t(`stance.${position}`)}
    </span>
  );
}
