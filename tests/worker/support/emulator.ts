import { env } from "cloudflare:test";
import { inject } from "vitest";
import type { Env } from "../../../src/env";

/** Helpers for worker tests that talk to the emulator started by the global setup. */
export const emulatorUrl = inject("emulatorUrl");

export interface ServiceAccount {
  client_email: string;
  key: string;
}

export async function registerServiceAccount(name: string): Promise<ServiceAccount> {
  const res = await fetch(`${emulatorUrl}/__emulator/service-accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `${name}@tmis-test.iam.gserviceaccount.com` }),
  });
  if (!res.ok) throw new Error(`register service account: ${res.status} ${await res.text()}`);
  const key = (await res.json()) as { client_email: string };
  return { client_email: key.client_email, key: JSON.stringify(key) };
}

/** The worker's env pointed at the emulator and acting as the given service account. */
export function envFor(sa: ServiceAccount): Env {
  return {
    ...env,
    SHEETS_BASE_URL: emulatorUrl,
    DRIVE_BASE_URL: emulatorUrl,
    OAUTH_TOKEN_URL: `${emulatorUrl}/token`,
    GOOGLE_SERVICE_ACCOUNT_KEY: sa.key,
  };
}

const tokens = new Map<string, string>();

/** An access token per person, asked once: setup of hundreds of sheets should not double its calls. */
export async function tokenFor(email: string): Promise<string> {
  const hit = tokens.get(email);
  if (hit) return hit;
  const res = await fetch(`${emulatorUrl}/__emulator/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
  if (!res.ok) throw new Error(`token for ${email}: ${res.status}`);
  const token = ((await res.json()) as { access_token: string }).access_token;
  tokens.set(email, token);
  return token;
}

/**
 * A REST call to the emulator as a person (the tests' stand-in for a user in the browser);
 * throws with the body on any non-2xx answer.
 */
export async function asUser<T>(
  email: string,
  method: string,
  pathAndQuery: string,
  body?: unknown,
): Promise<T> {
  const init: RequestInit = {
    method,
    headers: {
      authorization: `Bearer ${await tokenFor(email)}`,
      "content-type": "application/json",
    },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(`${emulatorUrl}/${pathAndQuery}`, init);
  if (!res.ok) throw new Error(`${method} ${pathAndQuery}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Requests one identity has made so far, by googleapis method name. */
async function requestsBy(email: string): Promise<Record<string, number>> {
  const body = (await (await fetch(`${emulatorUrl}/__emulator/stats`)).json()) as {
    byIdentity?: Record<string, { byMethod?: Record<string, number> }>;
  };
  return body.byIdentity?.[email]?.byMethod ?? {};
}

/**
 * The requests `email` made while `action` ran. A difference of snapshots, per identity, so test
 * files sharing the emulator neither see nor reset each other's counters.
 */
export async function requestsDuring(email: string, action: () => Promise<unknown>) {
  const before = await requestsBy(email);
  await action();
  const after = await requestsBy(email);
  const made: Record<string, number> = {};
  for (const [method, count] of Object.entries(after)) {
    const delta = count - (before[method] ?? 0);
    if (delta > 0) made[method] = delta;
  }
  return made;
}

interface FileCountsSnapshot {
  total: number;
  byMethod: Record<string, number>;
  byIdentity: Record<string, number>;
}

async function fileCounts(): Promise<Record<string, FileCountsSnapshot>> {
  const body = (await (await fetch(`${emulatorUrl}/__emulator/stats`)).json()) as {
    byFile?: Record<string, FileCountsSnapshot>;
  };
  return body.byFile ?? {};
}

/**
 * The requests `email` made while `action` ran, per spreadsheet (or Drive file) id and method;
 * spreadsheets it did not touch are absent. Throws if anyone else touched one of them meanwhile,
 * since the emulator's per-file counters do not split methods by caller.
 */
export async function requestsByFileDuring(email: string, action: () => Promise<unknown>) {
  const before = await fileCounts();
  await action();
  const after = await fileCounts();
  const made: Record<string, Record<string, number>> = {};
  for (const [id, counts] of Object.entries(after)) {
    const was = before[id];
    const total = counts.total - (was?.total ?? 0);
    if (total === 0) continue;
    const mine = (counts.byIdentity[email] ?? 0) - (was?.byIdentity[email] ?? 0);
    if (mine !== total)
      throw new Error(`${id}: ${total - mine} requests by others during the action`);
    const methods: Record<string, number> = {};
    for (const [method, count] of Object.entries(counts.byMethod)) {
      const delta = count - (was?.byMethod[method] ?? 0);
      if (delta > 0) methods[method] = delta;
    }
    made[id] = methods;
  }
  return made;
}
