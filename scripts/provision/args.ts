/**
 * The command line, checked up front: every problem is reported with what was expected and what
 * arrived, and none of them touches Google.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { argumentProblem, type Parsed as CommandLine } from "../lib/cli-args";
import type { SignIn } from "./auth";

export const DEFAULT_ADMIN = "admin@hrjy.example.cn";

export const USAGE = `用法：npm run provision -- --schools 学校名单.csv [选项]

  --schools FILE                 学校名单（CSV，表头见 sheet-templates/examples/huarong-schools.csv），必填
  --county FILE                  县级配置（默认 sheet-templates/county.json）
  --endpoint URL                 本地模拟器地址，如 http://127.0.0.1:8790；不填则连接 Google
  --admin-email EMAIL            使用模拟器时扮演的县级管理员（默认 ${DEFAULT_ADMIN}）
  --service-account-email EMAIL  Worker 服务账号的邮箱
  --pool-account EMAIL           Worker 的其他服务账号（GOOGLE_SERVICE_ACCOUNTS 里的），可重复；表格同样共享给它们
  --key FILE                     服务账号密钥文件（JSON）；连接 Google 且未给 --client-secrets 时以服务账号身份登录
  --client-secrets FILE          OAuth 桌面应用客户端文件（JSON），管理员在浏览器中登录
  --out DIR                      写入 provisioned.json 的目录（默认 .tmis）
  --notify                       共享时给每位新成员发送 Google 通知邮件
  --help                         显示本说明

服务账号邮箱取自 --service-account-email，其次 --key 文件，使用模拟器时其次 .tmis/service-account.json。`;

export const DEFAULT_OUT = ".tmis";
/** Where the stack (scripts/lib/stack.ts) keeps the emulator's service-account key. */
export const STACK_KEY_FILE = ".tmis/service-account.json";

export interface Options {
  readonly schoolsFile: string;
  readonly countyFile: string | undefined;
  readonly signIn: SignIn;
  /** The worker's service account, or a key file to read it from. */
  readonly serviceAccount: { readonly email: string } | { readonly keyFile: string };
  /** The rest of the worker's pool of service accounts, shared like the default one. */
  readonly poolAccounts: readonly string[];
  readonly outDir: string;
  readonly notify: boolean;
}

export type Parsed = CommandLine<Options>;

const Email = z.email();

export function parseCommandLine(argv: readonly string[]): Parsed {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        schools: { type: "string" },
        county: { type: "string" },
        endpoint: { type: "string" },
        "admin-email": { type: "string" },
        "service-account-email": { type: "string" },
        "pool-account": { type: "string", multiple: true },
        key: { type: "string" },
        "client-secrets": { type: "string" },
        out: { type: "string" },
        notify: { type: "boolean" },
        help: { type: "boolean" },
      },
    }).values;
  } catch (error) {
    return { ok: false, problems: [argumentProblem(error as Error & { code?: string })] };
  }
  if (values.help === true) return { ok: true, help: true };
  const text = (name: string) => values[name] as string | undefined;
  const problems: string[] = [];
  const file = (name: string, required = false) => {
    const value = text(name);
    if (value === undefined) {
      if (required) problems.push(`缺少 --${name}：应为一个文件路径`);
      return undefined;
    }
    if (!existsSync(value)) problems.push(`--${name}：应为存在的文件，找不到「${value}」`);
    return value;
  };
  const email = (name: string) => {
    const value = text(name);
    if (value !== undefined && !Email.safeParse(value).success)
      problems.push(`--${name}：应为电子邮箱，实际为「${value}」`);
    return value;
  };

  const schoolsFile = file("schools", true);
  const countyFile = file("county");
  const keyFile = file("key");
  const clientSecretsFile = file("client-secrets");
  const adminEmail = email("admin-email");
  const serviceAccountEmail = email("service-account-email");
  const endpoint = endpointOf(text("endpoint"), problems);
  const poolAccounts = (values["pool-account"] as string[] | undefined) ?? [];
  for (const value of poolAccounts)
    if (!Email.safeParse(value).success)
      problems.push(`--pool-account：应为电子邮箱，实际为「${value}」`);

  let signIn: SignIn | undefined;
  if (text("endpoint") !== undefined) {
    if (clientSecretsFile !== undefined)
      problems.push("--client-secrets 用于登录 Google，与 --endpoint（模拟器）不能同时使用");
    if (endpoint !== undefined)
      signIn = { kind: "emulator", endpoint, email: adminEmail ?? DEFAULT_ADMIN };
  } else {
    if (adminEmail !== undefined)
      problems.push("--admin-email 只用于模拟器（--endpoint）；连接 Google 时由登录的账号决定");
    if (clientSecretsFile !== undefined) signIn = { kind: "oauth", clientSecretsFile };
    else if (keyFile !== undefined) signIn = { kind: "serviceAccount", keyFile };
    else
      problems.push(
        "连接 Google 需要 --client-secrets（管理员登录）或 --key（服务账号）；使用本地模拟器请给 --endpoint",
      );
  }

  const stackKey =
    endpoint !== undefined && existsSync(STACK_KEY_FILE) ? STACK_KEY_FILE : undefined;
  const serviceAccount =
    serviceAccountEmail !== undefined
      ? { email: serviceAccountEmail }
      : (keyFile ?? stackKey) !== undefined
        ? { keyFile: (keyFile ?? stackKey) as string }
        : undefined;
  if (serviceAccount === undefined)
    problems.push("缺少 Worker 服务账号：请给 --service-account-email 或 --key");

  if (
    problems.length > 0 ||
    schoolsFile === undefined ||
    signIn === undefined ||
    serviceAccount === undefined
  )
    return { ok: false, problems };
  return {
    ok: true,
    options: {
      schoolsFile,
      countyFile,
      signIn,
      serviceAccount,
      poolAccounts,
      outDir: text("out") ?? DEFAULT_OUT,
      notify: values.notify === true,
    },
  };
}

function endpointOf(value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`--endpoint：应为 http:// 或 https:// 开头的地址，实际为「${value}」`);
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    problems.push(`--endpoint：应为 http:// 或 https:// 开头的地址，实际为「${value}」`);
    return undefined;
  }
  return value.replace(/\/+$/, "");
}

/** node:util's parseArgs says it in English; the people running this read Chinese. */
