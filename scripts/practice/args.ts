/**
 * The practice command's flags, all checked before anything starts: each problem names the flag
 * and what was expected.
 */

import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { argumentProblem, type Parsed } from "../lib/cli-args";
import { type Tick, tickOf } from "../lib/start-options";
import { MAX_TRAINEES } from "./county";
import { DEFAULT_PRACTICE_DIR } from "./state-dir";

/** Trainees should see a row's 审核状态 soon after typing it, not two minutes later. */
const DEFAULT_PRACTICE_TICK = "30s";

export const USAGE = `用法：npm run practice -- [选项]

  --trainees N         学员人数，每人一套自己的学校和账号（1–${MAX_TRAINEES}，默认 1）
  --state-dir DIR      练习数据目录（默认 .tmis-practice，与正式使用的 .tmis 分开）
  --reset              清空练习数据目录后重新建立练习县
  --emulator-port N    模拟器端口（默认 8790）
  --worker-port N      Worker 端口（默认 8787）
  --tick 间隔          保持运行时多久自动同步一次，如 20s、2m（默认 ${DEFAULT_PRACTICE_TICK}，
                       比生产环境的 2 分钟短，学员改完很快能看到结果）
  --seed-only          建表、录入练习数据、同步一次后退出（不保持运行）
  --help               显示本说明`;

export interface PracticeOptions {
  readonly trainees: number;
  readonly stateDir: string;
  readonly reset: boolean;
  readonly emulatorPort: number;
  readonly workerPort: number;
  readonly seedOnly: boolean;
  readonly tick: Tick;
}

export function parsePracticeArgs(argv: readonly string[]): Parsed<PracticeOptions> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        trainees: { type: "string" },
        "state-dir": { type: "string" },
        reset: { type: "boolean" },
        "emulator-port": { type: "string" },
        "worker-port": { type: "string" },
        "seed-only": { type: "boolean" },
        tick: { type: "string" },
        help: { type: "boolean" },
      },
    }).values;
  } catch (error) {
    return { ok: false, problems: [argumentProblem(error as Error & { code?: string })] };
  }
  if (values.help === true) return { ok: true, help: true };
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number, what: string) => {
    const text = values[name] as string | undefined;
    if (text === undefined) return fallback;
    const n = Number(text);
    if (/^\d+$/.test(text.trim()) && n >= min && n <= max) return n;
    problems.push(`--${name}：应为 ${what}，收到「${text}」`);
    return fallback;
  };
  const tick = tickOf(
    (values.tick as string | undefined) ?? DEFAULT_PRACTICE_TICK,
    undefined,
    readFileSync(path.resolve(import.meta.dirname, "../../wrangler.toml"), "utf8"),
  );
  if (typeof tick === "string") problems.push(tick);
  const options = {
    trainees: integer("trainees", 1, 1, MAX_TRAINEES, `1 到 ${MAX_TRAINEES} 之间的整数`),
    stateDir: path.resolve((values["state-dir"] as string | undefined) ?? DEFAULT_PRACTICE_DIR),
    reset: values.reset === true,
    emulatorPort: integer("emulator-port", 8790, 0, 65535, "0 到 65535 之间的端口号"),
    workerPort: integer("worker-port", 8787, 0, 65535, "0 到 65535 之间的端口号"),
    seedOnly: values["seed-only"] === true,
  };
  return problems.length > 0 || typeof tick === "string"
    ? { ok: false, problems }
    : { ok: true, options: { ...options, tick } };
}
