/**
 * The admin-API preamble `npm run report` and `npm run export` share (scripts/lib/admin-api.ts):
 * the flags, and one GET whose failures are told in Chinese as exit 2, the same for both tools.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { main as exportMain } from "../../scripts/export/cli";
import { adminGet, parseAdminCommandLine, UnusableInput } from "../../scripts/lib/admin-api";
import { parseCommandLine, main as reportMain } from "../../scripts/report/cli";

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

/** A worker stand-in: 401 unless the token is "good"; then `status` with `body`. */
async function worker(status: number, body: string): Promise<string> {
  server = createServer((req, res) => {
    if (req.headers.authorization !== "Bearer good") res.writeHead(401).end("{}");
    else res.writeHead(status, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the shared command line", () => {
  it("reports the tool's --out problem with the endpoint's and the token's, in order", () => {
    expect(parseAdminCommandLine(["--endpoint", "ftp://x", "--token", " "], () => "OUT")).toEqual({
      ok: false,
      problems: [
        "OUT",
        "--endpoint 应为 http:// 或 https:// 开头的地址，收到「ftp://x」",
        "--token 不能为空",
      ],
    });
    expect(parseAdminCommandLine(["--out", "a.xlsx"], () => undefined)).toEqual({
      ok: true,
      options: { out: "a.xlsx", endpoint: "http://127.0.0.1:8787", token: undefined },
    });
    expect(parseAdminCommandLine(["--help"], () => "OUT")).toEqual({ ok: true, help: true });
  });

  it("npm run report keeps its own --out rule", () => {
    const parsed = parseCommandLine(["--out", "汇总.csv"]);
    expect(parsed.ok ? [] : parsed.problems).toEqual(["--out 应为 .xlsx 文件，收到「汇总.csv」"]);
  });
});

describe("the shared GET", () => {
  const Shape = z.object({ day: z.string() });
  const ASKED = { noun: "汇总", verb: "取得汇总" };

  it("answers the checked body", async () => {
    const endpoint = await worker(200, '{"day":"2026-12-07"}');
    expect(await adminGet(`${endpoint}/`, "good", "api/summary", Shape, ASKED)).toEqual({
      day: "2026-12-07",
    });
  });

  it("tells each failure in Chinese: refused token, an error answer, a foreign body, no worker", async () => {
    const endpoint = await worker(500, '{"error":"服务器内部错误"}');
    const get = (token: string, at = endpoint) => adminGet(at, token, "api/summary", Shape, ASKED);
    await expect(get("bad")).rejects.toThrow("拒绝了管理令牌（HTTP 401）");
    await expect(get("good")).rejects.toThrow("Worker 出错（HTTP 500），未能取得汇总");
    await expect(get("good")).rejects.toBeInstanceOf(UnusableInput);
    server?.close();
    const other = await worker(200, '{"hello":1}');
    await expect(get("good", other)).rejects.toThrow("不是预期的汇总格式");
    server?.close();
    await expect(get("good", other)).rejects.toThrow(/无法连接 Worker.*npm start/);
  });

  it("both tools exit 2 on a refused token, with the same message", async () => {
    const endpoint = await worker(200, "{}");
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args) => {
      lines.push(args.join(" "));
    });
    const flags = ["--endpoint", endpoint, "--token", "bad"];
    expect(await reportMain(["--out", "/nonexistent/汇总.xlsx", ...flags])).toBe(2);
    expect(await exportMain(["--out", "/nonexistent/导入包", ...flags])).toBe(2);
    const refused = lines.filter((line) => line.includes("拒绝了管理令牌"));
    expect(refused).toHaveLength(2);
  });
});
