import { type Position, recordedVotes, stanceLabels, stances } from "~/positions/stance";

/** A response can move a state to a stance or record its vote (an abstention is a stance here). */
const positionGroups: { label: string; positions: readonly Position[] }[] = [
  { label: "Position", positions: stances },
  { label: "Recorded vote", positions: recordedVotes.filter((v) => v !== "abstain") },
];

/** The options of a "position change" select: none, then stances and votes in groups. */
export function PositionChangeOptions() {
  return (
    <>
      <option value="">No change</option>
      {positionGroups.map((group) => (
        <optgroup key={group.label} label={group.label}>
          {group.positions.map((p) => (
            <option key={p} value={p}>
              {stanceLabels[p]}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
