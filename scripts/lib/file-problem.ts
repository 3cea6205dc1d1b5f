/**
 * A file-system or network error of Node → what a person reads, in Chinese, with what to do.
 * Node's own messages ("ENOENT: no such file or directory, open …") are English and name
 * syscalls; the commands show these instead.
 */
const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: "文件不存在，请检查路径和文件名",
  EACCES: "没有读取权限，请检查文件权限",
  EPERM: "没有读取权限，请检查文件权限",
  EISDIR: "这是一个文件夹，请指定其中的文件",
  ENOTDIR: "路径中有一段不是文件夹，请检查路径",
  EMFILE: "打开的文件太多，请稍后重试",
};

export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code !== undefined ? FILE_PROBLEMS[code] : undefined) ?? "无法读取该文件";
}

/** A server that could not listen: a taken port is the usual cause, and the fix is plain. */
export function listenProblem(error: unknown, what: string, port: number): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EADDRINUSE")
    return `${what}无法启动：端口 ${port} 已被其他程序占用。请关闭占用该端口的程序（例如另一个正在运行的 npm start / npm run demo），或换一个端口后重试`;
  if (code === "EACCES")
    return `${what}无法启动：没有使用端口 ${port} 的权限，请换一个大于 1024 的端口`;
  return `${what}无法启动（端口 ${port}）：${code ?? "未知错误"}`;
}
