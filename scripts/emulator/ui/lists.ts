import type { EmulatorContext } from "../context";
import type { Account } from "./accounts";
import { apiMessage, callAs } from "./api";
import { esc, htmlPage, NO_PASSWORD_NOTICE, type Page } from "./html";
import { accountsOf, type Who, whoBar } from "./who";

/** The two list pages: choose who you are, and the spreadsheets that account can open. */

export function chooserPage(ctx: EmulatorContext, next: string): Page {
  const groups = new Map<string, Account[]>();
  for (const account of accountsOf(ctx)) {
    groups.set(account.group, [...(groups.get(account.group) ?? []), account]);
  }
  const sections = [...groups].map(
    ([group, accounts]) =>
      `<section><h2>${esc(group)}</h2><div class="accounts">${accounts.map((a) => accountButton(a, next)).join("")}</div></section>`,
  );
  const empty =
    '<p data-testid="no-accounts">模拟器里还没有表格。请先运行 <code>npm run provision -- --endpoint 本机模拟器地址</code> 建好示例县的表格，再回到这里。</p>';
  return htmlPage(
    "选择身份",
    `<main class="box"><h1>本地表格：选择你的身份</h1>
<p class="warning" data-testid="no-password">${esc(NO_PASSWORD_NOTICE)}</p>
<p>下面是模拟器中各表格共享给的账号，按学校分组。选一个身份，就能像这个人在 Google 表格里一样查看和填写：受保护的列会拒绝修改，改动在下次同步时被系统读取。</p>
${sections.length > 0 ? sections.join("") : empty}</main>`,
  );
}

function accountButton(account: Account, next: string): string {
  return `<form method="post" action="/ui/as"><input type="hidden" name="email" value="${esc(account.email)}"><input type="hidden" name="next" value="${esc(next)}">
<button type="submit" data-testid="as" data-email="${esc(account.email)}"><b>${esc(account.role)}</b><small>${esc(account.email)}</small></button></form>`;
}

interface DriveFile {
  id: string;
  name?: string;
  modifiedTime?: string;
  appProperties?: Record<string, string>;
  capabilities?: { canEdit?: boolean };
}

const KIND_NAMES: Record<string, string> = {
  school: "学校采集表",
  accounts: "教师账号表",
  recheck: "县级复核表",
  summary: "汇总表",
};

const LIST_QUERY = new URLSearchParams({
  q: "mimeType = 'application/vnd.google-apps.spreadsheet' and trashed = false",
  orderBy: "name",
  pageSize: "1000",
  fields: "files(id,name,modifiedTime,appProperties,capabilities/canEdit)",
});

export async function filesPage(ctx: EmulatorContext, who: Who): Promise<Page> {
  const listed = await callAs(ctx, who.email, "GET", `/drive/v3/files?${LIST_QUERY}`);
  if (listed.status !== 200) {
    const failed = `<p>读取表格列表失败（HTTP ${listed.status}）：${esc(apiMessage(listed.body))}</p>`;
    return htmlPage(
      "我能打开的表格",
      `${whoBar(who, "/ui/files")}<main class="box">${failed}</main>`,
    );
  }
  const files = (listed.body as { files?: DriveFile[] }).files ?? [];
  const rows = files.map(
    (
      f,
    ) => `<tr><td><a href="/ui/s/${encodeURIComponent(f.id)}" data-testid="file">${esc(f.name ?? f.id)}</a></td>
<td>${esc(KIND_NAMES[f.appProperties?.tmisKind ?? ""] ?? "表格")}</td><td>${f.capabilities?.canEdit ? "可编辑" : "只读"}</td><td>${esc(localTime(f.modifiedTime))}</td></tr>`,
  );
  const table =
    rows.length > 0
      ? `<table class="files"><thead><tr><th>表格</th><th>类型</th><th>权限</th><th>最后修改</th></tr></thead><tbody>${rows.join("")}</tbody></table>`
      : '<p data-testid="no-files">这个身份没有可以打开的表格。</p>';
  return htmlPage(
    "我能打开的表格",
    `${whoBar(who, "/ui/files")}<main class="box"><h1>我能打开的表格</h1>${table}</main>`,
  );
}

/** 2026-02-20 09:30 in China's time, as school staff read times. */
function localTime(iso: string | undefined): string {
  if (!iso) return "";
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}
