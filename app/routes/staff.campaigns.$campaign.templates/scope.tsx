import { Form } from "@remix-run/react";
import { contactKindLabels } from "~/contacts/contact-kinds";
import { letterLanguages } from "~/letters/letter-form";
import type { TemplatesPageData } from "./route";
import { languageNames } from "./template-names";

export function ScopeForm({
  asks,
  scope,
}: {
  asks: { slug: string; title: string }[];
  scope: { ask: string; language: string; targetKind: string };
}) {
  return (
    <Form method="get" className="filters" aria-label="Choose the template">
      <div>
        <label htmlFor="scope-ask">Ask</label>
        <select id="scope-ask" name="ask" defaultValue={scope.ask}>
          <option value="">All asks (campaign-wide)</option>
          {asks.map((ask) => (
            <option key={ask.slug} value={ask.slug}>
              {ask.title}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="scope-language">Language</label>
        <select id="scope-language" name="language" defaultValue={scope.language}>
          {letterLanguages.map((language) => (
            <option key={language} value={language}>
              {languageNames[language] ?? language}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="scope-target">Addressed to</label>
        <select id="scope-target" name="targetKind" defaultValue={scope.targetKind}>
          {Object.entries(contactKindLabels).map(([kind, name]) => (
            <option key={kind} value={kind}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__buttons">
        <button type="submit">Open this template</button>
      </div>
    </Form>
  );
}

export function InEffect({ page }: { page: TemplatesPageData }) {
  const askTitle = page.asks.find((ask) => ask.slug === page.scope.ask)?.title;
  const version = page.inEffect;
  return (
    <p>
      Editing the template for <strong>{askTitle ? `“${askTitle}”` : "all asks"}</strong>,{" "}
      {languageNames[page.scope.language] ?? page.scope.language},{" "}
      {contactKindLabels[page.scope.targetKind]}. The text below is the one in effect:{" "}
      {version
        ? `version ${version.version}${version.askTitle ? "" : " (campaign-wide)"}.`
        : "the shipped template."}{" "}
      Saving stores a new version for this choice.
    </p>
  );
}
