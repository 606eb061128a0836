import { runCommand } from "./command";

// Opening the runtime applies the migrations and refreshes the reference data.
await runCommand({}, async () => {
  process.stdout.write("Migrations applied; reference data loaded.\n");
});
