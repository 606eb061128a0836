import {
  MaxPartSizeExceededError,
  type UploadHandler,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { decodeCsvUpload } from "~/positions/position-import.server";
import { formatBytes } from "./request-guards.server";

/** Also the importers' own limit: a bigger part is refused before it is held in memory. */
export const maxCsvPartBytes = 5 * 1024 * 1024;

export const csvPartTooLargeMessage = "This is larger than 5 MB; split it into smaller files.";

/** The import form has four fields (csrf, file, csv, intent): more parts are not this form. */
export const maxCsvFormParts = 8;

class UploadRefused extends Error {}

/**
 * Parses a CSV import form (a `file` part and a pasted `csv` field) in memory. When a part is too
 * large, the fields read before it are kept (the CSRF token comes first in the form), so the error
 * can be shown in place.
 */
export async function readCsvUploadForm(
  request: Request,
  /** MAX_UPLOAD_BYTES. */
  maxBytes: number,
): Promise<{ form: FormData; tooLarge?: "file" | "csv" }> {
  if (!request.headers.get("Content-Type")?.startsWith("multipart/form-data")) {
    throw new Response("Send the import form as multipart/form-data.", { status: 415 });
  }
  const seen = new FormData();
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxCsvPartBytes });
  let parts = 0;
  const keepingFields: UploadHandler = async (part) => {
    parts += 1;
    if (parts > maxCsvFormParts) {
      throw new UploadRefused(`The import form has at most ${maxCsvFormParts} fields.`);
    }
    const value = await memory(part);
    if (typeof value === "string") seen.append(part.name, value);
    return value;
  };
  try {
    return {
      form: await unstable_parseMultipartFormData(counted(request, maxBytes), keepingFields),
    };
  } catch (error) {
    if (error instanceof UploadRefused) throw new Response(error.message, { status: 413 });
    if (!(error instanceof MaxPartSizeExceededError)) throw error;
    return { form: seen, tooLarge: error.field === "csv" ? "csv" : "file" };
  }
}

/** The request, its body counted as it streams: past maxBytes, reading fails. */
function counted(request: Request, maxBytes: number): Request {
  if (!request.body) return request;
  let total = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        controller.error(
          new UploadRefused(`This upload is larger than ${formatBytes(maxBytes)}; split it up.`),
        );
      } else {
        controller.enqueue(chunk);
      }
    },
  });
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body.pipeThrough(counter),
    duplex: "half",
  } as RequestInit);
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
