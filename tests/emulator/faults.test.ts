import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, OWNER, sharedSpreadsheet, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ quotas: { enabled: false } });
});
afterAll(() => t.stop());

async function statuses(n: number, id: string): Promise<number[]> {
  const token = await t.token(OWNER);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await t.fetch(`/v4/spreadsheets/${id}/values/A1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    out.push(res.status);
  }
  return out;
}

describe("fault injection", () => {
  it("fails about errorRate of requests with Google bodies, the same way for the same seed", async () => {
    const { id } = await sharedSpreadsheet(t, "faults");
    await t.admin("POST", "/faults", { errorRate: 0.2, statuses: [429, 500, 503], seed: 42 });
    const first = await statuses(400, id);
    const failed = first.filter((s) => s !== 200);
    expect(failed.length).toBeGreaterThan(400 * 0.2 - 30);
    expect(failed.length).toBeLessThan(400 * 0.2 + 30);
    expect(new Set(failed)).toEqual(new Set([429, 500, 503]));
    await t.admin("POST", "/faults", { errorRate: 0.2, statuses: [429, 500, 503], seed: 42 });
    expect(await statuses(400, id)).toEqual(first);
    const stats = await t.admin<{ rejected: { faults: number } }>("GET", "/stats");
    expect(stats.rejected.faults).toBe(failed.length * 2);
  });

  it("sends Retry-After with an injected 429 and limits faults to the named methods", async () => {
    const { id, sheets } = await sharedSpreadsheet(t, "methods");
    await t.admin("POST", "/faults", {
      errorRate: 1,
      statuses: [429],
      retryAfterSeconds: 3,
      methods: ["sheets.spreadsheets.values.get"],
    });
    const refused = await failure(
      sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A1" }),
    );
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("3");
    expect(refused.body.error.status).toBe("RESOURCE_EXHAUSTED");
    await expect(sheets.spreadsheets.get({ spreadsheetId: id })).resolves.toBeTruthy();
    await t.admin("POST", "/faults", {});
    await expect(
      sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A1" }),
    ).resolves.toBeTruthy();
  });

  it("adds latency", async () => {
    const { id, sheets } = await sharedSpreadsheet(t, "slow");
    await t.admin("POST", "/faults", { latencyMs: 120 });
    const started = Date.now();
    await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A1" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    await t.admin("POST", "/faults", { errorRate: 0 });
  });

  it("refuses bad settings with a 400 naming the field", async () => {
    const post = async (body: unknown) => {
      const res = await t.fetch("/__emulator/faults", {
        method: "POST",
        body: JSON.stringify(body),
      });
      return {
        status: res.status,
        message: ((await res.json()) as { error: { message: string } }).error.message,
      };
    };
    expect(await post({ errorRate: 2 })).toMatchObject({
      status: 400,
      message: expect.stringContaining("errorRate"),
    });
    expect(await post({ statuses: [404] })).toMatchObject({
      status: 400,
      message: expect.stringContaining("statuses"),
    });
    expect(await post({ methods: ["sheets.values.get"] })).toMatchObject({
      status: 400,
      message: expect.stringContaining('"sheets.values.get"'),
    });
    expect(await post({ errorRat: 0.1 })).toMatchObject({
      status: 400,
      message: expect.stringContaining("errorRat"),
    });
  });
});
