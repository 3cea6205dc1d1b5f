import { z } from "zod";
import { ApiError } from "./errors";

/**
 * Switchable fault injection: added latency and Google-shaped errors at a given rate. Decisions
 * come from a seeded generator, so a test that sets a seed sees the same faults on every run as
 * long as it makes the same requests in the same order.
 */

export const FaultStatus = z.union([z.literal(429), z.literal(500), z.literal(503)]);
export type FaultStatus = z.infer<typeof FaultStatus>;

export const FaultConfig = z.strictObject({
  /** Share of matching requests answered with an error, 0 (never) to 1 (always). */
  errorRate: z.number().min(0).max(1).default(0),
  /** Statuses to draw from, uniformly. */
  statuses: z.array(FaultStatus).min(1).default([429, 500, 503]),
  /** Delay added before every matching request is answered, faulted or not. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Seed of the generator; the same seed and request sequence give the same faults. */
  seed: z.number().int().default(1),
  /** googleapis method names to affect, e.g. "sheets.spreadsheets.values.batchGet"; all if absent. */
  methods: z.array(z.string()).min(1).optional(),
  /**
   * Caller e-mails to affect, e.g. the worker's service account, so a test's own setup and
   * checks (and other tests sharing the emulator) are never faulted; all callers if absent.
   */
  identities: z.array(z.string().email()).min(1).optional(),
  /** Retry-After seconds sent with an injected 429. */
  retryAfterSeconds: z.number().int().min(0).default(1),
});
export type FaultConfig = z.infer<typeof FaultConfig>;

export interface Fault {
  error: ApiError | undefined;
  latencyMs: number;
  headers: Record<string, string>;
}

const injected: Record<FaultStatus, () => ApiError> = {
  429: () => new ApiError("RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."),
  500: () => new ApiError("INTERNAL", "Internal error encountered."),
  503: () => new ApiError("UNAVAILABLE", "The service is currently unavailable."),
};

export class Faults {
  private current: FaultConfig = FaultConfig.parse({});
  private random: () => number = mulberry32(1);

  config(): FaultConfig {
    return structuredClone(this.current);
  }

  configure(config: FaultConfig): void {
    this.current = config;
    this.random = mulberry32(config.seed);
  }

  /**
   * What to do to one request to `method` by `email`; consumes the generator only when faults
   * are on and the request matches the `methods` and `identities` filters, so requests outside
   * the filters never shift the faults a seeded test sees.
   */
  decide(method: string, email: string): Fault {
    const { errorRate, statuses, latencyMs, methods, identities, retryAfterSeconds } = this.current;
    const none: Fault = { error: undefined, latencyMs: 0, headers: {} };
    if (methods && !methods.includes(method)) return none;
    if (identities && !identities.includes(email)) return none;
    if (errorRate === 0 || this.random() >= errorRate) return { ...none, latencyMs };
    const status = statuses[Math.floor(this.random() * statuses.length)] ?? 500;
    const headers: Record<string, string> =
      status === 429 ? { "retry-after": String(retryAfterSeconds) } : {};
    return { error: injected[status](), latencyMs, headers };
  }
}

/** A small, well-mixed 32-bit generator; plenty for picking faults, and trivially seedable. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
