import { Hono } from "hono";
import type { Env } from "../env";
import { adminAuth } from "../middleware/admin-auth";
import { accounts } from "./accounts";
import { archive } from "./archive/index";
import { business } from "./business";
import { county } from "./county";
import { credits } from "./credits";
import { exportRoutes } from "./export";
import { portalAttacks } from "./portal/attacks";
import { schools } from "./schools";
import { sharing } from "./sharing";
import { slipLinks } from "./slips/admin";
import { summary } from "./summary";
import { sync } from "./sync";
import { teachers } from "./teachers";

/** The admin API: every route under /api needs the admin bearer token. */
export const api = new Hono<{ Bindings: Env }>()
  .use(adminAuth())
  .route("/sync", sync)
  .route("/schools", schools)
  .route("/schools", slipLinks)
  .route("/sharing", sharing)
  .route("/teachers", teachers)
  .route("/business", business)
  .route("/county", county)
  .route("/archive", archive)
  .route("/", summary)
  .route("/", accounts)
  .route("/", credits)
  .route("/", exportRoutes)
  .route("/", portalAttacks);
