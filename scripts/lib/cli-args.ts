/** What every command's argument parser answers: options, a request for help, or the problems. */
export type Parsed<Options> =
  | { readonly ok: true; readonly options: Options }
  | { readonly ok: true; readonly help: true }
  | { readonly ok: false; readonly problems: readonly string[] };

/** node:util parseArgs' errors in plain Chinese, naming the option that was wrong. */
export function argumentProblem(error: Error & { code?: string }): string {
  const option = /'(--?[\w-]+)/.exec(error.message)?.[1] ?? "";
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `不认识的参数「${option}」（可用参数见 --help）`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return `参数「${option}」：${/argument missing/.test(error.message) ? "缺少取值" : "不接受取值"}`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `多余的参数：${error.message.replace(/^.*'([^']*)'.*$/, "「$1」")}（参数都以 -- 开头）`;
    default:
      return error.message;
  }
}
