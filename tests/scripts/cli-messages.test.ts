/**
 * What the commands print when something is wrong is read by school and county staff: Chinese,
 * saying what to do next, never a library's or Node's English (issue 22, "CLI").
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as exportCli from "../../scripts/export/cli";
import * as reportCli from "../../scripts/report/cli";
import { fetchSummary } from "../../scripts/report/report";

/**
 * English words of a message a person reads, addresses, flags and command names aside: a
 * library's or Node's text ("fetch failed", "connect ECONNREFUSED") shows up here.
 */
function englishIn(message: string): string[] {
  const rest = message.replace(
    /https?:\/\/\S+?(?=[）)\s]|$)|--[\w-]+|npm (?:start|run \w+)|Worker/g,
    "",
  );
  return rest.match(/[A-Za-z]{3,}/g) ?? [];
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** A port nothing listens on: taken, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function problemsOf(parsed: { ok: boolean; problems?: readonly string[] }): readonly string[] {
  return parsed.ok ? [] : (parsed.problems ?? []);
}

describe("report and export: flags node:util does not know", () => {
  for (const [name, cli] of [
    ["report", reportCli],
    ["export", exportCli],
  ] as const)
    it(`npm run ${name} names the unknown flag in Chinese`, () => {
      const [problem] = problemsOf(cli.parseCommandLine(["--bogus"]));
      expect(problem).toBe("不认识的参数「--bogus」（可用参数见 --help）");
      const [missing] = problemsOf(cli.parseCommandLine(["--out"]));
      expect(missing).toBe("参数「--out」：缺少取值");
    });
});

describe("report and export: a worker that is not running", () => {
  it("npm run report says nothing listens there and what to do, without ECONNREFUSED", async () => {
    const port = await closedPort();
    const failure = await fetchSummary(`http://127.0.0.1:${port}`, "t").catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain("该地址没有程序在监听");
    expect(message).toContain("请先运行 npm start");
    expect(englishIn(message)).toEqual([]);
  });

  it("npm run export says the same", async () => {
    const port = await closedPort();
    const failure = await exportCli
      .fetchPackage(`http://127.0.0.1:${port}`, "t")
      .catch((e: Error) => e);
    const message = (failure as Error).message;
    expect(message).toContain("该地址没有程序在监听");
    expect(englishIn(message)).toEqual([]);
  });
});

describe("export: a folder that cannot be written", () => {
  it("says why in Chinese, not an errno code", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tmis-export-msg-"));
    const blocker = path.join(dir, "已有文件");
    await writeFile(blocker, "x");
    const server = await packageServer();
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    });
    try {
      const code = await exportCli.main([
        "--out",
        path.join(blocker, "导入包"),
        "--endpoint",
        server.url,
        "--token",
        "t",
      ]);
      expect(code).toBe(1);
      expect(lines.join("\n")).toContain("路径中有一段是文件而不是文件夹，请换一个目录");
      expect(lines.join("\n")).not.toMatch(/ENOTDIR|EEXIST/);
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** A worker stand-in answering an empty import package. */
async function packageServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer: createHttp } = await import("node:http");
  const server = createHttp((_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({ workbooks: [{ file: "全县-华容县.xlsx", schoolCode: null, tabs: [] }] }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("npm run emulator", () => {
  const TSX = path.join(import.meta.dirname, "../../node_modules/.bin/tsx");
  const CLI = path.join(import.meta.dirname, "../../scripts/emulator/cli.ts");

  function run(args: string[]): Promise<{ code: number | null; output: string }> {
    const child = spawn(TSX, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => {
      output += String(d);
    });
    child.stderr.on("data", (d) => {
      output += String(d);
    });
    return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
  }

  it("names a port in use plainly, without EADDRINUSE", async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const { port } = holder.address() as { port: number };
    try {
      const { code, output } = await run(["--port", String(port)]);
      expect(code).toBe(1);
      expect(output).toContain(`模拟器无法启动：端口 ${port} 已被其他程序占用`);
      expect(output).not.toContain("EADDRINUSE");
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it("names an unknown flag in Chinese", async () => {
    const { code, output } = await run(["--colour", "red"]);
    expect(code).toBe(2);
    expect(output).toContain("不认识的参数「--colour」（可用参数见 --help）");
    expect(output).not.toContain("Unknown option");
  });
});

describe("npm run provision: a county file that is not JSON", () => {
  it("says which line and what to check, not JSON.parse's English", async () => {
    const { main } = await import("../../scripts/provision/cli");
    const dir = await mkdtemp(path.join(tmpdir(), "tmis-provision-msg-"));
    const county = path.join(dir, "county.json");
    await writeFile(county, '{\n  "name": "华容县",\n  "offices": [],\n}\n');
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    });
    try {
      const code = await main([
        "--schools",
        path.join(import.meta.dirname, "../../sheet-templates/examples/huarong-schools.csv"),
        "--county",
        county,
        "--endpoint",
        "http://127.0.0.1:9",
        "--service-account-email",
        "worker@tmis.iam.gserviceaccount.com",
      ]);
      expect(code).toBe(2);
      const said = lines.join("\n");
      expect(said).toContain("不是有效的 JSON：第 4 行附近有误；请检查逗号、引号和括号");
      expect(said).not.toMatch(/Unexpected|position|JSON at/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("npm run provision: an emulator that is not running", () => {
  it("says nothing listens there and what to run, not fetch's English", async () => {
    const { main } = await import("../../scripts/provision/cli");
    const port = await closedPort();
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    });
    const code = await main([
      "--schools",
      path.join(import.meta.dirname, "../../sheet-templates/examples/huarong-schools.csv"),
      "--endpoint",
      `http://127.0.0.1:${port}`,
      "--service-account-email",
      "worker@tmis.iam.gserviceaccount.com",
    ]);
    expect(code).toBe(2);
    const said = lines[0] ?? "";
    expect(said).toContain("该地址没有程序在监听");
    expect(said).toContain("请先运行 npm start 或 npm run emulator");
    expect(englishIn(said)).toEqual([]);
  });
});

describe("report and export: a worker that refuses", () => {
  async function answering(status: number): Promise<{ url: string; close: () => Promise<void> }> {
    const { createServer: createHttp } = await import("node:http");
    const server = createHttp((_req, res) => {
      res.statusCode = status;
      res.end("Internal Server Error: quota exceeded for quota metric 'Read requests'");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  it("says to wait on 503, where to look on 500, never the body's English", async () => {
    for (const [status, said] of [
      [503, "请过一两分钟再试"],
      [500, "详情见 Worker 的日志"],
    ] as const) {
      const server = await answering(status);
      try {
        const report = await fetchSummary(server.url, "t").catch((e: Error) => e.message);
        const pkg = await exportCli.fetchPackage(server.url, "t").catch((e: Error) => e.message);
        for (const message of [report, pkg]) {
          expect(message).toContain(said);
          expect(message).not.toContain("quota exceeded");
        }
      } finally {
        await server.close();
      }
    }
  });
});
