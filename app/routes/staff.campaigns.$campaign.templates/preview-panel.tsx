import { Form } from "@remix-run/react";
import { letterTextAttributes } from "~/components/letter-language-note";
import { MultilineText } from "~/components/multiline-text";
import { StanceLabel } from "~/components/stance-label";
import { letterLanguages } from "~/letters/letter-form";
import type { LetterTemplateField } from "~/templates/letter-templates.server";
import type { LetterPreview, TemplateFieldErrors } from "~/templates/template-editor.server";
import { describeError } from "./template-field";
import { fieldNames, languageNames } from "./template-names";

type PreviewSource = {
  fields: TemplateFieldErrors;
  message: string | null;
  preview: Extract<LetterPreview, { ok: true }> | null;
};

export function PreviewPanel({
  result,
  pending,
}: {
  result: PreviewSource | null;
  pending: boolean;
}) {
  const preview = result?.preview ?? null;
  const problems = result ? previewProblems(result) : [];
  return (
    <section id="preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview</h2>
      <p role="status" className="muted">
        {pending
          ? "Updating the preview…"
          : preview
            ? `As a sample supporter from ${preview.stateName} would send it today.`
            : "Press “Preview” to see the letter."}
      </p>
      {problems.length > 0 ? (
        <div className="notice error">
          <p>The letter cannot be rendered yet:</p>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview ? (
        <>
          <dl className="facts">
            <div>
              <dt>To</dt>
              <dd>
                {preview.targetName}
                {preview.hasContact ? "" : " (no verified contact yet: the letter would wait)"}
              </dd>
            </div>
            <div>
              <dt>Public stance on “{preview.askTitle}”</dt>
              <dd>
                <StanceLabel position={preview.stance} />
              </dd>
            </div>
          </dl>
          <p>
            <strong>Subject:</strong>{" "}
            <span id="preview-subject" {...letterTextAttributes(preview.language)}>
              {preview.subject}
            </span>
          </p>
          <div id="preview-body" {...letterTextAttributes(preview.language)}>
            <MultilineText text={preview.body} />
          </div>
        </>
      ) : null}
    </section>
  );
}

function previewProblems(result: PreviewSource): string[] {
  const problems = Object.entries(result.fields).flatMap(([field, errors]) =>
    (errors ?? []).map(
      (error) => `${fieldNames[field as LetterTemplateField]}: ${describeError(error)}`,
    ),
  );
  return result.message ? [result.message, ...problems] : problems;
}

/**
 * Opens the template in effect in another language for the same ask, office
 * and state: with JavaScript its preview renders at once, without it on "Preview".
 */
export function PreviewLanguageForm({
  scope,
  state,
}: {
  scope: { ask: string; language: string; targetKind: string };
  state: string;
}) {
  return (
    <Form method="get" className="filters" aria-label="Preview in another language">
      <input type="hidden" name="ask" value={scope.ask} />
      <input type="hidden" name="targetKind" value={scope.targetKind} />
      <input type="hidden" name="state" value={state} />
      <div>
        <label htmlFor="preview-language">Preview the letter in</label>
        <select id="preview-language" name="language" defaultValue={scope.language}>
          {letterLanguages.map((language) => (
            <option key={language} value={language}>
              {languageNames[language] ?? language}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__buttons">
        <button type="submit" className="secondary">
          Show this language
        </button>
      </div>
    </Form>
  );
}
