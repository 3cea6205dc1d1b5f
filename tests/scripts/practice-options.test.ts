/**
 * The practice command's flags and its state directory's mark, without a stack: every bad flag
 * is named with what was expected (exit code 2), and a practice directory is reused or reset
 * while anything else is left alone.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parsePracticeArgs } from "../../scripts/practice/args";
import { main } from "../../scripts/practice/cli";
import { claimStateDir, MARKER, markSeeded } from "../../scripts/practice/state-dir";

function problems(argv: string[]): readonly string[] {
  const parsed = parsePracticeArgs(argv);
  return parsed.ok ? [] : parsed.problems;
}

describe("practice flags", () => {
  it.each([["0"], ["61"], ["abc"], ["2.5"], ["-3"]])(
    "--trainees %s is refused, naming the flag and the range",
    (value) => {
      expect(problems([`--trainees=${value}`])).toEqual([
        `--trainees：应为 1 到 60 之间的整数，收到「${value}」`,
      ]);
    },
  );

  it("takes 1 to 60 trainees, ports, and defaults to one trainee in .tmis-practice", () => {
    expect(problems(["--trainees", "60", "--worker-port", "0"])).toEqual([]);
    const parsed = parsePracticeArgs([]);
    expect(parsed.ok && "options" in parsed && parsed.options).toMatchObject({
      trainees: 1,
      stateDir: path.resolve(".tmis-practice"),
      seedOnly: false,
      tick: { seconds: 30, from: "--tick" },
    });
    expect(problems(["--worker-port", "70000"])[0]).toContain("--worker-port：应为");
    expect(problems(["--trainees"])[0]).toBe("参数「--trainees」：缺少取值");
    expect(problems(["--schools", "x.csv"])[0]).toContain("不认识的参数「--schools」");
  });

  it("ticks every 30 s unless --tick says otherwise, within 5 s to 60 min", () => {
    const parsed = parsePracticeArgs(["--tick", "2m"]);
    expect(parsed.ok && "options" in parsed && parsed.options.tick.seconds).toBe(120);
    expect(problems(["--tick", "3s"])).toEqual([
      "--tick：应为 5 秒到 60 分钟之间的间隔，如 20s、2m 或 45（秒），收到「3s」",
    ]);
  });

  it("exits 2 with the problem and the usage", async () => {
    const lines: string[] = [];
    expect(await main(["--trainees", "100"], (line) => lines.push(line))).toBe(2);
    expect(lines.join("\n")).toContain("--trainees：应为 1 到 60 之间的整数，收到「100」");
    expect(lines.join("\n")).toContain("用法：npm run practice");
  });
});

describe("the practice state directory", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "tmis-practice-dir-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("marks an empty directory, then reuses it with what was seeded", async () => {
    expect(await claimStateDir(dir, false)).toEqual({ ok: true, seededTrainees: 0 });
    await markSeeded(dir, 3);
    await writeFile(path.join(dir, "admin-token"), "t\n");
    expect(await claimStateDir(dir, false)).toEqual({ ok: true, seededTrainees: 3 });
    expect(existsSync(path.join(dir, "admin-token"))).toBe(true);
  });

  it("--reset empties a practice directory and starts over", async () => {
    await markSeeded(dir, 2);
    await writeFile(path.join(dir, "admin-token"), "t\n");
    expect(await claimStateDir(dir, true)).toEqual({ ok: true, seededTrainees: 0 });
    expect(await readdir(dir)).toEqual([MARKER]);
  });

  it("refuses, even with --reset, a directory holding data without the practice mark", async () => {
    await writeFile(path.join(dir, MARKER), JSON.stringify({ kind: "campaign" }));
    await writeFile(path.join(dir, "admin-token"), "t\n");
    const claim = await claimStateDir(dir, true);
    expect(claim.ok).toBe(false);
    expect(await readdir(dir)).toHaveLength(2);
  });
});
