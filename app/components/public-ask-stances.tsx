import { useT } from "~/i18n/use-t";
import type { PublicAskPositions } from "~/positions/public-asks.server";
import type { Position } from "~/positions/stance";
import type { PublicStance } from "~/positions/tracker.server";
import { StanceMap, type StanceMapData } from "~/positions/world-map";
import { StanceLabel } from "./stance-label";

/** The public page of one ask's map and table, at a stable URL. */
export function publicAskPath(campaignSlug: string, askSlug: string): string {
  return `/c/${campaignSlug}/asks/${askSlug}`;
}

/** An ask's public positions: the map, and beside it the table that says the same in text. */
export function PublicAskStances({ ask, map }: { ask: PublicAskPositions; map: StanceMapData }) {
  const stances = [...(ask.members ?? []), ...ask.others];
  const positions: Record<string, Position> = Object.fromEntries(
    stances.map((s) => [s.iso3, s.position]),
  );
  const listed = new Set(stances.map((s) => s.iso3));
  const { t } = useT();
  return (
    <div className="public-ask__stances">
      <StanceMap
        map={map}
        positions={positions}
        hrefFor={(iso3) => (listed.has(iso3) ? `#${ask.slug}-${iso3}` : `#${ask.slug}-unlisted`)}
        title={t("stances.mapTitle", { ask: ask.title })}
        caption={
          ask.council === "hrc"
            ? t("stances.captionHrc")
            : ask.council === "unsc"
              ? t("stances.captionUnsc")
              : t("stances.captionAll")
        }
        skipTo={`${ask.slug}-table`}
      />
      <StanceTable ask={ask} />
    </div>
  );
}

function StanceTable({ ask }: { ask: PublicAskPositions }) {
  const hasRows = (ask.members?.length ?? 0) + ask.others.length > 0;
  const { t } = useT();
  const membersHeading = ask.council === "hrc" ? "stances.membersHrc" : "stances.membersUnsc";
  return (
    <section
      id={`${ask.slug}-table`}
      className="public-ask__table"
      aria-label={t("stances.tableLabel", { ask: ask.title })}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the list scrolls; keyboard users must reach it.
      tabIndex={0}
    >
      {hasRows ? (
        <table>
          <caption>{t("stances.tableCaption", { ask: ask.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("stances.state")}</th>
              <th scope="col">{t("stances.position")}</th>
            </tr>
          </thead>
          {ask.members ? (
            <StanceRows
              askSlug={ask.slug}
              heading={t(membersHeading, { count: ask.members.length })}
              stances={ask.members}
            />
          ) : null}
          {ask.others.length > 0 ? (
            <StanceRows
              askSlug={ask.slug}
              heading={
                ask.members
                  ? t("stances.others")
                  : t("stances.withPosition", { count: ask.others.length })
              }
              stances={ask.others}
            />
          ) : null}
        </table>
      ) : null}
      <p id={`${ask.slug}-unlisted`}>
        {ask.members
          ? t("stances.unlisted")
          : t("stances.noInformation", { count: ask.noInformation })}
      </p>
    </section>
  );
}

function StanceRows({
  askSlug,
  heading,
  stances,
}: {
  askSlug: string;
  heading: string;
  stances: PublicStance[];
}) {
  return (
    <tbody>
      <tr>
        <th scope="rowgroup" colSpan={2}>
          {heading}
        </th>
      </tr>
      {stances.map((state) => (
        <tr key={state.iso3} id={`${askSlug}-${state.iso3}`}>
          <th scope="row">{state.name}</th>
          <td>
            <StanceLabel position={state.position} />
          </td>
        </tr>
      ))}
    </tbody>
  );
}
