import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { REVIEW_STATE_LABELS, REVIEW_STATES, type ReviewState } from "../src/core/review/states";
import { columnLetters } from "../src/core/sheets/a1";
import { shippedTemplates } from "../src/core/templates/bundle";
import { parseSchoolsCsv, type School } from "../src/core/templates/index";
import { type DemoTools, datedRetirementDemo, tickArchived } from "./demo/business-dates";
import { creditConfirmStep } from "./demo/credits";
import { basicRow, contactRow, type DemoPerson, demoPeople } from "./demo/people";
import { csrfOf, formFields, PortalVisitor } from "./demo/portal";
import { demoCampaignSetup, describeCampaign, showProgress } from "./demo/progress";
import { requestSteps } from "./demo/requests";
import { rotationDemo } from "./demo/rotation";
import { workerFetch, workerJson } from "./demo/worker-api";
import { main as exportPackage } from "./export/cli";
import { clientsFor, type GoogleClients } from "./lib/emulator-clients";
import { readTab, tickAll, typeRows } from "./lib/school-sheet";
import { startStack } from "./lib/stack";
import { provision } from "./provision/provision";
import { alignedTable, fetchSummary, writeSummaryWorkbook } from "./report/report";

/**
 * `npm run demo`: the collection flow on the embedded default (emulator + wrangler dev), every
 * role played through the emulator with googleapis:
 *   county admin provisions three schools → info admins enter teachers (some rows wrong) → sync
 *   → info admins correct → sync → principals tick → sync → an info admin's tick is refused
 *   → … → a teacher signs in to the portal, sets a password and corrects a row, which the
 *   school's sync writes and the chain approves → … → a transfer, a retirement and a rotation,
 *   each from the school's request tab through 人事股's approval tab to completion → the county
 *   summary built, read by the personnel office, checked against the registry and exported to a
 *   local workbook.
 * Prints each step and each school's final state in Chinese, and exits 0.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const stateDir = path.join(ROOT, ".tmis/demo");
const DEMO_CODES = ["4306230002", "4306230005", "4306230003"];
/** The school a demo teacher transfers to: a primary school like the first demo school. */
const RECEIVING_CODE = "4306230007";
const TEACHERS_PER_SCHOOL = 11;

const step = (n: number, text: string) => console.log(`\n【第 ${n} 步】${text}`);
/** A campaign around today: under county.json's 2017 dates every school would be 逾期. */
const DEMO = demoCampaignSetup();
/** The people's request steps (scripts/demo/requests.ts), syncing quietly while a step lands. */
const steps = requestSteps({ sync: () => syncNow(false) });
const { typeRequest, confirmRequest, decideRequest, requestRows, waitApproved, waitUntil } = steps;

await rm(stateDir, { recursive: true, force: true });
step(1, "启动本地 Google 表格模拟器和 Worker（wrangler dev，本地 D1 与队列）");
const stack = await startStack({ stateDir, workerVars: DEMO.workerVars });
console.log(`  模拟器：${stack.emulatorUrl}\n  Worker：${stack.workerUrl}`);
console.log(`  ${describeCampaign(DEMO.campaign)}`);

try {
  const schools = await demoSchools();
  step(
    2,
    `县教育局管理员建表：${schools.map((s) => s.name).join("、")}（每校一个信息采集表和一个仅系统管理员可看的教师账号表），以及县级复核表和汇总表`,
  );
  const admin = await clientsFor(stack.emulatorUrl, "admin@hrjy.example.cn");
  const made = await provision({
    clients: admin,
    schools,
    templates: shippedTemplates,
    county: DEMO.county,
    serviceAccount: stack.serviceAccountKey.client_email,
    onProgress: (done, i, total) => console.log(`  [${i}/${total}] ${done.name}`),
  });
  const sheetOf = new Map<string, string>();
  /** Each school's account spreadsheet (initial passwords, for its system admin only). */
  const accountsOf = new Map<string, string>();
  for (const item of made) {
    if (!item.outcome.ok) throw new Error(`${item.name}：${item.outcome.error}`);
    if (item.school)
      (item.kind === "accounts" ? accountsOf : sheetOf).set(
        item.school.code,
        item.outcome.spreadsheetId,
      );
  }

  step(3, "各校信息管理员录入教师的基本信息和联系方式（故意录错几处）");
  const people = new Map<string, DemoPerson[]>();
  for (const [i, school] of schools.entries()) {
    const list = demoPeople(TEACHERS_PER_SCHOOL, 2017 + i);
    people.set(school.code, list);
    const entry = await clientsFor(stack.emulatorUrl, school.infoAdmins[0] ?? "");
    const id = sheetOf.get(school.code) ?? "";
    const basic = list.map((p) => basicRow(p, school.category));
    const contact = list.map(contactRow);
    plantMistakes(basic, contact);
    await typeRows(entry, id, "基本信息", basic);
    await typeRows(entry, id, "联系方式", contact);
    console.log(`  ${school.name}：${list.length} 人，${list.length * 2} 行`);
  }

  step(4, "同步：Worker 校验每一行，写回审核状态、校验结果、记录编号和教师编号");
  await syncNow();
  for (const school of schools) await showProblems(admin, school, sheetOf.get(school.code) ?? "");
  for (const school of schools) await showAccounts(school, accountsOf.get(school.code) ?? "");

  step(5, "信息管理员按校验结果改正后再同步");
  for (const school of schools) {
    const entry = await clientsFor(stack.emulatorUrl, school.infoAdmins[0] ?? "");
    const list = people.get(school.code) ?? [];
    await typeRows(
      entry,
      sheetOf.get(school.code) ?? "",
      "基本信息",
      list.map((p) => basicRow(p, school.category)),
    );
    await typeRows(entry, sheetOf.get(school.code) ?? "", "联系方式", list.map(contactRow));
  }
  await syncNow();
  for (const school of schools) await showProblems(admin, school, sheetOf.get(school.code) ?? "");

  step(6, "校长核对原件后勾选「校长审核」；信息管理员试图代勾被拒绝");
  for (const school of schools) {
    const id = sheetOf.get(school.code) ?? "";
    const principal = await clientsFor(stack.emulatorUrl, school.principals[0] ?? "");
    await tickAll(principal, id, "基本信息");
    await tickAll(principal, id, "联系方式");
  }
  const first = schools[0] as School;
  const infoAdmin = await clientsFor(stack.emulatorUrl, first.infoAdmins[0] ?? "");
  try {
    await tickAll(infoAdmin, sheetOf.get(first.code) ?? "", "联系方式");
    throw new Error("信息管理员竟然能勾选校长审核");
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code !== 403) throw error;
    console.log(`  ${first.name} 的信息管理员勾选「校长审核」：被表格保护拒绝（HTTP 403）`);
  }
  await syncNow();

  const recheckId = made.find((item) => item.kind === "recheck");
  if (!recheckId?.outcome.ok) throw new Error("县级复核表未建成");
  const recheck = recheckId.outcome.spreadsheetId;

  step(7, "县级复核：校长审核通过的记录已复制到县级复核表，人事股复核");
  const office = await clientsFor(stack.emulatorUrl, "renshi@hrjy.example.cn");
  const queued = await waitForRows(office, recheck, "基本信息", 3 * TEACHERS_PER_SCHOOL);
  const [header = [], ...copied] = await readTab(office, recheck, "基本信息");
  const idColumn = header.indexOf("身份证件号");
  if (!copied.every((row) => /^参考码[0-9A-F]{8}$/.test(String(row[idColumn] ?? ""))))
    throw new Error("县级复核表中的身份证件号没有换成参考码");
  console.log(
    `  复核表「基本信息」已有 ${queued} 行待复核（身份证件号只显示参考码，不露任何一位数字）`,
  );
  const returned = await decideAll(office, recheck, "基本信息", "出生日期与户口簿不符，请核对");
  await decideAll(office, recheck, "联系方式");
  console.log(`  人事股：「基本信息」「联系方式」复核通过，退回 1 行（${returned.name}）`);
  await syncNow();
  await waitForStatus(admin, sheetOf.get(returned.schoolCode) ?? "", "基本信息", "已退回");

  step(8, "已生效的信息再修改：走变更审批，由领导小组办公室批准");
  const second = schools[1] as School;
  const secondSheet = sheetOf.get(second.code) ?? "";
  const changed = people.get(second.code)?.[0];
  if (!changed) throw new Error("没有可修改的教师");
  const edit = await clientsFor(stack.emulatorUrl, second.infoAdmins[0] ?? "");
  await typeRows(edit, secondSheet, "联系方式", [
    { ...contactRow(changed), 移动电话: "13907301234" },
  ]);
  await syncNow();
  const principal = await clientsFor(stack.emulatorUrl, second.principals[0] ?? "");
  await tickAll(principal, secondSheet, "联系方式", "已修改需重新审核");
  await syncNow();
  const leadership = await clientsFor(stack.emulatorUrl, "lingdao@hrjy.example.cn");
  await waitForRows(leadership, recheck, "变更审批", 1);
  await decideAll(leadership, recheck, "变更审批");
  console.log(`  ${second.name} ${changed.name} 的移动电话变更：领导小组办公室已批准`);
  await syncNow();

  step(
    9,
    "教师自助：教师用手机登录，改密码，提交联系方式的更正，经学校同步、校长审核、县里审批后生效",
  );
  await portalStep(
    schools[2] as School,
    people.get((schools[2] as School).code)?.[3],
    sheetOf.get((schools[2] as School).code) ?? "",
    accountsOf.get((schools[2] as School).code) ?? "",
    recheck,
  );

  step(10, "培训学分：录入国内培训，校长审核，教师进修学校确认，学分台账按县里的规则算出谁达标");
  await creditsStep(schools[0] as School, sheetOf.get((schools[0] as School).code) ?? "", recheck);
  await creditConfirmStep({
    ...stack,
    school: schools[0] as School,
    sheet: sheetOf.get((schools[0] as School).code) ?? "",
    recheck,
    syncNow,
  });

  step(
    11,
    "业务管理：调动、退休、交流轮岗——学校在申请标签页发起、校长勾选「本校确认」，人事股在县级复核表的审批标签页决定",
  );
  await businessStep(
    admin,
    schools,
    sheetOf,
    people,
    recheck,
    new Set([returned.name, changed.name]),
  );

  step(12, "各校最终状态（审核状态列的统计）");
  for (const school of schools) await showStates(admin, school, sheetOf.get(school.code) ?? "");

  step(
    13,
    "县级汇总：Worker 生成汇总表（总览、进度、统计、学分、学分台账），人事股查看总览，并导出本地工作簿",
  );
  const summarySheet = made.find((item) => item.kind === "summary");
  if (!summarySheet?.outcome.ok) throw new Error("汇总表未建成");
  const built = await adminApi<{ status: string; schools: number; overdue: number }>(
    "POST",
    "/api/summary/build",
  );
  if (built.status !== "built") throw new Error(`汇总表没有生成：${built.status}`);
  const tabs = await office.sheets.spreadsheets.get({
    spreadsheetId: summarySheet.outcome.spreadsheetId,
    fields: "sheets(properties(title),charts(chartId))",
  });
  const described = (tabs.data.sheets ?? []).map((sheet) => {
    const charts = sheet.charts?.length ?? 0;
    return `${sheet.properties?.title}${charts > 0 ? `（${charts} 个图表）` : ""}`;
  });
  console.log(
    `  汇总表已生成（${built.schools} 所学校，逾期 ${built.overdue} 所）：${described.join("、")}`,
  );
  await showProgress(office, summarySheet.outcome.spreadsheetId);
  const credits = await readTab(office, summarySheet.outcome.spreadsheetId, "学分");
  console.log("  汇总表「学分」（各校学分达标情况）：");
  console.log(alignedTable(credits).replace(/^/gm, "    "));
  const [ledgerHeaders = [], ...ledgerRows] = await readTab(
    office,
    summarySheet.outcome.spreadsheetId,
    "业务台账",
  );
  const shownColumns = ["申请编号", "类型", "姓名", "学校", "对方学校", "办理状态"].map((h) =>
    ledgerHeaders.indexOf(h),
  );
  const done = ledgerRows.filter((row) => row[ledgerHeaders.indexOf("办理状态")] === "已完成");
  if (done.length < 3) throw new Error("汇总表「业务台账」没有列出已完成的调动、退休和交流轮岗");
  console.log("  汇总表「业务台账」（每个申请一行，每一步的办理人、时间和决定在「办理过程」列）：");
  console.log(
    alignedTable(
      [ledgerHeaders, ...ledgerRows].map((row) => shownColumns.map((i) => row[i] ?? "")),
    ).replace(/^/gm, "    "),
  );
  const overview = await readTab(office, summarySheet.outcome.spreadsheetId, "总览");
  await checkAgainstRegistry(overview);
  console.log("  人事股看到的「总览」（各状态条数与 GET /api/schools 一致）：");
  console.log(alignedTable(overview).replace(/^/gm, "    "));
  const report = await fetchSummary(stack.workerUrl, stack.adminToken);
  const workbook = path.join(stateDir, "华容县教师信息汇总.xlsx");
  await writeSummaryWorkbook(report.tabs, workbook);
  console.log(
    `  已导出本地工作簿（${report.tabs.map((tab) => tab.title).join("、")}）：${workbook}`,
  );
  step(
    14,
    "导入包和电子档案：导出全国教师管理信息系统的导入包（每校一个工作簿、全县一个），保存调动办结教师的电子档案",
  );
  const packageDir = path.join(stateDir, "导入包");
  const exported = await exportPackage([
    "--out",
    packageDir,
    "--endpoint",
    stack.workerUrl,
    "--token",
    stack.adminToken,
  ]);
  if (exported !== 0) throw new Error("导入包没有写出");
  const archiveColumn = ledgerHeaders.indexOf("电子档案");
  const archivePath = done.map((row) => row[archiveColumn] ?? "").find((cell) => cell !== "");
  if (archivePath === undefined) throw new Error("业务台账没有给出调动办结教师的电子档案地址");
  const archive = await workerFetch(stack, "GET", archivePath);
  if (!archive.ok) throw new Error(`电子档案打不开：HTTP ${archive.status}`);
  const archiveFile = path.join(stateDir, `电子档案-${archivePath.split("/").at(-1)}.html`);
  await writeFile(archiveFile, await archive.text());
  console.log(
    `  业务台账「电子档案」列给出的地址（调入学校调档用，县级存档本，凭管理令牌打开）：${archivePath}`,
  );
  console.log(`  已保存，用浏览器打开后打印（A4）：${archiveFile}`);
  console.log("  导入包和县级存档本含完整身份证件号；每次下载已记入导出日志（GET /api/exports）");
  console.log("\n演示完成。");
} finally {
  await stack.stop();
}

/**
 * Three cases in one school, judged for this year: a teacher short of the year's credits, one on
 * track, and a teacher who started work this year (新任教师) with the induction credits to earn.
 * The first two are effective already, so their rows take effect on the principal's tick; the
 * new teacher's rows go to the county: 人事股 confirms 基本信息, 教师进修学校 the 国内培训 row.
 */
async function creditsStep(school: School, id: string, recheck: string) {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString();
  const year = today.slice(0, 4);
  const list = demoPeople(TEACHERS_PER_SCHOOL + 1, 2017);
  const [short, onTrack, fresh] = [list[2], list[3], list[TEACHERS_PER_SCHOOL]];
  if (!short || !onTrack || !fresh) throw new Error("没有足够的演示教师");
  const entry = await clientsFor(stack.emulatorUrl, school.infoAdmins[0] ?? "");
  const started = today.slice(0, 7);
  const freshBasic = {
    ...basicRow(fresh, school.category),
    参加工作年月: started,
    进本校年月: started,
  };
  const all = [...list.slice(0, TEACHERS_PER_SCHOOL), fresh];
  await typeRows(entry, id, "基本信息", [
    ...all.slice(0, -1).map((p) => basicRow(p, school.category)),
    freshBasic,
  ]);
  await typeRows(entry, id, "联系方式", all.map(contactRow));
  const training = (p: DemoPerson, project: string, hours: number, credits: number) => ({
    姓名: p.name,
    身份证件号: `'${p.idNumber}`,
    培训年度: year,
    培训类别: "校本研修",
    培训项目名称: project,
    培训机构名称: "华容县教师进修学校",
    培训方式: "集中面授",
    培训获得学时: String(hours),
    培训获得学分: String(credits),
  });
  await typeRows(entry, id, "国内培训", [
    training(short, "师德师风专题培训", 20, 20),
    training(onTrack, "国培计划送教下乡", 80, 80),
    training(fresh, "新任教师岗前培训", 60, 60),
  ]);
  await syncNow();
  const principal = await clientsFor(stack.emulatorUrl, school.principals[0] ?? "");
  for (const tab of ["基本信息", "联系方式", "国内培训"]) await tickAll(principal, id, tab);
  await syncNow();
  const personnel = await clientsFor(stack.emulatorUrl, "renshi@hrjy.example.cn");
  const jinxiu = await clientsFor(stack.emulatorUrl, "jinxiu@hrjy.example.cn");
  await waitForRows(jinxiu, recheck, "国内培训", 1);
  await waitForRows(personnel, recheck, "基本信息", 3 * TEACHERS_PER_SCHOOL + 1);
  await decideAll(personnel, recheck, "基本信息");
  await decideAll(personnel, recheck, "联系方式");
  await decideAll(jinxiu, recheck, "国内培训");
  console.log(`  教师进修学校确认了新任教师 ${fresh.name} 的「国内培训」，人事股确认了其基本信息`);
  await syncNow();
  const written = await adminApi<{ written: number }>("POST", "/api/credits/build");
  console.log(`  学分台账已更新：${written.written} 所学校的「学分台账」有变化并已写入`);
  const ledger = await readTab(principal, id, "学分台账");
  const shown = ledger.filter(
    (row, i) => i === 0 || [short, onTrack, fresh].some((p) => p.name === row[1]),
  );
  console.log(`  ${school.name}「学分台账」（${year} 年度；只读，学校看到的样子）：`);
  console.log(alignedTable(shown).replace(/^/gm, "    "));
}

/**
 * The three business flows, every step played by the person who takes it, each checked to land
 * before the next: a transfer from the first demo school to a primary school provisioned here
 * (same category, so every record fits its tabs; two county steps and the sending school's
 * consent), a retirement (902 退休) at the first school, and a rotation from the first school to
 * the third. Teachers already effective at the first school are used.
 */
async function businessStep(
  admin: GoogleClients,
  schools: readonly School[],
  sheetOf: ReadonlyMap<string, string>,
  people: ReadonlyMap<string, DemoPerson[]>,
  recheck: string,
  busy: ReadonlySet<string>,
) {
  const [from, , partner] = schools;
  const [to] = await csvSchools([RECEIVING_CODE]);
  if (!from || !to || !partner) throw new Error("演示业务管理需要三所学校");
  const [mover, retiree, rotator, planner] = (people.get(from.code) ?? [])
    .slice(4)
    .filter((p) => !busy.has(p.name));
  if (!mover || !retiree || !rotator || !planner)
    throw new Error("没有足够的已生效教师演示业务管理");
  const made = await provision({
    clients: admin,
    schools: [to],
    templates: shippedTemplates,
    county: DEMO.county,
    serviceAccount: stack.serviceAccountKey.client_email,
  });
  const toMade = made.find((item) => item.kind === "school");
  if (!toMade?.outcome.ok) throw new Error(`${to.name} 未建成`);
  console.log(`  县教育局管理员为 ${to.name}（与 ${from.name} 同为中小学）建表，作为调入学校`);
  await syncNow();
  const fromSheet = sheetOf.get(from.code) ?? "";
  const toSheet = toMade.outcome.spreadsheetId;
  const personnel = await clientsFor(stack.emulatorUrl, "renshi@hrjy.example.cn");
  const fromEntry = await clientsFor(stack.emulatorUrl, from.infoAdmins[0] ?? "");
  const fromHead = await clientsFor(stack.emulatorUrl, from.principals[0] ?? "");
  const toEntry = await clientsFor(stack.emulatorUrl, to.infoAdmins[0] ?? "");
  const toHead = await clientsFor(stack.emulatorUrl, to.principals[0] ?? "");

  console.log(`  —— 教师调动：${mover.name} 从 ${from.name} 调入 ${to.name} ——`);
  await typeRequest(toEntry, toSheet, "调动申请", {
    姓名: mover.name,
    身份证件号: `'${mover.idNumber}`,
    调动方向: "调入",
    对方学校代码: `'${from.code}`,
    调动日期: "2017-09-01",
    调动原因: "夫妻两地分居，申请调入",
  });
  console.log(`  ① ${to.name}（调入学校）信息管理员在「调动申请」录入申请`);
  await syncNow();
  await confirmRequest(toHead, toSheet, "调动申请", mover.name);
  console.log("  ② 调入学校校长勾选「本校确认」，申请提交人事股");
  await syncNow();
  const issue = await decideRequest(personnel, recheck, "调动审批", mover.name, "下达调动");
  console.log(`  ③ 人事股在「调动审批」对申请 ${issue.id}（下达调动）选择「确认」`);
  await syncNow();
  await waitUntil(`${from.name}「调动申请」出现待调出学校确认的申请`, async () =>
    (await requestRows(fromHead, fromSheet, "调动申请")).some(
      (row) => row.姓名 === mover.name && row.申请编号 === issue.id,
    ),
  );
  await confirmRequest(fromHead, fromSheet, "调动申请", mover.name);
  console.log(`  ④ ${from.name}（调出学校）的「调动申请」出现该申请，校长勾选「本校确认」同意调出`);
  await syncNow();
  const release = await decideRequest(personnel, recheck, "调动审批", mover.name, "确认调出");
  console.log(`  ⑤ 人事股在「调动审批」对申请 ${release.id}（确认调出）选择「确认」`);
  await syncNow();
  await tickArchived(demoTools(), toHead, toSheet, mover.name);
  console.log(
    `  ⑥ 两校的申请行显示「待调入学校调档」（调档前教师仍属 ${from.name}）；${to.name} 接收档案后，校长勾选「调档完成」`,
  );
  await syncNow();
  await waitUntil(`${mover.name} 的信息从 ${from.name} 转入 ${to.name}`, async () => {
    const left = await requestRows(fromHead, fromSheet, "基本信息");
    const arrived = await requestRows(toHead, toSheet, "基本信息");
    return !left.some((r) => r.姓名 === mover.name) && arrived.some((r) => r.姓名 === mover.name);
  });
  const { teacher } = await adminApi<{ teacher: { schoolCode: string } }>(
    "GET",
    `/api/teachers/${issue.teacherNumber}`,
  );
  if (teacher.schoolCode !== to.code)
    throw new Error(`调动后 GET /api/teachers 显示的学校是 ${teacher.schoolCode}，不是 ${to.code}`);
  console.log(
    `  ⑦ 调动完成：${mover.name}（教师编号 ${issue.teacherNumber} 不变）的记录已从 ${from.name} 的表格移到 ${to.name}；GET /api/teachers/${issue.teacherNumber} 显示学校 ${to.code}`,
  );

  console.log(`  —— 退休：${from.name} ${retiree.name} ——`);
  await typeRequest(fromEntry, fromSheet, "在职情况变动", {
    姓名: retiree.name,
    身份证件号: `'${retiree.idNumber}`,
    变动类型: "退休",
    变动日期: "2017-03-01",
    变动原因: "到龄退休",
  });
  await syncNow();
  await confirmRequest(fromHead, fromSheet, "在职情况变动", retiree.name);
  console.log("  ① 信息管理员在「在职情况变动」报告退休（变动类型：退休），校长勾选「本校确认」");
  await syncNow();
  const retired = await decideRequest(personnel, recheck, "在职情况变动审批", retiree.name, "审批");
  console.log(`  ② 人事股在「在职情况变动审批」对申请 ${retired.id} 选择「确认」`);
  await syncNow();
  await waitApproved(personnel, recheck, "在职情况变动审批", retired.id);
  await waitUntil(`${retiree.name} 退休后不再列入 ${from.name} 的「基本信息」`, async () =>
    (await requestRows(fromHead, fromSheet, "基本信息")).every((row) => row.姓名 !== retiree.name),
  );
  const kept = await adminApi<{ teacher: { records: unknown[] } }>(
    "GET",
    `/api/teachers/${retired.teacherNumber}`,
  );
  console.log(
    `  ③ 已完成：${retiree.name} 退休，行已移出本校表格、不再计入在岗人数；登记库仍保留其 ${kept.teacher.records.length} 条记录（GET /api/teachers/${retired.teacherNumber}）`,
  );

  await rotationDemo(
    {
      ...steps,
      clientsFor: (account) => clientsFor(stack.emulatorUrl, account),
      syncNow: () => syncNow(),
    },
    {
      from,
      fromSheet,
      partner,
      partnerSheet: sheetOf.get(partner.code) ?? "",
      rotator,
      recheck,
    },
  );

  await datedRetirementDemo({
    tools: demoTools(),
    school: from,
    sheet: fromSheet,
    recheck,
    entry: fromEntry,
    head: fromHead,
    personnel,
    teacher: planner,
  });
}

/**
 * The demo's helpers, for the business-dates part (scripts/demo/business-dates.ts); a function,
 * since the script's steps run before a module-level constant down here would be initialised.
 */
function demoTools(): DemoTools {
  return { ...steps, workerUrl: stack.workerUrl, syncNow };
}

async function demoSchools(): Promise<School[]> {
  return csvSchools(DEMO_CODES);
}

/** Schools of the example schools CSV, by code. */
async function csvSchools(codes: readonly string[]): Promise<School[]> {
  const csv = await readFile(
    path.join(ROOT, "sheet-templates/examples/huarong-schools.csv"),
    "utf8",
  );
  const parsed = parseSchoolsCsv(csv, shippedTemplates.codeTables);
  if (!parsed.ok) throw new Error("示例学校名单无效");
  return codes.map((code) => {
    const school = parsed.value.find((s) => s.code === code);
    if (!school) throw new Error(`示例学校名单中没有 ${code}`);
    return school;
  });
}

/** The mistakes school staff make most: a mistyped ID, a wrong 性别, a short phone number. */
function plantMistakes(basic: Record<string, string>[], contact: Record<string, string>[]) {
  const [a, b] = basic;
  const [, , c] = contact;
  if (a) a.身份证件号 = `${a.身份证件号?.slice(0, 18)}${a.身份证件号?.endsWith("1") ? "2" : "1"}`;
  if (b) b.性别 = b.性别 === "男" ? "女" : "男";
  if (c) c.移动电话 = "1390730";
}

/** The county sheet fills from a queue: wait (bounded) until the tab has `count` data rows. */
async function waitForRows(user: GoogleClients, id: string, tab: string, count: number) {
  for (let i = 0; i < 60; i++) {
    const rows = (await readTab(user, id, tab)).length - 1;
    if (rows >= count) return rows;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`等待「${tab}」出现 ${count} 行超时`);
}

async function waitForStatus(user: GoogleClients, id: string, tab: string, status: string) {
  for (let i = 0; i < 30; i++) {
    const [headers = [], ...rows] = await readTab(user, id, tab);
    if (rows.some((row) => row[headers.indexOf("审核状态")] === status)) return;
    await syncNow();
  }
  throw new Error(`等待「${tab}」出现「${status}」超时`);
}

/**
 * An office decides every undecided row of a county tab: approves all, or, with `reason`,
 * returns the first row with it. Returns the name on the returned row.
 */
async function decideAll(user: GoogleClients, id: string, tab: string, reason?: string) {
  const [headers = [], ...rows] = await readTab(user, id, tab);
  const change = tab === "变更审批";
  const at = (h: string) => headers.indexOf(h);
  const [accept, reject, why] = change
    ? ["批准", "驳回", "驳回原因"]
    : ["复核通过", "退回", "退回原因"];
  const open = rows
    .map((row, i) => ({ row, n: i + 2 }))
    .filter(({ row }) => !row[at(accept)] || row[at(accept)] === "FALSE")
    // A row already returned is decided: it waits for the school, not for the office.
    .filter(({ row }) => row[at(reject)] !== "TRUE");
  const data = open.map(({ n }, i) => {
    const returning = reason !== undefined && i === 0;
    const cells = returning ? [false, true, reason] : [true, false, ""];
    return {
      range: `'${tab}'!${columnLetters(at(accept))}${n}:${columnLetters(at(why))}${n}`,
      values: [cells],
    };
  });
  if (headers.indexOf(reject) !== at(accept) + 1 || at(why) !== at(accept) + 2) {
    throw new Error(`「${tab}」的决定列顺序不是 ${accept}/${reject}/${why}`);
  }
  if (data.length > 0) {
    await user.sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: { valueInputOption: "RAW", data },
    });
  }
  return { name: open[0]?.row[at("姓名")] ?? "", schoolCode: open[0]?.row[at("学校代码")] ?? "" };
}

async function adminApi<T>(method: string, route: string): Promise<T> {
  return workerJson<T>(stack, method, route);
}

/** The summary's per-school, per-state counts must be the registry's, as the API reports them. */
async function checkAgainstRegistry(overview: readonly string[][]) {
  const { schools } = await adminApi<{
    schools: { code: string; totals: Record<ReviewState, number> }[];
  }>("GET", "/api/schools");
  const [headers = [], , ...rows] = overview;
  const problems: string[] = [];
  if (rows.length !== schools.length)
    problems.push(`总览有 ${rows.length} 所学校，GET /api/schools 有 ${schools.length} 所`);
  for (const school of schools) {
    const row = rows.find((cells) => cells[0] === school.code);
    if (!row) {
      problems.push(`总览缺少学校 ${school.code}`);
      continue;
    }
    for (const state of REVIEW_STATES) {
      const shown = Number(row[headers.indexOf(REVIEW_STATE_LABELS[state])] ?? 0);
      if (shown !== school.totals[state])
        problems.push(
          `${school.code}「${REVIEW_STATE_LABELS[state]}」：总览 ${shown}，接口 ${school.totals[state]}`,
        );
    }
  }
  if (problems.length > 0) throw new Error(`汇总表与登记库不一致：\n${problems.join("\n")}`);
}

/**
 * One poll cycle now, inline. The demo plays in seconds what people do over hours, so the
 * worker's service account can exhaust Google's per-minute quota (60 reads per user, as the
 * emulator enforces): the worker then answers 503 with Retry-After, and the demo counts the wait
 * down (scripts/demo/worker-api.ts) and syncs again; what was done is not redone.
 */
async function syncNow(report = true) {
  const body = await workerJson<{ changed: number }>(stack, "POST", "/api/sync?wait=1");
  if (report) console.log(`  Worker 发现 ${body.changed} 个表格有变化，已处理`);
}

async function showProblems(user: GoogleClients, school: School, id: string) {
  for (const tab of ["基本信息", "联系方式"]) {
    const [headers = [], ...rows] = await readTab(user, id, tab);
    const at = (h: string) => headers.indexOf(h);
    for (const [i, row] of rows.entries()) {
      if (row[at("审核状态")] === "待完善") {
        console.log(
          `  ${school.name}「${tab}」第${i + 2}行 ${row[at("姓名")]}：${row[at("校验结果")]}`,
        );
      }
    }
  }
}

/**
 * The school's system admin reads the new teachers' initial passwords in the account
 * spreadsheet; the school's viewer, trying the same, is refused. No password is printed.
 */
/**
 * 教师自助 end to end: the system admin reads the teacher's initial password in the account
 * spreadsheet and hands it over; the teacher signs in, must choose a password, and corrects
 * their effective 联系方式 row; the school's next sync writes it into the sheet (待审核, with the
 * teacher's note); the principal ticks it and the 领导小组办公室 approves the change.
 */
async function portalStep(
  school: School,
  person: DemoPerson | undefined,
  id: string,
  accountsId: string,
  recheck: string,
) {
  if (person === undefined) throw new Error("没有演示用的教师");
  const systemAdmin = await clientsFor(stack.emulatorUrl, school.systemAdmins[0] ?? "");
  const account = (await readTab(systemAdmin, accountsId, "账号")).find(
    (row) => row[1] === person.name,
  );
  const [number = "", , initial = ""] = account ?? [];
  if (initial === "") throw new Error(`「教师账号」表中没有 ${person.name} 的初始密码`);
  console.log(
    `  ${school.name}系统管理员在「教师账号」表中查到 ${person.name}（${number}）的初始密码，单独告知本人`,
  );
  const teacher = new PortalVisitor(stack.workerUrl);
  const signIn = await teacher.post("/portal/sign-in", [
    ["_csrf", csrfOf((await teacher.get("/portal/")).html)],
    ["teacherNumber", number],
    ["password", initial],
  ]);
  if (signIn.location !== "/portal/password")
    throw new Error(`首次登录没有要求改密码：HTTP ${signIn.status}`);
  const chosen = "Huarong2026demo";
  const changed = await teacher.post("/portal/password", [
    ["_csrf", csrfOf((await teacher.get("/portal/password")).html)],
    ["currentPassword", initial],
    ["newPassword", chosen],
    ["confirmPassword", chosen],
  ]);
  if (!changed.location.startsWith("/portal/me"))
    throw new Error(`改密码失败：HTTP ${changed.status}`);
  console.log(`  ${person.name} 在 ${stack.workerUrl}/portal/ 用初始密码登录，按要求设置了新密码`);
  const me = (await teacher.get("/portal/me")).html;
  const contact = me.slice(me.indexOf('data-testid="section-contact"'));
  const edit = /href="(\/portal\/records\/([^/"]+)\/edit)"/.exec(contact);
  if (edit === null) throw new Error("我的信息中「联系方式」没有可更正的记录");
  const form = (await teacher.get(edit[1] ?? "")).html;
  const mobile = "13907305678";
  const fields = formFields(form).map(([k, v]): [string, string] => [
    k,
    k === "mobile" ? mobile : v,
  ]);
  const sent = await teacher.post(`/portal/records/${edit[2]}`, [
    ["_csrf", csrfOf(form)],
    ...fields,
  ]);
  if (!sent.location.startsWith("/portal/me")) throw new Error(`提交更正失败：HTTP ${sent.status}`);
  console.log(
    `  ${person.name} 更正「联系方式」移动电话为 ${mobile}，已提交（等学校下一次同步写入表格）`,
  );
  await syncNow();
  const row = async () => {
    const [headers = [], ...rows] = await readTab(systemAdmin, id, "联系方式");
    const found = rows.find((r) => r[headers.indexOf("姓名")] === person.name) ?? [];
    return {
      mobile: found[headers.indexOf("移动电话")],
      status: found[headers.indexOf("审核状态")],
    };
  };
  const written = await row();
  if (written.mobile !== mobile || written.status !== "待审核")
    throw new Error(`同步后表格中是 ${written.mobile}（${written.status}），不是教师提交的更正`);
  console.log(
    `  学校同步把更正写入「联系方式」（一次写入，行上注明「教师本人于…通过自助系统提交」）：${written.status}`,
  );
  const blanked = (await readTab(systemAdmin, accountsId, "账号")).find((r) => r[0] === number);
  if ((blanked?.[2] ?? "") !== "") throw new Error("教师改密码后「教师账号」表仍显示初始密码");
  console.log(`  「教师账号」表中 ${person.name} 的初始密码已清除：${blanked?.[4] ?? ""}`);
  const principal = await clientsFor(stack.emulatorUrl, school.principals[0] ?? "");
  await tickAll(principal, id, "联系方式");
  await syncNow();
  const ticked = await row();
  if (ticked.status !== "变更待审批")
    throw new Error(`校长审核后是「${ticked.status}」，不是变更待审批`);
  console.log(
    `  校长核对后勾选「校长审核」：${ticked.status}（已生效信息的更正，送领导小组办公室审批）`,
  );
  const leadership = await clientsFor(stack.emulatorUrl, "lingdao@hrjy.example.cn");
  await waitForRows(leadership, recheck, "变更审批", 2);
  await decideAll(leadership, recheck, "变更审批");
  await syncNow();
  const approved = await row();
  if (approved.status !== "已生效" || approved.mobile !== mobile)
    throw new Error(`审批后是「${approved.status}」，移动电话 ${approved.mobile}`);
  console.log(`  领导小组办公室批准：${person.name} 的新移动电话 ${approved.mobile} 已生效`);
}

async function showAccounts(school: School, id: string) {
  const systemAdmin = await clientsFor(stack.emulatorUrl, school.systemAdmins[0] ?? "");
  const [, ...rows] = await readTab(systemAdmin, id, "账号");
  const shown = rows.filter((row) => (row[2] ?? "") !== "").length;
  const viewer = await clientsFor(
    stack.emulatorUrl,
    school.viewers[0] ?? school.principals[0] ?? "",
  );
  const refused = await readTab(viewer, id, "账号").then(
    () => "竟然能读取",
    (error: { code?: number }) => `被拒绝（HTTP ${error.code}）`,
  );
  if (!refused.startsWith("被拒绝")) throw new Error(`${school.name} 的信息查询员能读取初始密码`);
  console.log(
    `  ${school.name}：系统管理员在「${school.name} 教师账号」中看到 ${rows.length} 个教师编号、${shown} 个初始密码；信息查询员打开该表${refused}`,
  );
}

async function showStates(user: GoogleClients, school: School, id: string) {
  const counts = new Map<string, number>();
  for (const tab of ["基本信息", "联系方式"]) {
    const [headers = [], ...rows] = await readTab(user, id, tab);
    // Rows the worker cleared (a teacher transferred out or retired) are blank, not records.
    for (const row of rows.filter((cells) => cells.some((cell) => cell !== ""))) {
      const state = row[headers.indexOf("审核状态")] || "（空）";
      counts.set(state, (counts.get(state) ?? 0) + 1);
    }
  }
  const [headers = [], ...basic] = await readTab(user, id, "基本信息");
  const numbered = basic.filter((row) =>
    /^430623\d{6}$/.test(row[headers.indexOf("教师编号")] ?? ""),
  ).length;
  const states = [...counts].map(([state, n]) => `${state} ${n} 行`).join("，");
  console.log(`  ${school.name}（${school.code}）：${states}；已发教师编号 ${numbered} 人`);
}
