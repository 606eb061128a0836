import { revokeApiToken } from "~/auth/api-tokens.server";
import { CommandError, runCommand } from "./command";

// npm run token:revoke -- --id 12
await runCommand({ id: { type: "string" } }, async (args, { database }) => {
  const tokenId = Number(args.id);
  if (!Number.isInteger(tokenId)) throw new CommandError("Give --id <token id>");
  const revoked = await revokeApiToken(database.db, { kind: "cli" }, { tokenId });
  if (!revoked) throw new CommandError(`No active token with id ${tokenId}`);
  process.stdout.write(`Revoked token ${tokenId}.\n`);
});
