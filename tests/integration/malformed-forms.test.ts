import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxCsvFormParts, readCsvUploadForm } from "~/lib/csv-upload.server";
import { action as tokensAction } from "~/routes/staff.tokens";
import { action as usersAction } from "~/routes/staff.users";
import { testConfig, testContext } from "../setup/load-context";
import { outcome, type SignedInStaff, signedInStaff, staffPost } from "../setup/staff-requests";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

let database: TestDatabase;
let admin: SignedInStaff;
let context: AppLoadContext;

beforeAll(async () => {
  database = await createTestDatabase();
  context = testContext(database.db);
  admin = await signedInStaff(database.db, "admin");
});
afterAll(() => database.drop());

// Out of PostgreSQL's integer range, or not a number at all: was a 500 quoting the SQL.
const badIds = ["abc", "99999999999999999999", "2147483648", "-1", "1.5", ""];

describe("ids from hidden fields", () => {
  it.each(badIds)("revoking token id %j is a 400 with a field error", async (tokenId) => {
    const result = await outcome(() =>
      tokensAction({
        request: staffPost("/staff/tokens", { intent: "revoke", tokenId }, admin),
        params: {},
        context,
      }),
    );
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ errors: { tokenId: "Choose a token from the list" } });
  });

  it.each(badIds)("changing the role of user id %j is a 400 with a field error", async (userId) => {
    const result = await outcome(() =>
      usersAction({
        request: staffPost("/staff/users", { intent: "role", userId, role: "viewer" }, admin),
        params: {},
        context,
      }),
    );
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({
      ok: false,
      errors: { userId: "Choose an account from the list" },
    });
    expect(JSON.stringify(result.body)).not.toMatch(/select|update|staff_users/i);
  });

  it("still revokes a token by a well-formed id that does not exist with a 404", async () => {
    const result = await outcome(() =>
      tokensAction({
        request: staffPost("/staff/tokens", { intent: "revoke", tokenId: "2147483647" }, admin),
        params: {},
        context,
      }),
    );
    expect(result.status).toBe(404);
  });
});

describe("CSV import forms", () => {
  const multipart = (parts: string[], boundary = "b0undary") =>
    `${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join("")}--${boundary}--\r\n`;
  const field = (name: string, value: string) =>
    `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`;
  const upload = (body: BodyInit) =>
    new Request("http://localhost/staff/contacts/import", {
      method: "POST",
      body,
      headers: { "Content-Type": "multipart/form-data; boundary=b0undary" },
      duplex: "half",
    } as RequestInit);

  it("reads the form's own fields", async () => {
    const { form } = await readCsvUploadForm(
      upload(multipart([field("csrf", "t"), field("csv", "a,b"), field("intent", "check")])),
      testConfig().MAX_UPLOAD_BYTES,
    );
    expect(form.get("csv")).toBe("a,b");
  });

  it("refuses more parts than the form has with a 413", async () => {
    const parts = Array.from({ length: maxCsvFormParts + 1 }, (_, i) => field(`f${i}`, "x"));
    const refused = await readCsvUploadForm(
      upload(multipart(parts)),
      testConfig().MAX_UPLOAD_BYTES,
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(413);
    expect(await (refused as Response).text()).toMatch(/at most 8 fields/);
  });

  it("counts a body with no Content-Length as it streams, and stops at the limit", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`--b0undary\r\n${field("csv", "")}`));
      },
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(64 * 1024).fill(97));
      },
    });
    const refused = await readCsvUploadForm(upload(body), 1024 * 1024).catch((e: unknown) => e);
    expect((refused as Response).status).toBe(413);
    expect(await (refused as Response).text()).toMatch(/larger than 1 MB/);
    expect(pulled).toBeLessThan(40);
  });
});
