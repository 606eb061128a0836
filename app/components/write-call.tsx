/** The call to write, on every public page of a campaign that takes letters. */
export function WriteCall({ campaign }: { campaign: { slug: string; takesLetters: boolean } }) {
  if (!campaign.takesLetters) return null;
  return (
    <p>
      <a className="button" href={`/c/${campaign.slug}/write`}>
        Write to your government
      </a>
    </p>
  );
}
