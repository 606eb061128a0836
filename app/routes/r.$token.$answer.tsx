import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { CsrfInput } from "~/components/csrf-input";
import { SiteHeader } from "~/components/site-header";
import { countryName } from "~/i18n/country-names.server";
import { pageLanguage } from "~/i18n/language.server";
import { type MessageKey, metaT, useT } from "~/i18n/use-t";
import { type FollowUpAnswer, isFollowUpAnswer } from "~/responses/follow-up";
import { answerFollowUp, findFollowUp } from "~/responses/follow-up.server";
import { replyTextLimit } from "~/responses/review-queue.server";

export const meta: MetaFunction = ({ matches }) => [
  { title: `${metaT(matches).t("followUp.metaTitle")} · Démarche` },
];

const copy: Record<FollowUpAnswer, { title: MessageKey; explain: MessageKey; button: MessageKey }> =
  {
    replied: {
      title: "followUp.repliedTitle",
      explain: "followUp.repliedExplain",
      button: "followUp.repliedButton",
    },
    acknowledged: {
      title: "followUp.acknowledgedTitle",
      explain: "followUp.acknowledgedExplain",
      button: "followUp.acknowledgedButton",
    },
    "no-reply": {
      title: "followUp.noReplyTitle",
      explain: "followUp.noReplyExplain",
      button: "followUp.noReplyButton",
    },
  };

const notFound = () => new Response("error.badLink", { status: 404 });

function parseAnswer(value: string | undefined): FollowUpAnswer {
  if (!isFollowUpAnswer(value)) throw notFound();
  return value;
}

/** A GET never records: mail scanners that prefetch links must not answer for the supporter. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const answer = parseAnswer(params.answer);
  const letter = await findFollowUp(context.db, params.token ?? "");
  if (!letter) throw notFound();
  // The limit comes from the loader: a .server module is empty in the browser bundle.
  const stateName = countryName(
    letter.stateIso3,
    letter.stateName,
    await pageLanguage(context.db, request),
  );
  return { answer, letter: { ...letter, stateName }, maxLength: replyTextLimit };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const answer = parseAnswer(params.answer);
  const form = await request.formData();
  await assertCsrf(request, form);
  const text = form.get("text");
  const result = await answerFollowUp(context.db, {
    token: params.token ?? "",
    answer,
    text: typeof text === "string" ? text : null,
  });
  if (result.kind === "unknown") throw notFound();
  // A second answer is not an error for the supporter: the page says it was already recorded.
  return { outcome: result.kind };
}

export default function FollowUpAnswerPage() {
  const { answer, letter, maxLength } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const text = copy[answer];
  const alreadyAnswered = result?.outcome === "already_answered" || (!result && letter.answered);
  const { t } = useT();
  return (
    <>
      <SiteHeader />
      <main id="main" className="page narrow">
        <h1>{result?.outcome === "recorded" ? t("followUp.thanks") : t(text.title)}</h1>
        <p>
          {t("followUp.letter", {
            state: letter.stateName,
            ask: letter.askTitle,
            campaign: letter.campaignTitle,
          })}
        </p>
        {result?.outcome === "recorded" ? (
          <p className="notice" role="status">
            {t("followUp.recorded")}
          </p>
        ) : alreadyAnswered ? (
          <p className="notice" role="status">
            {t("followUp.already")}
          </p>
        ) : (
          <AnswerForm answer={answer} maxLength={maxLength} />
        )}
      </main>
    </>
  );
}

function AnswerForm({ answer, maxLength }: { answer: FollowUpAnswer; maxLength: number }) {
  const text = copy[answer];
  const { t } = useT();
  return (
    <>
      <p>{t(text.explain)}</p>
      <Form method="post">
        <CsrfInput />
        {answer === "replied" ? (
          <>
            <label htmlFor="text">{t("followUp.replyLabel")}</label>
            <textarea id="text" name="text" rows={10} maxLength={maxLength} />
          </>
        ) : null}
        <p>
          <button type="submit">{t(text.button)}</button>
        </p>
      </Form>
    </>
  );
}
