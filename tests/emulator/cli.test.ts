import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const CLI = path.join(import.meta.dirname, "../../scripts/emulator/cli.ts");
const TSX = path.join(import.meta.dirname, "../../node_modules/.bin/tsx");
const dataDir = mkdtempSync(path.join(tmpdir(), "tmis-emulator-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function run(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(TSX, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += String(d);
  });
  child.stderr?.on("data", (d) => {
    output += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe("npm run emulator", () => {
  it("explains a bad flag: what was expected and what arrived", async () => {
    const bad = run(["--port", "eighty"]);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('--port 应为 0 到 65535 的整数，收到 "eighty"');
    const unknown = run(["--colour", "red"]);
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toContain("--colour");
  });

  it("prints its URL, serves, and stops cleanly on SIGTERM with data on disk", async () => {
    const emu = run(["--port", "0", "--data", dataDir]);
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${emu.output()}`)), 20_000);
      emu.child.stdout?.on("data", () => {
        const found = /^EMULATOR_URL=(\S+)$/m.exec(emu.output());
        if (found?.[1]) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      });
    });
    expect(emu.output()).toContain(`Google Sheets/Drive 模拟器已启动：${url}/`);
    const token = (await (
      await fetch(`${url}/__emulator/token`, {
        method: "POST",
        body: JSON.stringify({ email: "a@school.cn" }),
      })
    ).json()) as {
      access_token: string;
    };
    const created = await fetch(`${url}/v4/spreadsheets`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token.access_token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ properties: { title: "cli" } }),
    });
    expect(created.status).toBe(200);
    emu.child.kill("SIGTERM");
    expect(await emu.exited).toBe(0);
    expect(emu.output()).toContain("模拟器已停止");
    expect(readdirSync(path.join(dataDir, "spreadsheets"))).toHaveLength(1);
  });
});
