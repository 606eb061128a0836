import { Form, Link } from "@remix-run/react";
import {
  allowedStatusChanges,
  type CampaignStatus,
  statusChangeLabel,
  statusDescriptions,
  statusLabels,
} from "~/campaigns/campaign-lifecycle";
import { CsrfInput } from "~/components/csrf-input";
import { FieldError } from "~/components/form-fields";

/** The campaign's status, a preview link, and one button per change the lifecycle allows. */
export function CampaignStatusForm({
  slug,
  status,
  error,
  changed,
}: {
  slug: string;
  status: CampaignStatus;
  error?: string;
  changed?: string | null;
}) {
  return (
    <section aria-labelledby="status">
      <h2 id="status">Status: {statusLabels[status]}</h2>
      {changed ? (
        <p className="notice" role="status">
          The campaign is now {statusLabels[status].toLowerCase()}.
        </p>
      ) : null}
      <p>
        {statusDescriptions[status]}{" "}
        <Link to={`/c/${slug}`}>
          {status === "draft" ? "Preview its public page" : "Its public page"}
        </Link>
      </p>
      <div className="actions">
        {allowedStatusChanges(status).map((to) => (
          <Form key={to} method="post" action={`/staff/campaigns/${slug}/edit`}>
            <CsrfInput />
            <input type="hidden" name="intent" value="status" />
            <button type="submit" name="status" value={to}>
              {statusChangeLabel(status, to)}
            </button>
          </Form>
        ))}
      </div>
      <FieldError id="status-error" message={error} />
    </section>
  );
}
