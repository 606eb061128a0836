import { z } from "zod";
import { appCookie } from "./cookies.server";
import { newSecretToken } from "./secret-token.server";

/**
 * A "device cookie" (OWASP's defence against account lock-out): a signed
 * token the browser receives when it signs in to an account, which later lets
 * it sign in to that account past a lock-out caused by other clients. It
 * grants nothing else: the password is still needed.
 */
export interface Device {
  userId: number;
  id: string;
}

const deviceSchema = z.object({ userId: z.number().int().positive(), id: z.string().min(20) });

function deviceCookie() {
  return appCookie("demarche_device", 365 * 24 * 60 * 60);
}

export async function readDevice(request: Request): Promise<Device | null> {
  const parsed = deviceSchema.safeParse(await deviceCookie().parse(request.headers.get("Cookie")));
  return parsed.success ? parsed.data : null;
}

/** The Set-Cookie after a sign-in, or null when the browser already holds this account's. */
export async function deviceCookieAfterSignIn(
  device: Device | null,
  userId: number,
): Promise<string | null> {
  if (device?.userId === userId) return null;
  return deviceCookie().serialize({ userId, id: newSecretToken("") } satisfies Device);
}
