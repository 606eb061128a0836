import { useT } from "~/i18n/use-t";

/** The call to write, on every public page of a campaign that takes letters. */
export function WriteCall({ campaign }: { campaign: { slug: string; takesLetters: boolean } }) {
  const { t } = useT();
  if (!campaign.takesLetters) return null;
  return (
    <p>
      <a className="button" href={`/c/${campaign.slug}/write`}>
        {t("campaign.writeCall")}
      </a>
    </p>
  );
}
