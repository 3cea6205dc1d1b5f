import type { Provisioned } from "../provision/provision";
import { displayWidth } from "../provision/report";
import { practiceCounty, type Trainee } from "./county";
import { PEOPLE_PER_SCHOOL, SEEDED_MISTAKES } from "./seed";

/**
 * What the trainer hands out: per trainee, each role's account and the spreadsheets it opens
 * (with the links provisioning returned), the county offices' shared accounts, and the
 * exercises, each pointing at its chapter of the manual.
 */
const MANUAL = "docs/manual/操作手册.md";

export function traineeSheet(trainee: Trainee, made: readonly Provisioned[]): string {
  const { accounts, schools } = trainee;
  const names = schools.map((school) => school.name).join("、");
  const links = made.flatMap((item) =>
    item.outcome.ok && schools.some((school) => school.code === item.school?.code)
      ? [
          `    ${item.kind === "accounts" ? item.name : `${item.name} 信息采集表`}：${item.outcome.url}`,
        ]
      : [],
  );
  return [
    `【学员 ${trainee.number}】学校：${names}`,
    ...aligned([
      ["信息管理员", accounts.infoAdmin, "三校的信息采集表（录入、改正，发起调动等申请）"],
      ["校长", accounts.principal, "三校的信息采集表（勾选「校长审核」「本校确认」）"],
      ["系统管理员", accounts.systemAdmin, "三校的教师账号表（初始密码、重置密码）"],
      ["信息查询员", accounts.viewer, "三校的信息采集表（只能查看）"],
    ]),
    "  表格：",
    ...links,
  ].join("\n");
}

export function officeSheet(made: readonly Provisioned[]): string {
  const link = (kind: Provisioned["kind"]) => {
    const item = made.find((entry) => entry.kind === kind);
    return item?.outcome.ok ? `${item.name}：${item.outcome.url}` : "";
  };
  return [
    "【县级科室】全体学员共用（县级复核表全县只有一份，请按学校名称中的学员号找自己的行）",
    ...aligned(
      practiceCounty.offices.map((office) => [
        office.name,
        office.emails.join("、"),
        "县级复核表、汇总表",
      ]),
    ),
    `  ${link("recheck")}`,
    `  ${link("summary")}`,
  ].join("\n");
}

export function exerciseList(): string {
  const mistakes = SEEDED_MISTAKES.map((what, i) => `${"①②③④⑤⑥⑦⑧"[i]}${what}`).join("；");
  const steps = [
    `录入：用信息管理员账号打开自己的练习小学，在「基本信息」「联系方式」各录入一位新任教师。（${MANUAL}#录入）`,
    `改错：每校已录入 ${PEOPLE_PER_SCHOOL} 位教师，其中有这些常见错误：${mistakes}。看每行的「审核状态」「校验结果」，按提示改正，直到没有「待完善」。（${MANUAL}#校验结果）`,
    `校长审核：用校长账号勾选「待审核」行的「校长审核」；再用信息管理员账号试着勾选，看被拒绝的原因。（${MANUAL}#校长审核）`,
    `县级复核：用人事股账号在县级复核表中找到自己学校的行，复核通过一行、退回一行（写明原因）；教师进修学校复核「国内培训」。（${MANUAL}#县级复核）`,
    `变更：改一位已生效教师的移动电话，校长重新勾选，领导小组办公室在「变更审批」中批准。（${MANUAL}#变更）`,
    `调动：把一位已生效教师从自己的练习小学调到练习中学：中学在「调动申请」录入、校长勾选「本校确认」，人事股「下达调动」，小学校长确认，人事股「确认调出」。（${MANUAL}#调动）`,
  ];
  return ["练习题：", ...steps.map((step, i) => `  ${i + 1}. ${step}`)].join("\n");
}

/** Role, account and what it opens, in columns (a CJK character is two terminal columns). */
function aligned(rows: readonly (readonly [string, string, string])[]): string[] {
  const width = (c: 0 | 1) => Math.max(...rows.map((row) => displayWidth(row[c])));
  const pad = (text: string, c: 0 | 1) => text + " ".repeat(width(c) - displayWidth(text));
  return rows.map((row) => `  ${pad(row[0], 0)}  ${pad(row[1], 1)}  →  ${row[2]}`);
}
