/**
 * `npm start` stops when told, even after its worker child died: the shutdown the start script
 * installs (`stopOnSignals` + `stopChild`) run by a tiny harness around a stand-in child.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
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

/**
 * Whether a process of group `pgid` still runs. A zombie does not count: once the harness is gone
 * its orphans are the init process's to reap, and a container's init may never reap them.
 */
function groupRuns(pgid: number): boolean {
  const table = execFileSync("ps", ["-e", "-o", "pgid=,stat="], { encoding: "utf8" });
  return table
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .some(([group, stat]) => Number(group) === pgid && stat !== undefined && !stat.startsWith("Z"));
}

/** Whether the group still runs `ms` from now, looking every 100 ms (a kill takes a moment). */
async function groupRunsAfter(pgid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (!groupRuns(pgid)) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return groupRuns(pgid);
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
      expect(await groupRunsAfter(pid, 5_000)).toBe(false);
    } finally {
      if (harness.exitCode === null && harness.signalCode === null) harness.kill("SIGKILL");
    }
  }, 30_000);
});
