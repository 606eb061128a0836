import {
  MaxPartSizeExceededError,
  type UploadHandler,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { decodeCsvUpload } from "~/positions/position-import.server";

/** Also the importers' own limit: a bigger part is refused before it is held in memory. */
export const maxCsvPartBytes = 5 * 1024 * 1024;

export const csvPartTooLargeMessage = "This is larger than 5 MB; split it into smaller files.";

/**
 * Parses a CSV import form (a `file` part and a pasted `csv` field) in memory. When a part is too
 * large, the fields read before it are kept (the CSRF token comes first in the form), so the error
 * can be shown in place.
 */
export async function readCsvUploadForm(
  request: Request,
): Promise<{ form: FormData; tooLarge?: "file" | "csv" }> {
  if (!request.headers.get("Content-Type")?.startsWith("multipart/form-data")) {
    throw new Response("Send the import form as multipart/form-data.", { status: 415 });
  }
  const seen = new FormData();
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxCsvPartBytes });
  const keepingFields: UploadHandler = async (part) => {
    const value = await memory(part);
    if (typeof value === "string") seen.append(part.name, value);
    return value;
  };
  try {
    return { form: await unstable_parseMultipartFormData(request, keepingFields) };
  } catch (error) {
    if (!(error instanceof MaxPartSizeExceededError)) throw error;
    return { form: seen, tooLarge: error.field === "csv" ? "csv" : "file" };
  }
}

export type UploadedCsv = { ok: true; text: string; name: string } | { ok: false; error: string };

/** The text of an uploaded CSV file; null when no file was chosen (browsers still send an empty, nameless part). */
export async function uploadedCsv(value: FormDataEntryValue | null): Promise<UploadedCsv | null> {
  if (value === null || typeof value === "string" || (value.size === 0 && !value.name)) return null;
  const decoded = decodeCsvUpload(new Uint8Array(await value.arrayBuffer()));
  if (decoded.ok) return { ok: true, text: decoded.text, name: value.name };
  const where =
    decoded.error.line > 1 ? ` (the first problem is on line ${decoded.error.line})` : "";
  return { ok: false, error: `${decoded.error.message}${where}` };
}
