import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import type { Actor } from "~/audit/audit-log.server";
import { assertCsrf } from "~/auth/csrf.server";
import { roleAllows } from "~/auth/roles";
import { requireStaff } from "~/auth/session.server";
import { staffActor } from "~/auth/staff-actor";
import { requireCampaign } from "~/campaigns/campaigns.server";
import { bouncedLetters, dismissBounce, NotBouncedError } from "~/delivery/bounce-review.server";
import { duplicateParagraphs } from "~/letters/duplicate-paragraphs.server";
import { letterFilterQuerySchema, loadLetterStatus } from "~/letters/letter-status.server";
import {
  SuppressionNotAllowedError,
  suppressionSchema,
  suppressLetters,
} from "~/letters/suppression.server";
import type { Database } from "~/lib/db.server";
import type { FieldErrors } from "~/lib/form";
import { BouncedLetters } from "./bounced-letters";
import { DuplicateParagraphs } from "./duplicate-paragraphs";
import { LatestLetters } from "./latest-letters";
import { Counts } from "./letter-counts";
import { LetterDetail } from "./letter-detail";
import { Suppression } from "./suppression";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Letters · ${data.campaign.title} · ` : ""}Démarche staff` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "viewer");
  const campaign = await requireCampaign(db, params.campaign);
  const search = new URL(request.url).searchParams;
  const query = letterFilterQuerySchema.parse(Object.fromEntries(search));
  const isAdmin = roleAllows(user.role, "admin");
  // Letter text and supporters' addresses are personal data: admins only.
  if (query.letter !== undefined && !isAdmin) {
    throw new Response("A letter's text and its supporter need the admin role.", { status: 403 });
  }
  const status = await loadLetterStatus(db, campaign, query, { withPersonalData: isAdmin });
  if (query.letter !== undefined && !status.detail) {
    throw new Response("There is no such letter in this campaign.", { status: 404 });
  }
  return {
    campaign: { slug: campaign.slug, title: campaign.title, closed: campaign.status === "closed" },
    asks: campaign.asks.map(({ slug, title }) => ({ slug, title })),
    canEdit: roleAllows(user.role, "editor"),
    isAdmin,
    notice: suppressionNotice(search, campaign.asks, status.states),
    // The paragraphs are supporters' own words: only admins see them.
    duplicates: (await duplicateParagraphs(db, campaign.id)).map((group) => ({
      ...group,
      sample: isAdmin ? group.sample : null,
    })),
    bounces: await bouncedLetters(db, campaign.id),
    ...status,
  };
}

/** The outcome of the last suppression, from the address the action redirected to. */
function suppressionNotice(
  search: URLSearchParams,
  asks: { slug: string; title: string }[],
  states: { iso3: string; name: string }[],
) {
  const done = search.get("done");
  if (done === "delivered") return "The bounce was undone: the letter counts as delivered again.";
  if (done !== "stop" && done !== "thank") return null;
  const count = Number(search.get("count")) || 0;
  const skipped = Number(search.get("skipped")) || 0;
  const ask = asks.find((a) => a.slug === search.get("on"))?.title ?? "the ask";
  const state = states.find((s) => s.iso3 === search.get("in"))?.name ?? search.get("in");
  const where = `to ${state ?? "the state"} on “${ask}”`;
  const letters = `${count} pending letter${count === 1 ? "" : "s"}`;
  if (done === "stop") return `Stopped ${letters} ${where}.`;
  const kept = skipped
    ? ` ${skipped} kept their text: the supporter's data has been deleted, so they cannot be signed.`
    : "";
  return `Rewrote ${letters} ${where} as thank-you letters; they keep their status.${kept}`;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = context;
  const user = await requireStaff(db, request, "editor");
  const form = await request.formData();
  await assertCsrf(request, form);
  const campaign = await requireCampaign(db, params.campaign);
  if (form.get("intent") === "dismiss-bounce") {
    return dismissBounceAction(db, staffActor(user), campaign, form.get("letter"));
  }
  const askSlug = String(form.get("ask") ?? "");
  const stateIso3 = String(form.get("state") ?? "");
  const target = `${askSlug}:${stateIso3}`;
  const ask = campaign.asks.find((a) => a.slug === askSlug);
  const parsed = suppressionSchema.safeParse({
    askId: ask?.id ?? 0,
    stateIso3,
    mode: form.get("mode"),
    reason: String(form.get("reason") ?? ""),
  });
  if (!parsed.success || !ask) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error?.issues ?? []) errors[String(issue.path[0])] ??= issue.message;
    if (!ask) errors.form = "Choose an ask of this campaign";
    return data({ target, errors, reason: String(form.get("reason") ?? "") }, { status: 400 });
  }
  try {
    const result = await suppressLetters(db, staffActor(user), parsed.data);
    // Post/redirect/get: a reload does not repeat it.
    const query = new URLSearchParams({
      done: result.mode,
      count: String(result.affected),
      skipped: String(result.skipped),
      in: stateIso3,
      on: ask.slug,
    });
    return redirect(`/staff/campaigns/${campaign.slug}/letters?${query}#suppression`);
  } catch (error) {
    if (!(error instanceof SuppressionNotAllowedError)) throw error;
    const errors: FieldErrors = { form: error.message };
    return data({ target, errors, reason: parsed.data.reason }, { status: 409 });
  }
}

const letterIdSchema = z.coerce.number().int().positive();

async function dismissBounceAction(
  db: Database,
  actor: Actor,
  campaign: { id: number; slug: string },
  letter: FormDataEntryValue | null,
) {
  const letterId = letterIdSchema.safeParse(letter);
  if (!letterId.success) {
    return data(
      { target: "bounces", errors: { form: "Choose a bounced letter" }, reason: "" },
      { status: 400 },
    );
  }
  try {
    await dismissBounce(db, actor, { campaignId: campaign.id, letterId: letterId.data });
  } catch (error) {
    if (!(error instanceof NotBouncedError)) throw error;
    return data(
      { target: "bounces", errors: { form: error.message }, reason: "" },
      { status: 409 },
    );
  }
  return redirect(`/staff/campaigns/${campaign.slug}/letters?done=delivered#bounces`);
}

/** The page's data as its parts receive it. */
export type LettersPageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function LettersPage() {
  const page = useLoaderData<typeof loader>();
  const base = `/staff/campaigns/${page.campaign.slug}`;
  return (
    <>
      <p className="actions">
        <Link to={base}>← {page.campaign.title}: tracker</Link>
        {page.canEdit ? <Link to={`${base}/templates`}>Letter templates</Link> : null}
      </p>
      <h1>Letters</h1>
      {page.notice ? (
        <p className="notice" role="status">
          {page.notice}
        </p>
      ) : null}
      {page.detail ? <LetterDetail detail={page.detail} /> : null}
      <Suppression page={page} />
      <BouncedLetters page={page} />
      <Counts page={page} />
      <DuplicateParagraphs page={page} />
      <LatestLetters page={page} />
    </>
  );
}
