import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { expect } from "vitest";
import { app } from "../../../src/app";
import {
  boundTitles,
  planSpreadsheet,
  planTabRepairs,
  recheckLayout,
  type SpreadsheetLayout,
  snapshotOf,
} from "../../../src/core/provision/index";
import { type KeyedTab, recheckTabs } from "../../../src/core/sync/county-tabs";
import { decodeTabManifest, encodeTabManifest } from "../../../src/core/sync/tab-manifest";
import { SchoolCategory, templateFor } from "../../../src/core/templates";
import { shippedCountyConfig, shippedTemplates } from "../../../src/core/templates/bundle";
import type { Env } from "../../../src/env";
import type { RecheckMessage } from "../../../src/jobs/messages";
import worker from "../../../src/worker";
import { asUser } from "./emulator";

/**
 * The county recheck spreadsheet as provisioning lays it out (every tab with its header row),
 * created by `admin` through the emulator, marked for the worker and shared with it.
 */
export function createCountySheet(admin: string, serviceAccount: string): Promise<string> {
  const layout = recheckLayout({
    categories: SchoolCategory.options.map((c) => templateFor(shippedTemplates, c)),
    county: shippedCountyConfig,
    serviceAccount,
  });
  return createLaidOutSheet(admin, serviceAccount, layout, "recheck");
}

/**
 * A county spreadsheet with a layout's grid tabs and their header rows, marked `tmisKind`, with
 * the tab manifest of `bound` as provisioning records it (none: a file provisioned before them).
 */
export async function createLaidOutSheet(
  admin: string,
  serviceAccount: string,
  layout: SpreadsheetLayout,
  tmisKind: "recheck" | "summary",
  bound: readonly KeyedTab[] = [],
): Promise<string> {
  const grids = layout.tabs.flatMap((tab) => (tab.kind === "grid" ? [tab] : []));
  const created = await asUser<{
    spreadsheetId: string;
    sheets: { properties: { sheetId: number; title: string } }[];
  }>(admin, "POST", "v4/spreadsheets", {
    properties: { title: layout.title },
    sheets: grids.map((tab) => ({ properties: { title: tab.title } })),
  });
  const id = created.spreadsheetId;
  await asUser(admin, "POST", `v4/spreadsheets/${id}/values:batchUpdate`, {
    valueInputOption: "RAW",
    data: grids.map((tab) => ({
      range: `'${tab.title}'!A1`,
      values: [tab.columns.map((c) => c.header)],
    })),
  });
  const idOf = new Map(created.sheets.map((s) => [s.properties.title, s.properties.sheetId]));
  const manifest = new Map(
    bound.flatMap((tab) => {
      const sheetId = idOf.get(tab.title);
      return sheetId === undefined ? [] : [[tab.key, sheetId] as const];
    }),
  );
  await asUser(admin, "PATCH", `drive/v3/files/${id}`, {
    appProperties: { tmisKind, ...(bound.length === 0 ? {} : encodeTabManifest(manifest)) },
  });
  await asUser(admin, "POST", `drive/v3/files/${id}/permissions`, {
    role: "writer",
    type: "user",
    emailAddress: serviceAccount,
  });
  return id;
}

/** The tmis-recheck consumer on these messages, as the queue would deliver them in one batch. */
export async function consumeRecheck(env: Env, bodies: readonly RecheckMessage[]) {
  const batch = createMessageBatch<RecheckMessage>(
    "tmis-recheck",
    bodies.map((body, i) => ({ id: `r${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

/**
 * The county recheck spreadsheet exactly as provisioning makes it: the real layout planned by
 * the core (every tab, dropdown and protected column), marked for the worker with its tab
 * manifest and shared with the
 * offices and the service account. For tests that act as an office or a school through the
 * emulator and must meet the protections a user would.
 */
export async function createProvisionedCountySheet(
  admin: string,
  serviceAccount: string,
): Promise<string> {
  const layout = recheckLayout({
    categories: SchoolCategory.options.map((c) => templateFor(shippedTemplates, c)),
    county: shippedCountyConfig,
    serviceAccount,
  });
  const { spreadsheetId } = await asUser<{ spreadsheetId: string }>(
    admin,
    "POST",
    "v4/spreadsheets",
    { properties: { title: layout.title } },
  );
  const structure = await asUser<Parameters<typeof snapshotOf>[0]>(
    admin,
    "GET",
    `v4/spreadsheets/${spreadsheetId}`,
  );
  const plan = planSpreadsheet(layout, snapshotOf(structure), [
    { id: "owner", type: "user", emailAddress: admin, role: "owner" },
  ]);
  await asUser(admin, "POST", `v4/spreadsheets/${spreadsheetId}:batchUpdate`, {
    requests: plan.requests,
  });
  await asUser(admin, "POST", `v4/spreadsheets/${spreadsheetId}/values:batchUpdate`, {
    valueInputOption: "RAW",
    data: plan.values,
  });
  // The tab manifest, as provisioning records it: the worker reads these ids only.
  const laidOut = await asUser<{ sheets: { properties: { sheetId: number; title: string } }[] }>(
    admin,
    "GET",
    `v4/spreadsheets/${spreadsheetId}`,
  );
  const idOf = new Map(laidOut.sheets.map((s) => [s.properties.title, s.properties.sheetId]));
  const manifest = new Map(
    recheckTabs(shippedTemplates).flatMap((tab) => {
      const sheetId = idOf.get(tab.title);
      return sheetId === undefined ? [] : [[tab.key, sheetId] as const];
    }),
  );
  await asUser(admin, "PATCH", `drive/v3/files/${spreadsheetId}`, {
    appProperties: { tmisKind: "recheck", ...encodeTabManifest(manifest) },
  });
  for (const grant of plan.grants.create)
    await asUser(admin, "POST", `drive/v3/files/${spreadsheetId}/permissions`, {
      role: grant.role,
      type: "user",
      emailAddress: grant.email,
    });
  return spreadsheetId;
}

/** The tabs of a spreadsheet (sheetId and title), as `who` sees them now. */
export async function tabsOf(
  who: string,
  spreadsheetId: string,
): Promise<{ sheetId: number; title: string }[]> {
  const meta = await asUser<{ sheets: { properties: { sheetId: number; title: string } }[] }>(
    who,
    "GET",
    `v4/spreadsheets/${spreadsheetId}`,
  );
  return meta.sheets.map((s) => s.properties);
}

/**
 * What the next `npm run provision` does to a county file whose `tabs` it bound: the core's
 * repair, from the manifest in the file's appProperties, sent as `owner`. There must be one.
 */
export async function provisioningRepair(
  owner: string,
  spreadsheetId: string,
  tabs: readonly KeyedTab[],
) {
  const file = await asUser<{ appProperties: Record<string, string> }>(
    owner,
    "GET",
    `drive/v3/files/${spreadsheetId}?fields=appProperties`,
  );
  const manifest = decodeTabManifest(file.appProperties) ?? new Map<string, number>();
  const bound = boundTitles(manifest, tabs);
  const repairs = planTabRepairs(bound, await tabsOf(owner, spreadsheetId));
  expect(repairs.requests.length).toBeGreaterThan(0);
  await asUser(owner, "POST", `v4/spreadsheets/${spreadsheetId}:batchUpdate`, {
    requests: repairs.requests,
  });
}

/** The tab problems GET /api/county/tabs tells of the county file of `kind` (none: no such file). */
export async function countyTabProblems(env: Env, kind: "recheck" | "summary") {
  const res = await app.request(
    "/api/county/tabs",
    { headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` } },
    env,
  );
  const body = (await res.json()) as {
    spreadsheets: { kind: string; tabProblems: { tab: string; message: string }[] }[];
  };
  return body.spreadsheets.find((s) => s.kind === kind)?.tabProblems;
}
