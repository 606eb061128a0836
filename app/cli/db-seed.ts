import { seedDemoCampaign } from "#db/seed/seed-demo";
import { seedDemoContacts } from "#db/seed/seed-demo-contacts";
import { seedDemoPositions } from "#db/seed/seed-demo-positions";
import { ensureDemoAdmin } from "~/auth/demo-admin.server";
import { runCommand } from "./command";

// npm run db:seed [-- --demo]: reference data always; the demo campaign with --demo.
await runCommand({ demo: { type: "boolean", default: false } }, async (args, { database }) => {
  process.stdout.write("Reference data loaded.\n");
  if (!args.demo) return;
  const { created } = await seedDemoCampaign(database.db);
  await seedDemoContacts(database.db);
  await seedDemoPositions(database.db);
  process.stdout.write(created ? "Demo campaign created.\n" : "Demo campaign already there.\n");
  const admin = await ensureDemoAdmin(database.db);
  if (admin)
    process.stdout.write(`Demo admin ${admin.email}, password (shown once): ${admin.password}\n`);
});
