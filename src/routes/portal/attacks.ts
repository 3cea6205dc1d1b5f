import { Hono } from "hono";
import { attackedNumbers } from "../../adapters/store/portal";
import { ATTACK_ALERT_FAILURES, chinaDay } from "../../core/portal/throttle";
import type { Env } from "../../env";

/**
 * `GET /api/portal/attacks` (guarded with the rest of /api): the 教师编号 with at least
 * ATTACK_ALERT_FAILURES wrong passwords today (Beijing day) from devices that never signed in to
 * them, most first, and until when such devices are refused. The county follows up with the
 * school; nothing about the clients (not even their hashed addresses) is shown.
 */
export const portalAttacks = new Hono<{ Bindings: Env }>().get("/portal/attacks", async (c) => {
  const day = chinaDay(new Date().toISOString());
  const numbers = await attackedNumbers(c.env.DB, day, ATTACK_ALERT_FAILURES);
  return c.json({ day, alertFrom: ATTACK_ALERT_FAILURES, numbers });
});
