/** What the command prints: a progress line per spreadsheet and the closing table, in Chinese. */
import type { Change, ChangeKind, ExistingPermission } from "../../src/core/provision/index";
import { granteeName, roleName } from "../../src/core/sharing/audit";
import type { Templates } from "../../src/core/templates/index";
import type { Provisioned } from "./provision";
import type { Result } from "./spreadsheet";

const RESULT_TEXT: Readonly<Record<Result, string>> = {
  created: "新建",
  completed: "补齐",
  unchanged: "无变化",
};

const CHANGE_TEXT: Readonly<Record<ChangeKind, string>> = {
  retitle: "改表名",
  addTab: "新增标签页",
  deleteTab: "删除旧标签页",
  freeze: "设置冻结行列",
  moveColumn: "移动列到前面",
  addColumn: "新增列",
  setNote: "更新表头说明",
  setValidation: "补充下拉",
  setPlainText: "设为纯文本格式",
  protect: "新增保护",
  addEditors: "增加保护编辑者",
  openColumns: "开放可勾选的列",
  writeGuide: "更新说明",
  share: "共享",
  lowerShare: "降低权限",
  unshare: "取消共享",
  restoreTab: "恢复被改名的标签页",
  setAside: "移开冒名标签页",
  renameColumn: "列改名",
  markHeader: "标记必填表头",
  colourStates: "设置状态颜色",
};

const FAILED = "失败";

export function resultText(entry: Provisioned): string {
  return entry.outcome.ok ? RESULT_TEXT[entry.outcome.result] : FAILED;
}

/** 「新增列 2、共享 1」: how many changes of each kind, in a fixed order. */
export function summarizeChanges(changes: readonly Change[]): string {
  const counts = new Map<ChangeKind, number>();
  for (const change of changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  return (Object.keys(CHANGE_TEXT) as ChangeKind[])
    .filter((kind) => counts.has(kind))
    .map((kind) => `${CHANGE_TEXT[kind]} ${counts.get(kind)}`)
    .join("、");
}

/**
 * `[3/23] 华容县职业中专学校（4306230003）：补齐（新增列 1）`, then who lost or kept access, by
 * name: the county must be able to tell the people concerned.
 */
export function progressLine(entry: Provisioned, index: number, total: number): string {
  const who = entry.school ? `${entry.name}（${entry.school.code}）` : entry.name;
  const { outcome } = entry;
  const detail = !outcome.ok
    ? `：${outcome.error}`
    : outcome.result === "completed"
      ? `（${summarizeChanges(outcome.changes) || "更新文件属性"}）`
      : "";
  const line = `[${index}/${total}] ${who}：${resultText(entry)}${detail}`;
  return outcome.ok ? [line, ...accessLines(outcome.changes, outcome.kept)].join("\n") : line;
}

/** One indented line per kind: removed, lowered, and grants provisioning did not make. */
function accessLines(changes: readonly Change[], kept: readonly ExistingPermission[]): string[] {
  const named = (kind: ChangeKind, text: (change: Change) => string) =>
    changes.filter((c) => c.kind === kind).map(text);
  const lines: [string, string[]][] = [
    ["取消共享", named("unshare", (c) => `${c.target}（${roleName(c.detail ?? "")}）`)],
    [
      "降低权限",
      named(
        "lowerShare",
        (c) => `${c.target}（${roleName(c.from ?? "")}→${roleName(c.detail ?? "")}）`,
      ),
    ],
    [
      "未经建表授予（已保留，请人工核对）",
      kept.map((p) => `${granteeName(p)}（${roleName(p.role)}）`),
    ],
  ];
  return lines
    .filter(([, names]) => names.length > 0)
    .map(([label, names]) => `    ${label}：${names.join("、")}`);
}

const KIND_TEXT = { recheck: "县级复核", summary: "汇总" } as const;

export function resultTable(entries: readonly Provisioned[], templates: Templates): string {
  const rows = entries.map((entry) => [
    entry.school?.code ?? "—",
    entry.name,
    entry.kind === "accounts"
      ? "教师账号（仅系统管理员）"
      : entry.school
        ? templates.categories[entry.school.category].title
        : KIND_TEXT[entry.kind as keyof typeof KIND_TEXT],
    resultText(entry),
    entry.outcome.ok ? entry.outcome.url : "",
  ]);
  return table(["学校代码", "学校名称", "类别", "结果", "表格链接"], rows);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((_, c) =>
    Math.max(...[header, ...rows].map((row) => displayWidth(row[c] ?? ""))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => cell + " ".repeat((widths[c] ?? 0) - displayWidth(cell)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** Terminal columns: CJK characters and full-width forms take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
