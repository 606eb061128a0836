/** Staff roles, from least to most trusted; each includes the ones before it. */
export const staffRoles = ["viewer", "editor", "admin"] as const;
export type StaffRole = (typeof staffRoles)[number];

export function roleAllows(role: StaffRole, needed: StaffRole): boolean {
  return staffRoles.indexOf(role) >= staffRoles.indexOf(needed);
}

export const roleDescriptions: Record<StaffRole, string> = {
  admin: "Everything, including supporters' personal data and staff accounts",
  editor: "Campaigns, positions, templates, contacts and responses",
  viewer: "Read and export aggregate metrics",
};
