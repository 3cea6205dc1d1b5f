import { z } from "zod";
import { ApiError } from "./errors";

/**
 * Per-minute request quotas, counted in a sliding one-minute window on the emulator's clock.
 *
 * Buckets follow Google's console:
 * - Sheets reads and Sheets writes are separate metrics, each limited per user (default 60) and
 *   for the whole project (default 300); one emulator is one project.
 * - Drive is one "Queries" metric, 12,000 per minute per user and per project by default, so in
 *   practice only a test that lowers it will ever see a Drive 429.
 * A refused request is not counted, so a client that backs off recovers as the window slides.
 */

const Limit = z.object({
  perUser: z.number().int().min(1),
  perProject: z.number().int().min(1),
});
export type QuotaLimit = z.infer<typeof Limit>;

export const QuotaConfig = z.object({
  enabled: z.boolean(),
  sheetsRead: Limit,
  sheetsWrite: Limit,
  drive: Limit,
  /**
   * Callers (e-mails) whose requests count against their own per-user limits only, not the
   * project's: people working in Google's own web UI make no request of this project. The burst
   * benchmark lists the school accounts here, so a school reading its sheet does not take the
   * worker's quota. Default none: everyone counts against the project.
   */
  outsideProject: z.array(z.string()),
});
export type QuotaConfig = z.infer<typeof QuotaConfig>;

/** What `startEmulator({quotas})` and `POST /__emulator/quotas` accept: any part of the config. */
export const QuotaPatch = z.strictObject({
  enabled: z.boolean().optional(),
  sheetsRead: Limit.partial().strict().optional(),
  sheetsWrite: Limit.partial().strict().optional(),
  drive: Limit.partial().strict().optional(),
  outsideProject: z.array(z.string()).optional(),
});
export type QuotaPatch = z.infer<typeof QuotaPatch>;

export type QuotaBucket = "sheetsRead" | "sheetsWrite" | "drive";

export const DEFAULT_QUOTAS: QuotaConfig = {
  enabled: true,
  sheetsRead: { perUser: 60, perProject: 300 },
  sheetsWrite: { perUser: 60, perProject: 300 },
  drive: { perUser: 12_000, perProject: 12_000 },
  outsideProject: [],
};

const metrics: Record<QuotaBucket, { service: string; metric: string; limit: string }> = {
  sheetsRead: {
    service: "sheets.googleapis.com",
    metric: "Read requests",
    limit: "Read requests per minute",
  },
  sheetsWrite: {
    service: "sheets.googleapis.com",
    metric: "Write requests",
    limit: "Write requests per minute",
  },
  drive: { service: "drive.googleapis.com", metric: "Queries", limit: "Queries per minute" },
};

const WINDOW_MS = 60_000;
const PROJECT = "project_number:0";

export class Quotas {
  private current: QuotaConfig;
  private readonly windows = new Map<string, number[]>();

  constructor(
    patch: QuotaPatch,
    private readonly clock: () => Date,
  ) {
    this.current = merge(DEFAULT_QUOTAS, patch);
  }

  config(): QuotaConfig {
    return structuredClone(this.current);
  }

  configure(patch: QuotaPatch): QuotaConfig {
    this.current = merge(this.current, patch);
    return this.config();
  }

  /** Forgets the counted requests; limits stay. */
  reset(): void {
    this.windows.clear();
  }

  /** Sets limits to the defaults overlaid with `patch`, forgetting earlier `configure` calls. */
  replace(patch: QuotaPatch): void {
    this.current = merge(DEFAULT_QUOTAS, patch);
  }

  /** Counts one request by `email`, or throws Google's 429 when a limit is already reached. */
  take(bucket: QuotaBucket, email: string): void {
    if (!this.current.enabled) return;
    const now = this.clock().getTime();
    const limits = this.current[bucket];
    const user = this.window(`${bucket}:user:${email}`, now);
    const inProject = !this.current.outsideProject.includes(email);
    const project = inProject ? this.window(`${bucket}:project`, now) : [];
    const { service, metric, limit } = metrics[bucket];
    const refuse = (limitName: string) =>
      new ApiError(
        "RESOURCE_EXHAUSTED",
        `Quota exceeded for quota metric '${metric}' and limit '${limitName}' of service '${service}' for consumer '${PROJECT}'.`,
      );
    if (user.length >= limits.perUser) throw refuse(`${limit} per user`);
    if (inProject && project.length >= limits.perProject) throw refuse(limit);
    user.push(now);
    if (inProject) project.push(now);
  }

  private window(key: string, now: number): number[] {
    const kept = (this.windows.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
    this.windows.set(key, kept);
    return kept;
  }
}

function merge(base: QuotaConfig, patch: QuotaPatch): QuotaConfig {
  return {
    enabled: patch.enabled ?? base.enabled,
    sheetsRead: { ...base.sheetsRead, ...patch.sheetsRead },
    sheetsWrite: { ...base.sheetsWrite, ...patch.sheetsWrite },
    drive: { ...base.drive, ...patch.drive },
    outsideProject: patch.outsideProject ?? base.outsideProject,
  };
}
