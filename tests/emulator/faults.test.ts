import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EDITOR,
  failure,
  OWNER,
  sharedSpreadsheet,
  startTestEmulator,
  type TestEmulator,
} from "./helpers";

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

  it("limits faults to the named identities, drawing the generator only for their requests", async () => {
    const { id } = await sharedSpreadsheet(t, "identities", [{ email: EDITOR, role: "writer" }]);
    const owner = await t.token(OWNER);
    const editor = await t.token(EDITOR);
    const get = async (token: string) =>
      (
        await t.fetch(`/v4/spreadsheets/${id}/values/A1`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status;
    const config = { errorRate: 0.5, statuses: [500], seed: 7, identities: [EDITOR] };
    await t.admin("POST", "/faults", config);
    const alone: number[] = [];
    for (let i = 0; i < 40; i++) alone.push(await get(editor));
    expect(alone.filter((s) => s === 500).length).toBeGreaterThan(5);
    expect(alone.filter((s) => s === 500).length).toBeLessThan(35);

    // Same seed, the owner's requests interleaved: never faulted, and the editor sees the very
    // same faults as without them.
    await t.admin("POST", "/faults", config);
    const interleaved: number[] = [];
    for (let i = 0; i < 40; i++) {
      expect(await get(owner)).toBe(200);
      interleaved.push(await get(editor));
    }
    expect(interleaved).toEqual(alone);
    expect(await t.admin("GET", "/faults")).toMatchObject({ identities: [EDITOR] });
    await t.admin("POST", "/faults", {});
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
    expect(await post({ identities: ["not an e-mail"] })).toMatchObject({
      status: 400,
      message: expect.stringContaining("identities"),
    });
    expect(await post({ identities: [] })).toMatchObject({
      status: 400,
      message: expect.stringContaining("identities"),
    });
    expect(await post({ errorRat: 0.1 })).toMatchObject({
      status: 400,
      message: expect.stringContaining("errorRat"),
    });
  });
});
