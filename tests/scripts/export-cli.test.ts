import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main, parseCommandLine } from "../../scripts/export/cli";

afterEach(() => {
  vi.restoreAllMocks();
});

function captured() {
  const lines: string[] = [];
  const keep = (...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  };
  vi.spyOn(console, "log").mockImplementation(keep);
  vi.spyOn(console, "error").mockImplementation(keep);
  return lines;
}

describe("npm run export: the command line", () => {
  it("says in Chinese what is wrong with the flags, all at once", () => {
    const parsed = parseCommandLine(["--endpoint", "ftp://x", "--token", " "]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      "缺少 --out：应为写入导入包的目录，如 --out 导入包",
      "--endpoint 应为 http:// 或 https:// 开头的地址，收到「ftp://x」",
      "--token 不能为空",
    ]);
    const file = parseCommandLine(["--out", "包.xlsx"]);
    expect(file.ok ? "" : file.problems[0]).toContain("应为目录");
  });

  it("--help documents the exit codes; bad flags exit 2", async () => {
    const lines = captured();
    expect(await main(["--help"])).toBe(0);
    expect(lines.join("\n")).toContain("退出码：0 已写入；1 目录无法写入；2 输入无法使用");
    expect(await main(["--nope"])).toBe(2);
  });

  it("exits 2 when the worker refuses the token or is not tmis-sync, and writes nothing", async () => {
    const server = createServer((req, res) => {
      if (req.headers.authorization !== "Bearer good") {
        res.writeHead(401).end("{}");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end('{"hello":1}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dir = await mkdtemp(path.join(tmpdir(), "tmis-export-cli-"));
    try {
      const lines = captured();
      const out = path.join(dir, "包");
      expect(await main(["--out", out, "--endpoint", endpoint, "--token", "bad"])).toBe(2);
      expect(lines.join("\n")).toContain("拒绝了管理令牌");
      expect(await main(["--out", out, "--endpoint", endpoint, "--token", "good"])).toBe(2);
      expect(lines.join("\n")).toContain("不是预期的导入包格式");
    } finally {
      server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
