import { createApiToken } from "~/auth/api-tokens.server";
import { findStaffUserByEmail } from "~/auth/staff-users.server";
import { CommandError, runCommand } from "./command";

// npm run token:create -- --email you@example.org [--name "report script"]
await runCommand(
  { email: { type: "string" }, name: { type: "string", default: "command line" } },
  async (args, { database }) => {
    if (typeof args.email !== "string") throw new CommandError("Give --email you@example.org");
    const user = await findStaffUserByEmail(database.db, args.email);
    if (!user || user.disabledAt)
      throw new CommandError(`No active staff account for ${args.email}`);
    const { id, token } = await createApiToken(
      database.db,
      { kind: "cli" },
      {
        userId: user.id,
        name: String(args.name),
      },
    );
    process.stderr.write(`Token ${id} for ${user.email} (${user.role}); it is shown once:\n`);
    process.stdout.write(`${token}\n`);
  },
);
