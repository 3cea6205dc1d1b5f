/**
 * `npm start` stops when told, even after its worker child died: the shutdown the start script
 * installs (`stopOnSignals` + `stopChild`) run by a tiny harness around a stand-in child.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const HARNESS = path.resolve("tests/scripts/fixtures/stop-harness.ts");

/** The harness's worker pid, once it is ready for signals. */
function childPid(harness: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    harness.stdout?.on("data", (chunk) => {
      out += chunk;
      const pid = /child (\d+)/.exec(out)?.[1];
      if (pid !== undefined) resolve(Number(pid));
    });
    harness.once("exit", (code) => reject(new Error(`harness exited early (${code})`)));
  });
}

/** How the harness exited, or "still running" after `ms`. */
function exitWithin(harness: ChildProcess, ms: number): Promise<number | string | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("still running"), ms);
    harness.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal);
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm start's shutdown", () => {
  it("exits on SIGTERM after the worker child was killed, leaving nothing of its group", async () => {
    const harness = spawn(process.execPath, ["--import", "tsx", HARNESS], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const pid = await childPid(harness);
      process.kill(pid, "SIGKILL");
      // The harness reaps the child: from then on the stack holds a dead worker.
      await new Promise((resolve) => setTimeout(resolve, 500));
      harness.kill("SIGTERM");
      expect(await exitWithin(harness, 10_000)).toBe(0);
      // The worker's own child (workerd, here `sleep`) went with it.
      expect(alive(-pid)).toBe(false);
    } finally {
      if (harness.exitCode === null && harness.signalCode === null) harness.kill("SIGKILL");
    }
  }, 30_000);
});
