/**
 * The business-request steps as the people take them, through their own Google accounts: the
 * info admin types a request row, the principal ticks 本校确认, 人事股 picks 确认 on the step's row
 * of an approval tab, and a wait (bounded) that syncs until a step has landed. Shared by the demo
 * (scripts/demo.ts and its business-dates and rotation parts) and the real-stack tests, so both
 * play the roles the same way. How to sync is handed in: the demo reports quietly and waits out
 * Google's quota, a test syncs as it likes.
 */
import { columnLetters } from "../../src/core/sheets/a1";
import type { GoogleClients } from "../lib/emulator-clients";
import { readTab, typedRanges } from "../lib/school-sheet";

export interface RequestSteps {
  /** The info admin types a request row below the last one, data columns only. */
  typeRequest(
    user: GoogleClients,
    id: string,
    tab: string,
    row: Record<string, string>,
  ): Promise<void>;
  /** The principal ticks 本校确认 on the teacher's open request row, once it has its 申请编号. */
  confirmRequest(user: GoogleClients, id: string, tab: string, name: string): Promise<void>;
  /** 人事股 waits for the step's row in the approval tab and selects 确认. */
  decideRequest(
    user: GoogleClients,
    id: string,
    tab: string,
    name: string,
    step: string,
  ): Promise<{ id: string; teacherNumber: string }>;
  /** A tab's rows as objects by header. */
  requestRows(user: GoogleClients, id: string, tab: string): Promise<Record<string, string>[]>;
  /** The approval row of `requestId` shows the request completed. */
  waitApproved(user: GoogleClients, id: string, tab: string, requestId: string): Promise<void>;
  /** Syncs until `check` holds (bounded): a step that does not land fails. */
  waitUntil(what: string, check: () => Promise<boolean>): Promise<void>;
}

export interface StepOptions {
  /** One sync between two looks at the sheets. */
  readonly sync: () => Promise<void>;
  /** The pause before each sync. Default 1000 ms. */
  readonly pauseMs?: number;
  /** How many looks before giving up. Default 30. */
  readonly tries?: number;
}

export function requestSteps(options: StepOptions): RequestSteps {
  const { sync, pauseMs = 1_000, tries = 30 } = options;

  async function waitUntil(what: string, check: () => Promise<boolean>) {
    for (let i = 0; i < tries; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, pauseMs));
      await sync();
    }
    throw new Error(`等待「${what}」超时：这一步没有落地`);
  }

  async function requestRows(user: GoogleClients, id: string, tab: string) {
    const [headers = [], ...rows] = await readTab(user, id, tab);
    return rows.map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i] ?? ""])));
  }

  async function typeRequest(
    user: GoogleClients,
    id: string,
    tab: string,
    row: Record<string, string>,
  ) {
    const [headers = [], ...rows] = await readTab(user, id, tab);
    await user.sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        valueInputOption: "USER_ENTERED",
        data: typedRanges(tab, headers, rows.length + 2, [row]),
      },
    });
  }

  async function confirmRequest(user: GoogleClients, id: string, tab: string, name: string) {
    await waitUntil(`「${tab}」中 ${name} 的申请通过校验`, async () => {
      const [headers = [], ...rows] = await readTab(user, id, tab);
      const at = (h: string) => headers.indexOf(h);
      const n = rows.findIndex(
        (row) =>
          row[at("姓名")] === name &&
          (row[at("申请编号")] ?? "") !== "" &&
          row[at("本校确认")] !== "TRUE",
      );
      if (n < 0) return false;
      await user.sheets.spreadsheets.values.update({
        spreadsheetId: id,
        range: `'${tab}'!${columnLetters(at("本校确认"))}${n + 2}`,
        valueInputOption: "RAW",
        requestBody: { values: [[true]] },
      });
      return true;
    });
  }

  async function decideRequest(
    user: GoogleClients,
    id: string,
    tab: string,
    name: string,
    step: string,
  ) {
    let found: { id: string; teacherNumber: string } | undefined;
    await waitUntil(`「${tab}」出现 ${name} 的「${step}」`, async () => {
      const [headers = [], ...rows] = await readTab(user, id, tab);
      const at = (h: string) => headers.indexOf(h);
      const n = rows.findIndex(
        (row) => row[at("姓名")] === name && row[at("步骤")] === step && !row[at("决定")],
      );
      const row = rows[n];
      if (row === undefined) return false;
      await user.sheets.spreadsheets.values.update({
        spreadsheetId: id,
        range: `'${tab}'!${columnLetters(at("决定"))}${n + 2}`,
        valueInputOption: "RAW",
        requestBody: { values: [["确认"]] },
      });
      found = { id: row[at("申请编号")] ?? "", teacherNumber: row[at("教师编号")] ?? "" };
      return true;
    });
    if (found === undefined) throw new Error(`「${tab}」没有 ${name} 的「${step}」`);
    return found;
  }

  async function waitApproved(user: GoogleClients, id: string, tab: string, requestId: string) {
    await waitUntil(`「${tab}」中申请 ${requestId} 办结`, async () =>
      (await requestRows(user, id, tab)).some(
        (row) => row.申请编号 === requestId && row.办理状态 === "已确认，已完成",
      ),
    );
  }

  return { typeRequest, confirmRequest, decideRequest, requestRows, waitApproved, waitUntil };
}
