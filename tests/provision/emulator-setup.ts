/** An emulator with a registered service account, and clients acting as anyone, for these tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { google, type sheets_v4 } from "googleapis";
import { type EmulatorOptions, startEmulator } from "../../scripts/emulator/server";
import { type GoogleClients, signIn } from "../../scripts/provision/auth";

export const ADMIN = "admin@hrjy.example.cn";

export interface Setup {
  readonly url: string;
  readonly serviceAccount: string;
  readonly admin: GoogleClients;
  sheetsAs(email: string): Promise<sheets_v4.Sheets>;
  stats(): Promise<{ byMethod: Record<string, number> }>;
  resetStats(): Promise<void>;
  control(path: string, body: unknown): Promise<void>;
  stop(): Promise<void>;
}

export async function setUp(options: Partial<EmulatorOptions> = {}): Promise<Setup> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tmis-provision-"));
  const emulator = await startEmulator({ port: 0, dataDir, ...options });
  const post = async (route: string, body: unknown) => {
    const res = await fetch(`${emulator.url}/__emulator${route}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${route}: HTTP ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const key = await post("/service-accounts", {});
  return {
    url: emulator.url,
    serviceAccount: String(key.client_email),
    admin: await signIn({ kind: "emulator", endpoint: emulator.url, email: ADMIN }),
    async sheetsAs(email) {
      const auth = new google.auth.OAuth2();
      auth.setCredentials({ access_token: String((await post("/token", { email })).access_token) });
      return google.sheets({ version: "v4", auth, rootUrl: `${emulator.url}/`, retry: false });
    },
    async stats() {
      return (await fetch(`${emulator.url}/__emulator/stats`)).json() as Promise<{
        byMethod: Record<string, number>;
      }>;
    },
    async resetStats() {
      await post("/stats/reset", {});
    },
    async control(route, body) {
      await post(route, body);
    },
    async stop() {
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
