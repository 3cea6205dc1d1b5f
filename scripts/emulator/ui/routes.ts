import { readFileSync } from "node:fs";
import path from "node:path";
import type { EmulatorContext } from "../context";
import type { IncomingRequest } from "../dispatch";
import { esc, htmlPage, jsonAnswer, type Page, redirect } from "./html";
import { chooserPage, filesPage } from "./lists";
import { sheetPage } from "./sheet";
import { whoCookie, whoFrom } from "./who";
import { writeCells } from "./write";

/**
 * 本地表格: the emulator's own pages at `/` and `/ui/…`, beside (never instead of) the API paths.
 * They exist only in the emulator, which listens on 127.0.0.1 unless told otherwise; the worker
 * serves nothing of this. Every read and write goes through the API's dispatch (api.ts).
 */

const STATIC: Record<string, { type: string; text: string }> = {
  "/ui/client.js": { type: "text/javascript; charset=utf-8", text: asset("client.js") },
  "/ui/client.css": { type: "text/css; charset=utf-8", text: asset("client.css") },
};

function asset(name: string): string {
  return readFileSync(path.join(import.meta.dirname, name), "utf8");
}

export function isUiPath(path: string): boolean {
  return path === "/" || path === "/ui" || path.startsWith("/ui/");
}

export async function uiRequest(ctx: EmulatorContext, req: IncomingRequest): Promise<Page> {
  const path = req.url.pathname;
  const file = STATIC[path];
  if (file && req.method === "GET") {
    return { status: 200, headers: { "content-type": file.type }, body: file.text };
  }
  if (path === "/" || path === "/ui") return redirect("/ui/");
  if (path === "/ui/" && req.method === "GET")
    return chooserPage(ctx, safeNext(req.url.searchParams.get("next")));
  if (path === "/ui/as" && req.method === "POST") return chooseAccount(req.body);
  const who = whoFrom(ctx, req.headers);
  const sheet = /^\/ui\/s\/([\w-]+)(\/write)?$/.exec(path);
  if (!who) {
    if (sheet?.[2]) return jsonAnswer(401, { ok: false, message: "请先选择身份。" });
    return redirect(`/ui/?next=${encodeURIComponent(path + req.url.search)}`);
  }
  if (path === "/ui/files" && req.method === "GET") return filesPage(ctx, who);
  const id = sheet?.[1];
  if (id && !sheet?.[2] && req.method === "GET")
    return sheetPage(ctx, who, id, req.url.searchParams.get("tab"));
  if (id && sheet?.[2] && req.method === "POST")
    return writeCells(ctx, who.email, id, parseJson(req.body));
  return notFound(path);
}

function chooseAccount(body: Buffer): Page {
  const form = new URLSearchParams(body.toString("utf8"));
  const email = form.get("email")?.trim();
  if (!email) return redirect("/ui/");
  return redirect(safeNext(form.get("next")), { "set-cookie": whoCookie(email) });
}

/** Only a page of ours: a crafted `next` must not send a trainee elsewhere. */
function safeNext(next: string | null): string {
  return next?.startsWith("/ui/") ? next : "/ui/files";
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

function notFound(path: string): Page {
  const page = htmlPage(
    "找不到页面",
    `<main class="box"><h1>找不到页面</h1><p>本地表格没有 ${esc(path)} 这个页面。</p><p><a href="/ui/">回到首页</a></p></main>`,
  );
  return { ...page, status: 404 };
}
