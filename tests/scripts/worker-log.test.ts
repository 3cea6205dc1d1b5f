import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fileLogger } from "../../scripts/lib/stack";

describe("the worker log of npm start", () => {
  it("keeps the previous run's lines when the stack starts again", async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), "tmis-log-")), "worker.log");
    await writeFile(file, "上一次运行的日志\n");
    const log = await fileLogger(file, new Date("2026-12-02T01:00:00.000Z"));
    log("第二次运行");
    expect(await readFile(file, "utf8")).toBe(
      "上一次运行的日志\n--- 启动 2026-12-02T01:00:00.000Z ---\n第二次运行\n",
    );
  });
});
