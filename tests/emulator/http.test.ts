import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OWNER, sharedSpreadsheet, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
let auth: { authorization: string };
beforeAll(async () => {
  t = await startTestEmulator();
  auth = { authorization: `Bearer ${await t.token(OWNER)}` };
});
afterAll(() => t.stop());

async function call(path: string, init: RequestInit = {}) {
  const res = await t.fetch(path, { ...init, headers: { ...auth, ...init.headers } });
  return {
    status: res.status,
    body: (await res.json()) as { error: { code: number; message: string; status: string } },
  };
}

describe("HTTP surface", () => {
  it("answers unknown paths and wrong verbs with Google-shaped 404s", async () => {
    const unknown = await call("/v4/spreadsheets/x/charts");
    expect(unknown).toMatchObject({
      status: 404,
      body: { error: { code: 404, status: "NOT_FOUND" } },
    });
    const verb = await call("/drive/v3/changes/startPageToken", { method: "POST" });
    expect(verb.status).toBe(404);
    expect(verb.body.error.message).toContain("does not accept POST");
    const control = await call("/__emulator/nothing", { method: "POST" });
    expect(control.status).toBe(404);
  });

  it("refuses malformed JSON and alt=media", async () => {
    const { id } = await sharedSpreadsheet(t, "http");
    const bad = await call(`/v4/spreadsheets/${id}:batchUpdate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{requests:",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid JSON payload received/);
    const media = await call(`/drive/v3/files/${id}?alt=media`);
    expect(media.status).toBe(501);
  });

  it("decodes percent-encoded ranges from raw fetch callers as googleapis sends them", async () => {
    const { id } = await sharedSpreadsheet(t, "encoded", [], ["学生 名单"]);
    const range = encodeURIComponent("'学生 名单'!A1:B1");
    const put = await t.fetch(`/v4/spreadsheets/${id}/values/${range}?valueInputOption=RAW`, {
      method: "PUT",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ values: [["甲", "乙"]] }),
    });
    expect(put.status).toBe(200);
    const append = await t.fetch(
      `/v4/spreadsheets/${id}/values/'学生 名单'!A:B:append?valueInputOption=RAW`,
      {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ values: [["丙"]] }),
      },
    );
    expect(append.status).toBe(200);
    const got = await t.fetch(
      `/v4/spreadsheets/${id}/values/${encodeURIComponent("'学生 名单'")}`,
      { headers: auth },
    );
    expect(((await got.json()) as { values: string[][] }).values).toEqual([["甲", "乙"], ["丙"]]);
  });

  it("accepts the token as an access_token query parameter", async () => {
    const token = auth.authorization.slice("Bearer ".length);
    const res = await fetch(`${t.url}/drive/v3/files?access_token=${token}`);
    expect(res.status).toBe(200);
  });
});
