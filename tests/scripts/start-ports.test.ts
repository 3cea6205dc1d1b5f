/**
 * `npm start`, `npm run practice` and the demo start the stack on the ports people choose
 * (EMULATOR_PORT, WORKER_PORT, --emulator-port …). A port another program holds is named in a
 * sentence that says what to do, not as Node's EADDRINUSE stack trace or wrangler's exit code.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StackStartError, startProblem, startStack } from "../../scripts/lib/stack";

let taken: Server;
let port: number;
let stateDir: string;

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), "tmis-ports-"));
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  port = (taken.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => taken.close(() => resolve()));
  rmSync(stateDir, { recursive: true, force: true });
});

async function failure(start: Promise<unknown>): Promise<unknown> {
  try {
    await start;
  } catch (error) {
    return error;
  }
  throw new Error("the stack started on a taken port");
}

describe("a port in use", () => {
  it("names the emulator's port and what to do", async () => {
    const error = await failure(startStack({ stateDir, emulatorPort: port }));
    expect(error).toBeInstanceOf(StackStartError);
    expect(startProblem(error)).toBe(
      `模拟器无法启动：端口 ${port} 已被其他程序占用。请关闭占用该端口的程序（例如另一个正在运行的 npm start / npm run demo），或换一个端口后重试`,
    );
  });

  it("names the worker's port before wrangler is started, and leaves no emulator behind", async () => {
    const error = await failure(startStack({ stateDir, emulatorPort: 0, workerPort: port }));
    expect(startProblem(error)).toMatch(
      new RegExp(`^本地 Worker无法启动：端口 ${port} 已被其他程序占用`),
    );
    // The emulator it had started is closed: a second start on the same state dir works up to
    // the same point instead of finding the emulator's files locked or its port held.
    const again = await failure(startStack({ stateDir, emulatorPort: 0, workerPort: port }));
    expect(again).toBeInstanceOf(StackStartError);
  });

  it("says something plain for any other failure, without a stack trace", () => {
    const text = startProblem(new Error("D1 迁移失败（退出码 1）"));
    expect(text).toMatch(/^启动失败：D1 迁移失败（退出码 1）。/);
    expect(text).not.toMatch(/\n\s+at /);
  });
});
