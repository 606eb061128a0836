import { Form } from "@remix-run/react";
import { formErrorMessage } from "~/i18n/form-errors";
import { useT } from "~/i18n/use-t";
import type { LetterLanguage } from "~/letters/letter-form";
import { supporterLimits } from "~/letters/letter-form";
import { CsrfInput } from "./csrf-input";
import { TextAreaField } from "./form-fields";
import { LetterLanguageNote, letterTextAttributes } from "./letter-language-note";

interface LetterPreviewFormProps {
  preview: {
    subject: string;
    body: string;
    targetName: string;
    awaitingContact: boolean;
    language: LetterLanguage;
    otherLanguage: string | null;
  };
  /** What the supporter typed, carried to the next step. */
  values: Record<string, string>;
  bodyError?: string;
  confirmBeforeSend: boolean;
  /** The write page's title is the page's h1; in the embed it sits under the campaign's. */
  heading: "h1" | "h2";
  /** Where the form posts; the current page by default. */
  action?: string;
  rows: number;
}

/** The preview step, the same on the write page and in the embed: check, edit, send. */
export function LetterPreviewForm({
  preview,
  values,
  bodyError,
  confirmBeforeSend,
  heading: Heading,
  action,
  rows,
}: LetterPreviewFormProps) {
  const { t, rich } = useT();
  const bodyMessage = bodyError ? formErrorMessage(bodyError) : null;
  return (
    <>
      <Heading>{t("preview.title")}</Heading>
      <p>
        {rich("preview.intro", {
          target: preview.targetName,
          max: supporterLimits.body,
          strong: (chunks) => <strong>{chunks}</strong>,
        })}
      </p>
      {preview.awaitingContact ? <p className="notice">{t("preview.awaitingContact")}</p> : null}
      {preview.otherLanguage ? (
        <LetterLanguageNote
          languageName={preview.otherLanguage}
          personalParagraph={values.personalParagraph ?? ""}
        />
      ) : null}
      <Form method="post" action={action} noValidate>
        <CsrfInput />
        {Object.entries(values)
          .filter(([key]) => key !== "body")
          .map(([key, value]) => (
            <input key={key} type="hidden" name={key} value={value} />
          ))}
        <p>
          <strong>{t("preview.subject")}</strong>{" "}
          <span {...letterTextAttributes(preview.language)}>{preview.subject}</span>
        </p>
        <TextAreaField
          name="body"
          label={t("preview.body")}
          rows={rows}
          maxLength={supporterLimits.body}
          defaultValue={preview.body}
          {...letterTextAttributes(preview.language)}
          error={bodyMessage ? t(bodyMessage.key, bodyMessage.values) : undefined}
        />
        <p className="actions">
          <button type="submit" name="intent" value="send">
            {confirmBeforeSend ? t("preview.sendConfirm") : t("preview.send")}
          </button>{" "}
          <button type="submit" name="intent" value="edit" className="secondary">
            {t("preview.edit")}
          </button>
        </p>
      </Form>
    </>
  );
}
