import { Form, Link, useLocation } from "@remix-run/react";
import { SelectField } from "~/components/form-fields";
import { StateOptions } from "./log-response-form";
import type { ResponsesPageData } from "./route";

export function Filters({ page }: { page: ResponsesPageData }) {
  const { search } = useLocation();
  const action = `/staff/campaigns/${page.campaign.slug}/responses`;
  return (
    <Form key={search} method="get" action={action} className="filters">
      <SelectField
        id="filter-state"
        name="state"
        label="Filter by state"
        defaultValue={page.filters.state}
      >
        <option value="">All states</option>
        <StateOptions states={page.states} />
      </SelectField>
      <SelectField id="filter-ask" name="ask" label="Filter by ask" defaultValue={page.filters.ask}>
        <option value="">All asks</option>
        {page.asks.map((ask) => (
          <option key={ask.slug} value={ask.slug}>
            {ask.title}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="filter-channel"
        name="channel"
        label="Filter by channel"
        defaultValue={page.filters.channel}
      >
        <option value="">All channels</option>
        {page.channels.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </SelectField>
      <div className="filters__buttons">
        <button type="submit">Show responses</button> <Link to={action}>Clear filters</Link>
      </div>
    </Form>
  );
}
