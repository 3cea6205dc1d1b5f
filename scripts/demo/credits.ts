/**
 * The demo's 学分确认 step: 国内培训 rows added for teachers already effective took effect on the
 * principal's tick, but their credits wait for 教师进修学校 in the county sheet's 学分确认 tab.
 * 教师进修学校 (its own account, through the emulator) confirms one and returns the other with a
 * reason; the worker counts the first, and writes the reason into the school's row.
 */
import { CONFIRM_TITLE } from "../../src/core/credits/confirm";
import { columnLetters } from "../../src/core/sheets/a1";
import type { School } from "../../src/core/templates/index";
import { clientsFor } from "../lib/emulator-clients";
import { readTab } from "../lib/school-sheet";
import { alignedTable } from "../report/report";
import { workerJson } from "./worker-api";

export interface CreditConfirmDemo {
  readonly emulatorUrl: string;
  readonly workerUrl: string;
  readonly adminToken: string;
  readonly school: School;
  /** The school's spreadsheet and the county recheck spreadsheet. */
  readonly sheet: string;
  readonly recheck: string;
  readonly syncNow: () => Promise<void>;
}

const RETURN_REASON = "未附培训证书，学时无法核实，请补交证书复印件后重新报送";

export async function creditConfirmStep(demo: CreditConfirmDemo): Promise<void> {
  const jinxiu = await clientsFor(demo.emulatorUrl, "jinxiu@hrjy.example.cn");
  const pending = await pendingRows(jinxiu, demo.recheck, 2);
  const [headers, rows] = pending;
  const at = (h: string) => headers.indexOf(h);
  const shown = rows.map(({ row }) =>
    ["姓名", "培训项目名称", "培训获得学分", "办理状态"].map((h) => row[at(h)] ?? ""),
  );
  console.log(
    `  「${CONFIRM_TITLE}」里等待教师进修学校的学分（已生效教师新增的行，校长勾选即生效）：`,
  );
  console.log(
    alignedTable([["姓名", "培训项目", "学分", "办理状态"], ...shown]).replace(/^/gm, "    "),
  );
  const [confirmed, returned] = rows;
  if (confirmed === undefined || returned === undefined) throw new Error("学分确认的行不足两行");
  const cell = (n: number, header: string, value: string) => ({
    range: `'${CONFIRM_TITLE}'!${columnLetters(at(header))}${n}`,
    values: [[value]],
  });
  await jinxiu.sheets.spreadsheets.values.batchUpdate({
    spreadsheetId: demo.recheck,
    requestBody: {
      valueInputOption: "RAW",
      data: [
        cell(confirmed.n, "决定", "确认"),
        cell(returned.n, "决定", "退回"),
        cell(returned.n, "理由", RETURN_REASON),
      ],
    },
  });
  const name = (r: { row: string[] }) => r.row[at("姓名")] ?? "";
  console.log(
    `  教师进修学校确认了 ${name(confirmed)} 的学分，退回了 ${name(returned)} 的学分（理由：${RETURN_REASON}）`,
  );
  await demo.syncNow();

  const [, ...after] = await readTab(jinxiu, demo.recheck, CONFIRM_TITLE);
  for (const { n } of [confirmed, returned])
    console.log(
      `  「${CONFIRM_TITLE}」第 ${n} 行办理状态：${after[n - 2]?.[at("办理状态")] ?? ""}`,
    );
  const principal = await clientsFor(demo.emulatorUrl, demo.school.principals[0] ?? "");
  const [schoolHeaders = [], ...schoolRows] = await readTab(principal, demo.sheet, "国内培训");
  const back = schoolRows.find((row) => row[schoolHeaders.indexOf("姓名")] === name(returned));
  console.log(
    `  ${demo.school.name}「国内培训」中 ${name(returned)} 那一行的校验结果：${back?.[schoolHeaders.indexOf("校验结果")] ?? ""}`,
  );
  await workerJson(demo, "POST", "/api/credits/build");
  const ledger = await readTab(principal, demo.sheet, "学分台账");
  const lines = ledger.filter(
    (row, i) => i === 0 || [name(confirmed), name(returned)].includes(row[1] ?? ""),
  );
  console.log(`  ${demo.school.name}「学分台账」（确认的学分已计入，退回的单列为已退回学分）：`);
  console.log(alignedTable(lines).replace(/^/gm, "    "));
}

/** The header and the 学分确认 rows still waiting, once at least `count` are there. */
async function pendingRows(
  user: Awaited<ReturnType<typeof clientsFor>>,
  recheck: string,
  count: number,
): Promise<[string[], { row: string[]; n: number }[]]> {
  for (let i = 0; i < 60; i++) {
    const [headers = [], ...rows] = await readTab(user, recheck, CONFIRM_TITLE);
    const waiting = rows
      .map((row, index) => ({ row, n: index + 2 }))
      .filter(({ row }) => (row[headers.indexOf("办理状态")] ?? "").startsWith("待确认"));
    if (waiting.length >= count) return [headers, waiting];
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`等待「${CONFIRM_TITLE}」出现 ${count} 行超时`);
}
