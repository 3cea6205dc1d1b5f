import type { IncomingHttpHeaders } from "node:http";
import type { EmulatorContext } from "../context";
import { type Account, COUNTY_GROUP, knownAccounts } from "./accounts";
import { esc } from "./html";

/**
 * Who the page acts as: an e-mail in a cookie, chosen on /ui/ without a password. This is a
 * training tool on the emulator, where /__emulator/token already hands out a token for any
 * e-mail; the cookie adds no power the emulator did not already give to anyone who can reach it.
 */
export interface Who {
  email: string;
  /** 华容县实验小学（4306230002）· 信息管理员, or the bare e-mail for someone unknown. */
  label: string;
}

const COOKIE = "tmis_local_as";

export function whoFrom(ctx: EmulatorContext, headers: IncomingHttpHeaders): Who | undefined {
  const raw = String(headers.cookie ?? "")
    .split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === COOKIE)?.[1];
  if (!raw) return undefined;
  const email = decodeURIComponent(raw);
  return { email, label: labelOf(email, accountsOf(ctx)) };
}

export function accountsOf(ctx: EmulatorContext): Account[] {
  return knownAccounts(
    ctx.store,
    ctx.accounts.list().map((a) => a.email),
  );
}

function labelOf(email: string, accounts: Account[]): string {
  const account = accounts.find((a) => a.email === email);
  if (!account) return email;
  const where = account.group === COUNTY_GROUP ? "" : `${account.group} · `;
  return `${where}${account.role}`;
}

export function whoCookie(email: string): string {
  return `${COOKIE}=${encodeURIComponent(email)}; Path=/; HttpOnly; SameSite=Lax`;
}

/** The strip at the top of every page: who you are, and the way to become someone else. */
export function whoBar(who: Who, back: string): string {
  return `<div class="who"><span>本地表格（练习用，无需密码）</span>
<span>当前身份：<b data-testid="who">${esc(who.label)}</b> <small>${esc(who.email)}</small></span>
<a href="/ui/?next=${encodeURIComponent(back)}" data-testid="switch">切换身份</a></div>`;
}
