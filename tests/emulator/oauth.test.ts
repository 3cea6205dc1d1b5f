import { generateKeyPairSync } from "node:crypto";
import { google } from "googleapis";
import { importPKCS8, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceAccountKeyFile } from "../../scripts/emulator/auth/service-accounts";
import { startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
let key: ServiceAccountKeyFile;
beforeAll(async () => {
  t = await startTestEmulator();
  key = await t.admin<ServiceAccountKeyFile>("POST", "/service-accounts", { name: "tmis-worker" });
});
afterAll(() => t.stop());

const SCOPE = "https://www.googleapis.com/auth/spreadsheets https://www.googleapis.com/auth/drive";

async function assertion(
  overrides: {
    privateKey?: string;
    aud?: string;
    iat?: number;
    exp?: number;
    scope?: string | null;
  } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  const signingKey = await importPKCS8(overrides.privateKey ?? key.private_key, "RS256");
  const claims = overrides.scope === null ? {} : { scope: overrides.scope ?? SCOPE };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", typ: "JWT" })
    .setIssuer(key.client_email)
    .setAudience(overrides.aud ?? key.token_uri)
    .setIssuedAt(overrides.iat ?? now)
    .setExpirationTime(overrides.exp ?? now + 3600)
    .sign(signingKey);
}

async function grant(form: Record<string, string>) {
  const res = await t.fetch("/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const jwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";

describe("OAuth token endpoint", () => {
  it("hands out a Google-style key file whose token_uri is the emulator", () => {
    expect(key).toMatchObject({
      type: "service_account",
      client_email: "tmis-worker@tmis-sync-emulator.iam.gserviceaccount.com",
      token_uri: `${t.url}/token`,
    });
    expect(key.private_key).toContain("BEGIN PRIVATE KEY");
  });

  it("lets googleapis' JWT client sign in and call Sheets and Drive as the service account", async () => {
    const auth = new google.auth.JWT({
      email: key.client_email,
      key: key.private_key,
      keyId: key.private_key_id,
      scopes: SCOPE.split(" "),
    });
    // google-auth-library posts to Google's token URL whatever the key file says; route it here.
    auth.transporter.interceptors.request.add({
      resolved: async (config) => {
        if (String(config.url) === "https://oauth2.googleapis.com/token") {
          config.url = new URL(`${t.url}/token`);
        }
        return config;
      },
    });
    const sheets = google.sheets({ version: "v4", rootUrl: `${t.url}/`, auth, retry: false });
    const created = await sheets.spreadsheets.create({
      requestBody: { properties: { title: "服务账号建的表" } },
    });
    const drive = google.drive({ version: "v3", rootUrl: `${t.url}/`, auth, retry: false });
    const file = await drive.files.get({
      fileId: created.data.spreadsheetId ?? "",
      fields: "owners(emailAddress)",
    });
    expect(file.data.owners?.[0]?.emailAddress).toBe(key.client_email);
    const stats = await t.admin<{ tokens: number }>("GET", "/stats");
    expect(stats.tokens).toBe(1);
  });

  it("expires access tokens after an hour on the emulator's clock", async () => {
    let now = Date.parse("2024-03-01T08:00:00Z");
    const clocked = await startTestEmulator({ clock: () => new Date(now) });
    const headers = { authorization: `Bearer ${await clocked.token("dev@school.cn")}` };
    expect((await clocked.fetch("/drive/v3/files", { headers })).status).toBe(200);
    now += 3600_000;
    expect((await clocked.fetch("/drive/v3/files", { headers })).status).toBe(401);
    await clocked.stop();
  });

  it("accepts an assertion addressed to the emulator as the worker signs it", async () => {
    const res = await grant({ grant_type: jwtBearer, assertion: await assertion() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ expires_in: 3600, token_type: "Bearer" });
    const api = await t.fetch("/drive/v3/files", {
      headers: { authorization: `Bearer ${res.body.access_token}` },
    });
    expect(api.status).toBe(200);
  });

  it("refuses a forged, expired, over-long, unscoped or misaddressed assertion as Google does", async () => {
    const forger = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      [
        await assertion({ privateKey: forger.privateKey }),
        "invalid_grant",
        "Invalid JWT Signature.",
      ],
      [await assertion({ iat: now - 7200, exp: now - 3600 }), "invalid_grant", /short-lived/],
      [await assertion({ exp: now + 7200 }), "invalid_grant", /short-lived/],
      [await assertion({ scope: null }), "invalid_scope", /scope/],
      [await assertion({ aud: "https://example.com/token" }), "invalid_grant", /audience/],
      ["not-a-jwt", "invalid_grant", /well-formed/],
    ] as const;
    for (const [jwt, error, description] of cases) {
      const res = await grant({ grant_type: jwtBearer, assertion: jwt });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe(error);
      expect(res.body.error_description).toMatch(description);
    }
    const unknown = await grant({ grant_type: "password", username: "x" });
    expect(unknown.body).toEqual({
      error: "unsupported_grant_type",
      error_description: "Invalid grant_type: password",
    });
  });

  it("refreshes tokens issued to dev identities, and a reset revokes them", async () => {
    const issued = await t.admin<{ refresh_token: string }>("POST", "/token", {
      email: "dev@school.cn",
    });
    const refreshed = await grant({
      grant_type: "refresh_token",
      refresh_token: issued.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    await t.admin("POST", "/reset", {});
    const after = await grant({ grant_type: "refresh_token", refresh_token: issued.refresh_token });
    expect(after.body.error).toBe("invalid_grant");
    const old = await t.fetch("/drive/v3/files", {
      headers: { authorization: `Bearer ${refreshed.body.access_token}` },
    });
    expect(old.status).toBe(401);
  });

  it("validates the service-account registration body and names the bad field", async () => {
    const res = await t.fetch("/__emulator/service-accounts", {
      method: "POST",
      body: JSON.stringify({ name: "X!" }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("name:");
  });
});
