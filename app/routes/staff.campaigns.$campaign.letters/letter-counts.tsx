import { Form, Link, useLocation } from "@remix-run/react";
import { SelectField } from "~/components/form-fields";
import type { LettersPageData } from "./route";
import { statuses, statusLabels } from "./status-labels";

export function Counts({ page }: { page: LettersPageData }) {
  const { search } = useLocation();
  const { counts, filter } = page;
  return (
    <section aria-labelledby="counts-heading">
      <h2 id="counts-heading">Letters by status</h2>
      <Form key={search} method="get" className="filters" aria-label="Filter letters">
        <SelectField id="filter-status" name="status" label="Status" defaultValue={filter.status}>
          <option value="">Any status</option>
          {statuses.map((status) => (
            <option key={status} value={status}>
              {statusLabels[status]}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-state" name="state" label="State" defaultValue={filter.state}>
          <option value="">Any state</option>
          {page.states.map((state) => (
            <option key={state.iso3} value={state.iso3}>
              {state.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-ask" name="ask" label="Ask" defaultValue={filter.ask}>
          <option value="">Any ask</option>
          {page.asks.map((ask) => (
            <option key={ask.slug} value={ask.slug}>
              {ask.title}
            </option>
          ))}
        </SelectField>
        <div className="filters__buttons">
          <button type="submit">Show letters</button> <Link to="?">Clear filters</Link>
        </div>
      </Form>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard. */}
      <section className="table-scroll" aria-label="Letters by state and status" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">State</th>
              {statuses.map((status) => (
                <th key={status} scope="col">
                  {statusLabels[status]}
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">All states</th>
              {statuses.map((status) => (
                <td key={status} data-status={status}>
                  {counts.overall[status]}
                </td>
              ))}
              <td>{counts.total}</td>
            </tr>
            {counts.byState.map((state) => (
              <tr key={state.iso3}>
                <th scope="row">{state.name}</th>
                {statuses.map((status) => (
                  <td key={status}>{state.counts[status]}</td>
                ))}
                <td>{state.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}
