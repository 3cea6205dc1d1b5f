import { columnLetters } from "../../src/core/sheets/a1";
import type { GoogleClients } from "../lib/emulator-clients";
import { readTab } from "../lib/school-sheet";
import type { RequestSteps } from "./requests";

/**
 * The demo's part of issue 18's dates and 调档 (docs/business-modules.md "Dates", "调档"): the
 * receiving school's principal ticking 调档完成 after 人事股's 确认调出, and a retirement dated a
 * month ahead that waits, approved, with the teacher on the roster, until the worker's cron runs
 * on its date. The cron is the worker's real scheduled handler, run by miniflare with its clock
 * set to that date (`/cdn-cgi/handler/scheduled?time=`, as `npm start`'s cron runs it).
 */

/**
 * The demo's own helpers (scripts/demo.ts): the request steps (requests.ts) and its sync, handed
 * in so both play the same roles the same way.
 */
export interface DemoTools extends RequestSteps {
  readonly workerUrl: string;
  readonly syncNow: (report?: boolean) => Promise<void>;
}

/** The Beijing day `days` from now: the worker dates every business request on it. */
export function beijingDayAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The receiving school's principal ticks 调档完成 on the transfer's row once it reads
 * 待调入学校调档 (人事股 confirmed the release): only then is the transfer completed.
 */
export async function tickArchived(
  tools: DemoTools,
  principal: GoogleClients,
  spreadsheetId: string,
  name: string,
): Promise<void> {
  await tools.waitUntil(`「调动申请」中 ${name} 的申请等待调档`, async () => {
    const [headers = [], ...rows] = await readTab(principal, spreadsheetId, "调动申请");
    const at = (h: string) => headers.indexOf(h);
    const n = rows.findIndex(
      (row) => row[at("姓名")] === name && row[at("办理状态")] === "待调入学校调档",
    );
    if (n < 0) return false;
    await principal.sheets.spreadsheets.values.update({
      spreadsheetId,
      range: `'调动申请'!${columnLetters(at("调档完成"))}${n + 2}`,
      valueInputOption: "RAW",
      requestBody: { values: [[true]] },
    });
    return true;
  });
}

/** Runs the worker's cron once with its clock at noon (Beijing) of `day`. */
export async function cronOn(workerUrl: string, day: string): Promise<void> {
  const time = Date.parse(`${day}T12:00:00+08:00`);
  const res = await fetch(
    `${workerUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}&time=${time}`,
  );
  const text = await res.text();
  if (!res.ok) throw new Error(`定时任务运行失败：HTTP ${res.status} ${text}`);
}

export interface DatedRetirement {
  readonly tools: DemoTools;
  readonly school: { readonly name: string };
  readonly sheet: string;
  readonly recheck: string;
  readonly entry: GoogleClients;
  readonly head: GoogleClients;
  readonly personnel: GoogleClients;
  readonly teacher: { readonly name: string; readonly idNumber: string };
}

/**
 * A retirement dated a month ahead: approved by 人事股 it reads 已批准待生效 with its date, the
 * teacher stays in 基本信息; the cron on that date completes it and the row leaves the roster.
 */
export async function datedRetirementDemo(demo: DatedRetirement): Promise<void> {
  const { tools, school, sheet, head, teacher } = demo;
  const day = beijingDayAhead(30);
  console.log(`  —— 提前报告的退休：${school.name} ${teacher.name}，变动日期 ${day}（一个月后）——`);
  await tools.typeRequest(demo.entry, sheet, "在职情况变动", {
    姓名: teacher.name,
    身份证件号: `'${teacher.idNumber}`,
    变动类型: "退休",
    变动日期: day,
    变动原因: "到龄退休（提前报告）",
  });
  await tools.syncNow();
  await tools.confirmRequest(head, sheet, "在职情况变动", teacher.name);
  await tools.syncNow();
  const approved = await tools.decideRequest(
    demo.personnel,
    demo.recheck,
    "在职情况变动审批",
    teacher.name,
    "审批",
  );
  console.log(
    `  ① 校长勾选「本校确认」，人事股在「在职情况变动审批」对申请 ${approved.id} 选择「确认」`,
  );
  await tools.syncNow();
  let shown: Record<string, string> | undefined;
  await tools.waitUntil(`${teacher.name} 的退休显示已批准待生效`, async () => {
    shown = (await tools.requestRows(head, sheet, "在职情况变动")).find(
      (row) => row.申请编号 === approved.id && row.办理状态 === "已批准待生效",
    );
    return shown !== undefined;
  });
  const onRoster = (await tools.requestRows(head, sheet, "基本信息")).some(
    (row) => row.姓名 === teacher.name,
  );
  if (!onRoster) throw new Error(`${teacher.name} 的退休日期未到，却已移出「基本信息」`);
  console.log(
    `  ② 办理状态「已批准待生效」，校验结果：${shown?.校验结果 ?? ""}\n     ${teacher.name} 仍在「基本信息」中（日期未到，名册、登记库、汇总和学分台账都不变）`,
  );
  await cronOn(tools.workerUrl, day);
  console.log(`  ③ 到了 ${day}：Worker 的每日定时任务（模拟时钟为该日）办理到期的申请`);
  await tools.waitUntil(`${teacher.name} 的退休到期生效`, async () => {
    const rows = await tools.requestRows(head, sheet, "在职情况变动");
    const done = rows.some((row) => row.申请编号 === approved.id && row.办理状态 === "已完成");
    const roster = await tools.requestRows(head, sheet, "基本信息");
    return done && roster.every((row) => row.姓名 !== teacher.name);
  });
  console.log(`  ④ 已完成：${teacher.name} 于 ${day} 退休，行已移出本校表格，信息仍保存在登记库`);
}
