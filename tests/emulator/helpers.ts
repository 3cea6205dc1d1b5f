import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type drive_v3, google, type sheets_v4 } from "googleapis";
import {
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from "../../scripts/emulator/server";

/**
 * A fresh emulator on a random port with its own temporary data directory, and googleapis
 * clients acting as any person. googleapis' automatic retries are off so that every test sees
 * each status the emulator sends, and counters see exactly the requests the test made.
 */
export interface TestEmulator {
  url: string;
  dataDir: string;
  emulator: RunningEmulator;
  token(email: string, scopes?: string[]): Promise<string>;
  sheets(email: string): Promise<sheets_v4.Sheets>;
  drive(email: string): Promise<drive_v3.Drive>;
  /** Calls an `/__emulator/*` control; throws with the body on a non-2xx answer. */
  admin<T = unknown>(method: "GET" | "POST", path: string, body?: unknown): Promise<T>;
  /** Raw fetch against the emulator, for what googleapis cannot express. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Stops and starts again on the same data directory and port. */
  restart(options?: Partial<EmulatorOptions>): Promise<void>;
  stop(): Promise<void>;
}

export const OWNER = "owner@school.cn";
export const EDITOR = "editor@school.cn";
export const READER = "reader@school.cn";
export const STRANGER = "stranger@school.cn";

export async function startTestEmulator(
  options: Partial<EmulatorOptions> = {},
): Promise<TestEmulator> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tmis-emulator-"));
  let emulator = await startEmulator({ port: 0, dataDir, ...options });
  const t: TestEmulator = {
    get url() {
      return emulator.url;
    },
    dataDir,
    get emulator() {
      return emulator;
    },
    async token(email, scopes) {
      const body = await t.admin<{ access_token: string }>("POST", "/token", {
        email,
        ...(scopes ? { scopes } : {}),
      });
      return body.access_token;
    },
    async sheets(email) {
      return google.sheets({
        version: "v4",
        rootUrl: `${emulator.url}/`,
        auth: await oauth(await t.token(email)),
        retry: false,
      });
    },
    async drive(email) {
      return google.drive({
        version: "v3",
        rootUrl: `${emulator.url}/`,
        auth: await oauth(await t.token(email)),
        retry: false,
      });
    },
    async admin<T>(method: "GET" | "POST", adminPath: string, body?: unknown) {
      const res = await t.fetch(`/__emulator${adminPath}`, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
      });
      const json = (await res.json()) as T;
      if (!res.ok)
        throw new Error(`${method} ${adminPath} → ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
    fetch(p, init) {
      return fetch(`${emulator.url}${p}`, init);
    },
    async restart(more = {}) {
      const port = emulator.port;
      await emulator.close();
      emulator = await startEmulator({ port, dataDir, ...options, ...more });
    },
    async stop() {
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

async function oauth(accessToken: string) {
  const client = new google.auth.OAuth2();
  client.setCredentials({ access_token: accessToken, expiry_date: Date.now() + 3_600_000 });
  return client;
}

/** The Google error body and HTTP status of a failed googleapis call. */
export async function failure(call: Promise<unknown>): Promise<{
  status: number;
  body: { error: { code: number; message: string; status: string } };
  headers: Headers;
}> {
  try {
    await call;
  } catch (error) {
    const response = (error as { response?: { status: number; data: unknown; headers: Headers } })
      .response;
    if (!response) throw error;
    return { status: response.status, body: response.data as never, headers: response.headers };
  }
  throw new Error("Expected the call to fail, it succeeded");
}

/** A spreadsheet owned by `OWNER`, shared as asked, with its Sheets client. */
export async function sharedSpreadsheet(
  t: TestEmulator,
  title: string,
  share: { email: string; role: "reader" | "writer" }[] = [],
  sheetTitles: string[] = ["Sheet1"],
) {
  const sheets = await t.sheets(OWNER);
  const drive = await t.drive(OWNER);
  const created = await sheets.spreadsheets.create({
    requestBody: {
      properties: { title },
      sheets: sheetTitles.map((s) => ({ properties: { title: s } })),
    },
  });
  const id = created.data.spreadsheetId ?? "";
  for (const { email, role } of share) {
    await drive.permissions.create({
      fileId: id,
      requestBody: { type: "user", role, emailAddress: email },
    });
  }
  return { id, sheets, drive, created: created.data };
}
