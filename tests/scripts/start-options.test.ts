import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tickLine, workerEvent } from "../../scripts/lib/cron";
import { startBanner } from "../../scripts/lib/npm-start";
import { cronSchedule, parseStartOptions } from "../../scripts/lib/start-options";

const TOML = readFileSync("wrangler.toml", "utf8");
const parse = (argv: string[], env: Record<string, string> = {}) =>
  parseStartOptions(argv, env, TOML);
const problems = (argv: string[], env: Record<string, string> = {}) => {
  const parsed = parse(argv, env);
  return parsed.ok ? [] : parsed.problems;
};
const tickOf = (argv: string[], env: Record<string, string> = {}) => {
  const parsed = parse(argv, env);
  if (!parsed.ok || "help" in parsed) throw new Error(JSON.stringify(parsed));
  return parsed.options.tick;
};

describe("npm start's options", () => {
  it("ticks on wrangler.toml's cron by default, as production does", () => {
    expect(tickOf([])).toEqual({ seconds: 120, cron: "*/2 * * * *", from: "wrangler.toml" });
  });

  it("takes a shorter tick from --tick or TICK_SECONDS; the flag wins", () => {
    expect(tickOf(["--tick", "20s"]).seconds).toBe(20);
    expect(tickOf(["--tick", "1m"]).seconds).toBe(60);
    expect(tickOf(["--tick", "45"]).seconds).toBe(45);
    expect(tickOf([], { TICK_SECONDS: "30" })).toEqual({
      seconds: 30,
      cron: "*/2 * * * *",
      from: "TICK_SECONDS",
    });
    expect(tickOf(["--tick", "10s"], { TICK_SECONDS: "30" }).from).toBe("--tick");
  });

  it("names the flag and what was expected when a tick is unusable", () => {
    expect(problems(["--tick", "abc"])).toEqual([
      "--tick：应为 5 秒到 60 分钟之间的间隔，如 20s、2m 或 45（秒），收到「abc」",
    ]);
    expect(problems(["--tick", "2s"])[0]).toMatch(/^--tick：.*收到「2s」$/);
    expect(problems(["--tick", "61m"])[0]).toMatch(/^--tick：/);
    expect(problems([], { TICK_SECONDS: "0" })[0]).toMatch(/^TICK_SECONDS：.*收到「0」$/);
    expect(problems(["--tick"])[0]).toBe("参数「--tick」：缺少取值");
    expect(problems(["--tik", "2"])[0]).toContain("不认识的参数「--tik」");
  });

  it("checks the ports it is given", () => {
    expect(problems([], { WORKER_PORT: "eighty" })).toEqual([
      "WORKER_PORT：应为 0 到 65535 之间的端口号（0 表示任选空闲端口），收到「eighty」",
    ]);
    const parsed = parse([], { EMULATOR_PORT: "9000" });
    expect(parsed.ok && "options" in parsed && parsed.options.emulatorPort).toBe(9000);
  });

  it("reads the cron's interval from wrangler.toml, and refuses one it cannot follow", () => {
    expect(cronSchedule('crons = ["*/5 * * * *"]')).toEqual({ cron: "*/5 * * * *", seconds: 300 });
    expect(cronSchedule('crons = ["* * * * *"]')).toEqual({ cron: "* * * * *", seconds: 60 });
    expect(cronSchedule('crons = ["0 3 * * *"]')).toMatch(/用 --tick 指定间隔/);
    expect(cronSchedule("")).toMatch(/wrangler\.toml/);
  });
});

describe("npm start's tick lines", () => {
  const at = new Date(2026, 1, 20, 14, 2, 0);

  it("says what a tick did in one line, counts only", () => {
    const idle = { at, changed: 0, schoolsSynced: 0, unfinished: 0, summary: "unchanged" };
    expect(
      tickLine({ ...idle, changed: 3, schoolsSynced: 2, summary: "built", error: false }),
    ).toBe("[14:02:00] 定时同步：3 个表格有变化，同步了 2 所学校，汇总表已重建");
    expect(tickLine({ ...idle, error: false })).toBe(
      "[14:02:00] 定时同步：没有表格变化，汇总表无需重建",
    );
    expect(
      tickLine({
        ...idle,
        changed: 2,
        schoolsSynced: 1,
        unfinished: 1,
        summary: "built",
        error: false,
      }),
    ).toBe(
      "[14:02:00] 定时同步：2 个表格有变化，同步了 1 所学校，1 个表格未完成（稍后重试，详见 worker.log），汇总表已重建",
    );
    expect(tickLine({ ...idle, summary: undefined, error: true })).toBe(
      "[14:02:00] 定时同步出错，详见 worker.log",
    );
  });

  it("reads the worker's structured log lines and nothing else", () => {
    expect(workerEvent('{"event":"poll","listed":4,"changed":2}')).toEqual({
      event: "poll",
      listed: 4,
      changed: 2,
    });
    expect(workerEvent("[wrangler:info] GET /healthz 200 OK (3ms)")).toBeUndefined();
    expect(workerEvent('{"no":"event"}')).toBeUndefined();
    expect(workerEvent("{broken")).toBeUndefined();
  });
});

describe("what npm start prints at once", () => {
  it("the local sheets, the portal and how syncing happens", () => {
    const lines = startBanner({
      emulatorUrl: "http://127.0.0.1:8790",
      workerUrl: "http://127.0.0.1:8787",
      stateDir: "/srv/tmis/.tmis",
      tick: { seconds: 120, cron: "*/2 * * * *", from: "wrangler.toml" },
    });
    expect(lines).toContain("本地表格（浏览器打开）：http://127.0.0.1:8790/");
    expect(lines.join("\n")).toContain("http://127.0.0.1:8787/portal/");
    expect(lines.join("\n")).toContain(
      '每 2 分钟自动同步一次；立即同步：curl -X POST -H "Authorization: Bearer $(cat /srv/tmis/.tmis/admin-token)" http://127.0.0.1:8787/api/sync',
    );
  });
});
