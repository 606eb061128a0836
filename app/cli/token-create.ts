import { defaultTokenDays, tokenExpirySchema } from "~/auth/api-token-rules";
import { createApiToken } from "~/auth/api-tokens.server";
import { findStaffUserByEmail } from "~/auth/staff-users.server";
import { CommandError, runCommand } from "./command";

// npm run token:create -- --email you@example.org [--name "report script"] [--expires-in-days 90|never]
await runCommand(
  {
    email: { type: "string" },
    name: { type: "string", default: "command line" },
    "expires-in-days": { type: "string", default: String(defaultTokenDays) },
  },
  async (args, { database }) => {
    if (typeof args.email !== "string") throw new CommandError("Give --email you@example.org");
    const expiry = tokenExpirySchema.safeParse(args["expires-in-days"]);
    if (!expiry.success)
      throw new CommandError(`--expires-in-days: ${expiry.error.issues[0]?.message}`);
    const user = await findStaffUserByEmail(database.db, args.email);
    if (!user || user.disabledAt)
      throw new CommandError(`No active staff account for ${args.email}`);
    const { id, token, expiresAt } = await createApiToken(
      database.db,
      { kind: "cli" },
      { userId: user.id, name: String(args.name), expiresInDays: expiry.data },
    );
    const until = expiresAt ? `expires ${expiresAt.toISOString().slice(0, 10)}` : "never expires";
    process.stderr.write(
      `Token ${id} for ${user.email} (${user.role}), ${until}; it is shown once:\n`,
    );
    process.stdout.write(`${token}\n`);
  },
);
