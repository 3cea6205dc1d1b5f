/**
 * `npm start`'s command line and environment, checked up front: each problem names the flag or
 * variable, what was expected and what arrived.
 */
import { parseArgs } from "node:util";
import { argumentProblem, type Parsed } from "./cli-args";

export const START_USAGE = `用法：npm start [-- 选项]

  --tick 间隔    多久同步一次，如 20s、2m 或 45（秒），5 秒到 60 分钟；
                 不给则与生产环境相同，按 wrangler.toml 的 crons（每 2 分钟）
  --help         显示本说明

环境变量：TICK_SECONDS（同 --tick，以秒计；--tick 优先）、EMULATOR_PORT（模拟器端口，
默认 8790）、WORKER_PORT（本地 Worker 端口，默认 8787）；端口为 0 表示任选空闲端口。`;

/** How often the cron ticks, and where that came from (shown to the user). */
export interface Tick {
  readonly seconds: number;
  /** wrangler.toml's cron expression, passed to the scheduled handler as production's is. */
  readonly cron: string;
  readonly from: "wrangler.toml" | "--tick" | "TICK_SECONDS";
}

export interface StartOptions {
  readonly tick: Tick;
  readonly emulatorPort: number;
  readonly workerPort: number;
}

const MIN_TICK_SECONDS = 5;
const MAX_TICK_SECONDS = 3600;

export function parseStartOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  wranglerToml: string,
): Parsed<StartOptions> {
  let values: { tick?: string | undefined; help?: boolean | undefined };
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { tick: { type: "string" }, help: { type: "boolean" } },
    }).values;
  } catch (error) {
    return { ok: false, problems: [argumentProblem(error as Error & { code?: string })] };
  }
  if (values.help === true) return { ok: true, help: true };
  const problems: string[] = [];
  const check = <T>(result: T | string): T | undefined => {
    if (typeof result !== "string") return result;
    problems.push(result);
    return undefined;
  };
  const tick = check(tickOf(values.tick, env.TICK_SECONDS, wranglerToml));
  const emulatorPort = check(port("EMULATOR_PORT", env.EMULATOR_PORT, 8790));
  const workerPort = check(port("WORKER_PORT", env.WORKER_PORT, 8787));
  if (tick === undefined || emulatorPort === undefined || workerPort === undefined)
    return { ok: false, problems };
  return { ok: true, options: { tick, emulatorPort, workerPort } };
}

/**
 * The tick from a `--tick` value or TICK_SECONDS, else wrangler.toml's cron; a problem's text
 * when a value is unusable. Shared with `npm run practice`, which passes its own default.
 */
export function tickOf(
  flag: string | undefined,
  variable: string | undefined,
  wranglerToml: string,
): Tick | string {
  const schedule = cronSchedule(wranglerToml);
  const given =
    flag !== undefined
      ? { from: "--tick" as const, text: flag }
      : variable !== undefined && variable !== ""
        ? { from: "TICK_SECONDS" as const, text: variable }
        : undefined;
  if (given === undefined)
    return typeof schedule === "string"
      ? schedule
      : { ...schedule, from: "wrangler.toml" as const };
  const seconds = durationSeconds(given.text);
  if (seconds === undefined || seconds < MIN_TICK_SECONDS || seconds > MAX_TICK_SECONDS)
    return `${given.from}：应为 5 秒到 60 分钟之间的间隔，如 20s、2m 或 45（秒），收到「${given.text}」`;
  // Any cron expression will do here: the scheduled handler does not branch on it.
  const cron = typeof schedule === "string" ? "* * * * *" : schedule.cron;
  return { seconds, cron, from: given.from };
}

/** `20s`, `2m`, or a bare number of seconds. */
function durationSeconds(text: string): number | undefined {
  const match = /^(\d+)\s*(s|m)?$/i.exec(text.trim());
  if (match === null) return undefined;
  return Number(match[1]) * (match[2]?.toLowerCase() === "m" ? 60 : 1);
}

/**
 * wrangler.toml's cron and its interval. Only "every N minutes" has one; any other schedule is
 * refused rather than guessed, with the way around it.
 */
export function cronSchedule(wranglerToml: string): { cron: string; seconds: number } | string {
  const cron = /^\s*crons\s*=\s*\[\s*"([^"]*)"/m.exec(wranglerToml)?.[1];
  if (cron === undefined) return "wrangler.toml 里没有 [triggers] crons；请用 --tick 指定间隔";
  const minutes = /^(?:\*|\*\/(\d+)) \* \* \* \*$/.exec(cron.trim());
  if (minutes === null || minutes[1] === "0")
    return `wrangler.toml 的 crons「${cron}」不是“每 N 分钟一次”；请用 --tick 指定间隔`;
  return { cron, seconds: Number(minutes[1] ?? 1) * 60 };
}

function port(name: string, text: string | undefined, fallback: number): number | string {
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (/^\d+$/.test(text) && value <= 65535) return value;
  return `${name}：应为 0 到 65535 之间的端口号（0 表示任选空闲端口），收到「${text}」`;
}
