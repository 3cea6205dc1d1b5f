/**
 * Helpers for the business-request tests: direct syncs of a school, a school made fully effective
 * (every row ticked and confirmed by the county), the county's steps through the store, and
 * request rows typed as a school would.
 */

import { idCryptoFromEnv } from "../../../src/adapters/crypto/index";
import { googleFromEnv } from "../../../src/adapters/google/index";
import { applyTransition } from "../../../src/adapters/store/business";
import type { BusinessAction, BusinessState } from "../../../src/core/business";
import type { RecheckDecision } from "../../../src/core/review/decide";
import { columnLetters } from "../../../src/core/sheets/a1";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import type { Cell } from "../../../src/core/validate";
import type { Env } from "../../../src/env";
import { randomId } from "../../../src/jobs/dispatch";
import { type SchoolSyncOutcome, syncSchoolSheet } from "../../../src/jobs/sync-school";
import type { Tabs } from "../../core/validate/fixture";
import { asUser, envFor, registerServiceAccount, type ServiceAccount } from "./emulator";
import { createSchoolSheet, type TestSchool } from "./school-sheet";
import { liftProjectQuotas, type School, sheetHeadersOf } from "./schools";

export async function syncDeps(env: Env, now = new Date()) {
  return {
    db: env.DB,
    google: googleFromEnv(env),
    crypto: await idCryptoFromEnv(env),
    templates: shippedTemplates,
    now,
    newId: randomId,
  };
}

/** One forced sync of the school's spreadsheet, as a wake-up message would run it. */
export async function syncOnce(
  env: Env,
  school: School,
  spreadsheetId: string,
  decisions: { recheck?: RecheckDecision[] } = {},
): Promise<SchoolSyncOutcome> {
  return syncSchoolSheet(
    await syncDeps(env),
    { kind: "school", spreadsheetId, version: 1, school: { ...school } },
    true,
    decisions,
  );
}

const range = (tab: string, a1 = "") => encodeURIComponent(`'${tab}'${a1 ? `!${a1}` : ""}`);

export async function tabValues(who: string, id: string, tab: string): Promise<string[][]> {
  const got = await asUser<{ values?: string[][] }>(
    who,
    "GET",
    `v4/spreadsheets/${id}/values/${range(tab)}`,
  );
  return got.values ?? [];
}

/** Every data row of a tab as header → cell, as the user sees it. */
export async function rowsOf(who: string, id: string, tab: string) {
  const [header = [], ...rows] = await tabValues(who, id, tab);
  return rows
    .filter((row) => row.some((cell) => cell !== ""))
    .map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""])));
}

/** Finding a request's row on a tab by its 申请编号, as `who` sees the tab. */
export function requestRowsAs(who: string) {
  return {
    /** The request's row (header → cell), if the tab has one. */
    rowOf: async (id: string, tab: string, requestId: string) =>
      (await rowsOf(who, id, tab)).find((row) => row.申请编号 === requestId),
    /** The 1-based sheet row of the request's row (header is row 1). */
    sheetRowOf: async (id: string, tab: string, requestId: string): Promise<number> => {
      const at = (await rowsOf(who, id, tab)).findIndex((row) => row.申请编号 === requestId);
      if (at < 0) throw new Error(`no row of ${requestId} on ${tab}`);
      return at + 2;
    },
  };
}

/** Writes cells of one row by header (RAW), as `who`. */
export async function writeRow(
  who: string,
  id: string,
  tab: string,
  row: number,
  cells: Record<string, Cell>,
): Promise<void> {
  const headers = sheetHeadersOf(id, tab);
  await asUser(who, "POST", `v4/spreadsheets/${id}/values:batchUpdate`, {
    valueInputOption: "RAW",
    data: Object.entries(cells).map(([header, value]) => {
      const col = headers.indexOf(header);
      if (col < 0) throw new Error(`no column ${header} on ${tab}`);
      return { range: `'${tab}'!${columnLetters(col)}${row}`, values: [[value]] };
    }),
  });
}

/**
 * Every row of the school ticked by the principal and confirmed by the county: the school's
 * records and teachers are effective. Three syncs: statuses, the ticks, the county's decisions.
 */
export async function makeEffective(env: Env, admin: string, school: School, id: string) {
  await syncOnce(env, school, id);
  const meta = await asUser<{ sheets: { properties: { title: string } }[] }>(
    admin,
    "GET",
    `v4/spreadsheets/${id}`,
  );
  const data: { range: string; values: boolean[][] }[] = [];
  for (const { properties } of meta.sheets) {
    const values = await tabValues(admin, id, properties.title);
    const col = values[0]?.indexOf("校长审核") ?? -1;
    const rows = values.length - 1;
    if (col < 0 || rows < 1) continue;
    const letter = columnLetters(col);
    data.push({
      range: `'${properties.title}'!${letter}2:${letter}${rows + 1}`,
      values: Array.from({ length: rows }, () => [true]),
    });
  }
  await asUser(admin, "POST", `v4/spreadsheets/${id}/values:batchUpdate`, {
    valueInputOption: "RAW",
    data,
  });
  await syncOnce(env, school, id);
  const { results } = await env.DB.prepare(
    "SELECT record_id, hash FROM recheck_items WHERE school_code = ? AND state IN ('queued', 'appended')",
  )
    .bind(school.code)
    .all<{ record_id: string; hash: string }>();
  const at = new Date().toISOString();
  await syncOnce(env, school, id, {
    recheck: results.map((item) => ({
      recordId: item.record_id,
      hash: item.hash,
      outcome: "confirmed" as const,
      actor: "人事股",
      at,
      spreadsheetId: "county",
    })),
  });
}

/** 人事股's decision on a request, through the store as the county side will apply it. */
export async function countyStep(
  env: Env,
  requestId: string,
  from: BusinessState,
  action: BusinessAction = "confirm",
  reason: string | null = null,
) {
  const outcome = await applyTransition(env.DB, requestId, action, "county", {
    actor: "人事股",
    reason,
    at: new Date().toISOString(),
    from,
    crypto: await idCryptoFromEnv(env),
  });
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.request;
}

export async function requestState(env: Env, requestId: string): Promise<string | undefined> {
  const row = await env.DB.prepare("SELECT state FROM business_requests WHERE id = ?")
    .bind(requestId)
    .first<{ state: string }>();
  return row?.state;
}

/**
 * The receiving school's principal ticks 调档完成 on the transfer's row (after 人事股's 确认调出),
 * and the school syncs, as the worker's clock says (`now`).
 */
export async function tickArchived(
  env: Env,
  principal: string,
  school: School,
  spreadsheetId: string,
  requestId: string,
  now = new Date(),
): Promise<SchoolSyncOutcome> {
  const values = await tabValues(principal, spreadsheetId, "调动申请");
  const at = values.findIndex((row) => row.includes(requestId)) + 1;
  if (at < 1) throw new Error(`no row of ${requestId} on 调动申请`);
  await writeRow(principal, spreadsheetId, "调动申请", at, { 调档完成: true });
  return syncSchoolSheet(
    await syncDeps(env, now),
    { kind: "school", spreadsheetId, version: 1, school: { ...school } },
    true,
  );
}

/** One school of a business test: how its spreadsheet is made, and whether to make it effective. */
export interface SchoolSetup {
  readonly school: School;
  readonly create: (sa: ServiceAccount) => Promise<string>;
  /** Every row ticked and confirmed by the county (`makeEffective`); otherwise synced once. */
  readonly effective: boolean;
}

/** A primary school whose spreadsheet holds `tabs` (fixture rows), owned by `owner`. */
export function primarySchool(
  school: TestSchool,
  tabs: Tabs,
  owner: string,
  effective = true,
): SchoolSetup {
  return { school, create: (sa) => createSchoolSheet(sa, school, tabs, owner), effective };
}

export interface BusinessSetup<K extends string> {
  readonly env: Env;
  readonly serviceAccount: string;
  readonly sheet: Record<K, string>;
}

/**
 * The schools of a business test, under a service account of the file's own (`name`), each shared
 * with `auditor` (a reader who sees what the schools see) and made effective or synced once.
 */
export async function setUpBusinessSchools<K extends string>(
  name: string,
  admin: string,
  auditor: string,
  schools: Record<K, SchoolSetup>,
): Promise<BusinessSetup<K>> {
  await liftProjectQuotas();
  const sa = await registerServiceAccount(name);
  const env = envFor(sa);
  const entries = Object.entries(schools) as [K, SchoolSetup][];
  const sheet = {} as Record<K, string>;
  for (const [key, setup] of entries) sheet[key] = await setup.create(sa);
  for (const [key] of entries)
    await asUser(admin, "POST", `drive/v3/files/${sheet[key]}/permissions`, {
      role: "reader",
      type: "user",
      emailAddress: auditor,
    });
  for (const [key, { school, effective }] of entries) {
    if (effective) await makeEffective(env, admin, school, sheet[key]);
    else await syncOnce(env, school, sheet[key]);
  }
  return { env, serviceAccount: sa.client_email, sheet };
}

/**
 * Cells written into one row of a request tab (本校确认 among them, to submit it), the school
 * synced, and the row as the school then sees it (header → cell).
 */
export async function submitRequest(
  env: Env,
  who: string,
  school: School,
  spreadsheetId: string,
  tab: string,
  row: number,
  cells: Record<string, Cell>,
): Promise<Record<string, string>> {
  await writeRow(who, spreadsheetId, tab, row, cells);
  await syncOnce(env, school, spreadsheetId);
  const [header = [], ...rows] = await tabValues(who, spreadsheetId, tab);
  const shown = rows[row - 2] ?? [];
  return Object.fromEntries(header.map((h, i) => [h, shown[i] ?? ""]));
}

/** Where a transfer stops: after 下达调动 and the 调出学校's consent, after 确认调出, or done. */
export type TransferStop = "release_review" | "archive_review" | "completed";

export interface TransferParties {
  /** Who ticks on both schools' sheets (the tests' admin stands in for each principal). */
  readonly admin: string;
  readonly receiving: { readonly school: School; readonly sheet: string };
  readonly sending: { readonly school: School; readonly sheet: string };
}

/**
 * A submitted transfer (`county_review`) taken through its steps, each by its party, until it
 * reaches `until`: 人事股's 下达调动, the 调出学校's principal's 本校确认 on the row the worker
 * wrote there, 人事股's 确认调出, the receiving school's 调档完成.
 */
export async function transferThrough(
  env: Env,
  parties: TransferParties,
  requestId: string,
  until: TransferStop,
): Promise<void> {
  const { admin, receiving, sending } = parties;
  await countyStep(env, requestId, "county_review");
  await syncOnce(env, sending.school, sending.sheet);
  const rows = await rowsOf(admin, sending.sheet, "调动申请");
  const at = rows.findIndex((row) => row.申请编号 === requestId) + 2;
  if (at < 2) throw new Error(`no row of ${requestId} on the sending school's 调动申请`);
  await writeRow(admin, sending.sheet, "调动申请", at, { 本校确认: true });
  await syncOnce(env, sending.school, sending.sheet);
  if (until === "release_review") return;
  await countyStep(env, requestId, "release_review");
  if (until === "archive_review") return;
  await tickArchived(env, admin, receiving.school, receiving.sheet, requestId);
}
