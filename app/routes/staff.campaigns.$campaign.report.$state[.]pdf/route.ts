import type { LoaderFunctionArgs } from "@remix-run/node";
import PDFDocument from "pdfkit";
import { requireStaff } from "~/auth/session.server";
import { requireCampaignAndState } from "~/campaigns/campaigns.server";
import { formatCount, monthLabel } from "~/metrics/charts";
import { dayIn, defaultTimeZone } from "~/metrics/metrics-range";
import { type MissionReport, missionReport } from "~/metrics/mission-report.server";

/**
 * The per-mission report as a PDF made on the server (pdfkit, standard
 * Helvetica: nothing to download or embed). Same figures as the HTML page.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  await requireStaff(db, request, "viewer");
  const { campaign, state } = await requireCampaignAndState(db, params.campaign, params.state);
  const generatedOn = dayIn(new Date(), defaultTimeZone);
  const pdf = await renderReport({
    campaignTitle: campaign.title,
    startsOn: campaign.startsOn,
    stateName: state.name,
    generatedOn,
    report: await missionReport(db, campaign, state.iso3),
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${campaign.slug}-report-${state.iso3}-${generatedOn}.pdf"`,
      "Cache-Control": "no-store",
    },
  });
}

interface ReportContent {
  campaignTitle: string;
  startsOn: string;
  stateName: string;
  generatedOn: string;
  report: MissionReport;
}

const margin = 56;
const ink = "#1A1A1A";
const muted = "#4A4A4A";
const rule = "#C9CED6";

function renderReport(content: ReportContent): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin,
    info: {
      Title: `Letters to ${content.stateName}: ${content.campaignTitle}`,
      Creator: "Démarche",
    },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  header(doc, content);
  const { report } = content;
  if (report.letters === 0) {
    doc.text(`No one has written to ${content.stateName} on this campaign yet.`);
  } else {
    summary(doc, content);
    table(
      doc,
      "What they asked for",
      ["Ask", "People", "Letters"],
      [
        ...report.byAsk.map((ask) => [
          ask.title,
          formatCount(ask.writers),
          formatCount(ask.letters),
        ]),
      ],
    );
    table(
      doc,
      "Month by month",
      ["Month", "People", "Letters"],
      [
        ...report.byMonth.map((m) => [
          monthLabel(m.month),
          formatCount(m.writers),
          formatCount(m.letters),
        ]),
      ],
    );
  }
  doc
    .moveDown(1.5)
    .font("Helvetica")
    .fontSize(9)
    .fillColor(muted)
    .text(
      "Counts of letters that their writers confirmed; a person writing to several offices on " +
        "one ask is counted once. No one's name or message is included.",
      margin,
    );
  doc.end();
  return done;
}

function header(doc: PDFKit.PDFDocument, content: ReportContent) {
  doc.font("Helvetica-Bold").fontSize(20).fillColor(ink).text(`Letters to ${content.stateName}`);
  doc.moveDown(0.3).fontSize(12).text(content.campaignTitle);
  doc
    .moveDown(0.3)
    .font("Helvetica")
    .fontSize(9)
    .fillColor(muted)
    .text(
      `Campaign started on ${content.startsOn}; report of ${content.generatedOn} (days in ${defaultTimeZone}).`,
    );
  doc.moveDown(1).fillColor(ink).fontSize(11);
}

function summary(doc: PDFKit.PDFDocument, { report, stateName }: ReportContent) {
  const people = `${formatCount(report.writers)} ${report.writers === 1 ? "person" : "people"}`;
  const letters = `${formatCount(report.letters)} confirmed letter${report.letters === 1 ? "" : "s"}`;
  doc.text(
    `${people} who gave ${stateName} as their country wrote ${letters} to its foreign ministry ` +
      `and missions to the United Nations between ${report.firstDay} and ${report.lastDay}; ` +
      `${formatCount(report.delivered)} were delivered.`,
  );
}

/** A simple table: the first column takes the room left by two numeric columns. */
function table(doc: PDFKit.PDFDocument, title: string, head: string[], rows: string[][]) {
  const width = doc.page.width - 2 * margin;
  const numberWidth = 70;
  const columns = [width - 2 * numberWidth, numberWidth, numberWidth];
  doc.moveDown(1.2).font("Helvetica-Bold").fontSize(13).fillColor(ink).text(title, margin);
  doc.moveDown(0.4);
  row(doc, head, columns, "Helvetica-Bold");
  for (const cells of rows) row(doc, cells, columns, "Helvetica");
}

function row(doc: PDFKit.PDFDocument, cells: string[], columns: number[], font: string) {
  doc.font(font).fontSize(10);
  const first = columns[0] ?? 0;
  const height = Math.max(
    ...cells.map((cell, i) => doc.heightOfString(cell, { width: (columns[i] ?? 0) - 8 })),
  );
  if (doc.y + height + 8 > doc.page.height - margin) doc.addPage();
  const top = doc.y;
  let x = margin;
  cells.forEach((cell, i) => {
    const width = columns[i] ?? 0;
    doc.text(cell, x + 4, top + 4, { width: width - 8, align: i === 0 ? "left" : "right" });
    x += width;
  });
  const bottom = top + height + 8;
  doc
    .moveTo(margin, bottom)
    .lineTo(margin + first + (columns[1] ?? 0) + (columns[2] ?? 0), bottom)
    .strokeColor(rule)
    .lineWidth(0.75)
    .stroke();
  doc.x = margin;
  doc.y = bottom;
}
