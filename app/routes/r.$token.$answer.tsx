import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertCsrf } from "~/auth/csrf.server";
import { CsrfInput } from "~/components/csrf-input";
import { SiteHeader } from "~/components/site-header";
import { database } from "~/lib/db.server";
import {
  answerFollowUp,
  type FollowUpAnswer,
  findFollowUp,
  isFollowUpAnswer,
  replyTextLimit,
} from "~/responses/review-queue.server";

export const meta = () => [{ title: "Did you get a reply? · Démarche" }];

const copy: Record<FollowUpAnswer, { title: string; explain: string; button: string }> = {
  replied: {
    title: "You received a reply",
    explain:
      "Thank you. If you can, paste the reply below: the campaign team reads it and records what the government said. Leave out anything private.",
    button: "Send my answer",
  },
  acknowledged: {
    title: "Only an acknowledgement of receipt",
    explain: "Press the button to tell the campaign that your letter was acknowledged.",
    button: "Confirm: acknowledgement only",
  },
  "no-reply": {
    title: "No reply yet",
    explain: "Press the button to tell the campaign that you have had no reply.",
    button: "Confirm: no reply yet",
  },
};

const notFound = () =>
  new Response("This link is not valid. Check that you copied all of it.", { status: 404 });

function parseAnswer(value: string | undefined): FollowUpAnswer {
  if (!isFollowUpAnswer(value)) throw notFound();
  return value;
}

/** A GET never records: mail scanners that prefetch links must not answer for the supporter. */
export async function loader({ params }: LoaderFunctionArgs) {
  const answer = parseAnswer(params.answer);
  const letter = await findFollowUp(database(), params.token ?? "");
  if (!letter) throw notFound();
  // The limit comes from the loader: a .server module is empty in the browser bundle.
  return { answer, letter, maxLength: replyTextLimit };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const answer = parseAnswer(params.answer);
  const form = await request.formData();
  await assertCsrf(request, form);
  const text = form.get("text");
  const result = await answerFollowUp(database(), {
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
  return (
    <>
      <SiteHeader />
      <main id="main" className="page narrow">
        <h1>{result?.outcome === "recorded" ? "Thank you" : text.title}</h1>
        <p>
          Your letter to {letter.stateName} about “{letter.askTitle}”, campaign “
          {letter.campaignTitle}”.
        </p>
        {result?.outcome === "recorded" ? (
          <p className="notice" role="status">
            Your answer has been recorded. It helps the campaign see which offices respond.
          </p>
        ) : alreadyAnswered ? (
          <p className="notice" role="status">
            Your answer was already recorded. There is nothing more to do.
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
  return (
    <>
      <p>{text.explain}</p>
      <Form method="post">
        <CsrfInput />
        {answer === "replied" ? (
          <>
            <label htmlFor="text">The reply (optional)</label>
            <textarea id="text" name="text" rows={10} maxLength={maxLength} />
          </>
        ) : null}
        <p>
          <button type="submit">{text.button}</button>
        </p>
      </Form>
    </>
  );
}
