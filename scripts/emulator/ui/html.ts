/** The page frame and escaping shared by the local sheet pages. */

export interface Page {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** JSON inside a <script> element: `<` escaped so no value can close the element. */
export function jsonScript(id: string, value: unknown): string {
  const text = JSON.stringify(value).replace(/</g, "\\u003c");
  return `<script type="application/json" id="${id}">${text}</script>`;
}

export const NO_PASSWORD_NOTICE =
  "这是本机模拟环境的练习页面：选择身份不需要密码，任何能打开本页的人都能以任一账号操作。只用于培训和试用，不要放到别人能访问的网络上。";

export function htmlPage(title: string, body: string, options: { script?: boolean } = {}): Page {
  const script = options.script ? '<script src="/ui/client.js" defer></script>' : "";
  return {
    status: 200,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    body: `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · 本地表格</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/ui/client.css">${script}
</head><body>${body}</body></html>`,
  };
}

export function redirect(location: string, headers: Record<string, string> = {}): Page {
  return { status: 303, headers: { location, ...headers }, body: "" };
}

export function jsonAnswer(status: number, value: unknown): Page {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    body: JSON.stringify(value),
  };
}
