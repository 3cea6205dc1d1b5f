import { z } from "zod";
import type { EmulatorContext } from "../context";
import { invalidArgument } from "../errors";
import { FaultConfig } from "../faults";
import { ok, type Reply } from "../http/router";
import { QuotaPatch } from "../quotas";

/**
 * The emulator's own controls under `/__emulator/`: tokens for any identity, service-account
 * keys, quotas, faults, counters and reset. They need no credentials, count against no quota
 * and are never faulted: they are how tests set the stage.
 */

const TokenBody = z.strictObject({
  email: z.string().email(),
  scopes: z.array(z.string().url()).min(1).optional(),
});

const ServiceAccountBody = z.strictObject({
  email: z.string().email().optional(),
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "expected 6-30 lowercase letters, digits or hyphens")
    .optional(),
  projectId: z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "expected 6-30 lowercase letters, digits or hyphens")
    .optional(),
});

const ResetBody = z.strictObject({ all: z.boolean().optional() });

const DEFAULT_PROJECT = "tmis-sync-emulator";
const DEFAULT_ACCOUNT = "tmis-sync";

type AdminHandler = (ctx: EmulatorContext, body: unknown) => Reply | Promise<Reply>;

const handlers: Record<string, AdminHandler> = {
  "GET /health": () => ok({ ok: true }),
  "POST /token": (ctx, body) => {
    const { email, scopes } = parse(TokenBody, body, "POST /__emulator/token");
    const granted = scopes ?? [
      "https://www.googleapis.com/auth/spreadsheets",
      "https://www.googleapis.com/auth/drive",
    ];
    return ok({
      ...ctx.tokens.issueAccess(email, granted),
      refresh_token: ctx.tokens.issueRefresh(email, granted),
    });
  },
  "GET /service-accounts": (ctx) => ok({ serviceAccounts: ctx.accounts.list() }),
  "POST /service-accounts": async (ctx, body) => {
    const input = parse(ServiceAccountBody, body, "POST /__emulator/service-accounts");
    const projectId = input.projectId ?? DEFAULT_PROJECT;
    const email =
      input.email ?? `${input.name ?? DEFAULT_ACCOUNT}@${projectId}.iam.gserviceaccount.com`;
    return ok(await ctx.accounts.register(email, projectId, `${ctx.url()}/token`));
  },
  "GET /quotas": (ctx) => ok(ctx.quotas.config()),
  "POST /quotas": (ctx, body) =>
    ok(ctx.quotas.configure(parse(QuotaPatch, body, "POST /__emulator/quotas"))),
  "GET /faults": (ctx) => ok(ctx.faults.config()),
  "POST /faults": (ctx, body) => {
    const config = parse(FaultConfig, body, "POST /__emulator/faults");
    const known = new Set(ctx.routes.map((r) => r.name));
    const unknown = (config.methods ?? []).filter((m) => !known.has(m));
    if (unknown.length > 0) {
      throw invalidArgument(
        `Invalid body for POST /__emulator/faults: methods: expected googleapis method names such as "sheets.spreadsheets.values.batchGet", got ${unknown.map((m) => JSON.stringify(m)).join(", ")}`,
      );
    }
    ctx.faults.configure(config);
    return ok(ctx.faults.config());
  },
  "GET /stats": (ctx) => ok(ctx.stats.snapshot()),
  "POST /stats/reset": (ctx) => {
    ctx.stats.reset();
    return ok(ctx.stats.snapshot());
  },
  "POST /reset": (ctx, body) => {
    const { all } = parse(ResetBody, body, "POST /__emulator/reset");
    ctx.store.wipe();
    ctx.stats.reset();
    ctx.faults.configure(FaultConfig.parse({}));
    ctx.quotas.reset();
    ctx.restoreQuotas();
    ctx.tokens.revokeAll();
    if (all) ctx.accounts.forgetAll();
    return ok({ reset: true, serviceAccountsKept: !all });
  },
};

/** Answers `/__emulator/<path>`, or undefined when no such control exists. */
export function adminHandler(method: string, path: string): AdminHandler | undefined {
  return handlers[`${method} ${path}`];
}

function parse<T extends z.ZodType>(schema: T, body: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.join(".");
    const keys = issue.code === "unrecognized_keys" ? `${issue.keys.join(", ")}: ` : "";
    return `${field ? `${field}: ` : keys}${issue.message}`;
  });
  throw invalidArgument(`Invalid body for ${where}: ${problems.join("; ")}`);
}
