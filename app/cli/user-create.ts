import { randomBytes } from "node:crypto";
import { createStaffUser, DuplicateEmailError } from "~/auth/staff-users.server";
import { CommandError, readPipedStdin, runCommand } from "./command";

// npm run user:create -- --email you@example.org --role admin  (password from stdin, or generated)
await runCommand(
  {
    email: { type: "string" },
    role: { type: "string", default: "viewer" },
    name: { type: "string" },
  },
  async (args, { database }) => {
    if (typeof args.email !== "string") throw new CommandError("Give --email you@example.org");
    const piped = (await readPipedStdin())?.replace(/\r?\n$/, "");
    const password = piped || randomBytes(15).toString("base64url");
    try {
      const user = await createStaffUser(
        database.db,
        { kind: "cli" },
        {
          email: args.email,
          role: args.role as "viewer",
          password,
          displayName: args.name as string | undefined,
        },
      );
      process.stdout.write(`Created ${user.email} (${user.role}).\n`);
      if (!piped) process.stdout.write(`Password (shown once): ${password}\n`);
    } catch (error) {
      if (error instanceof DuplicateEmailError) throw new CommandError(error.message);
      throw error;
    }
  },
);
