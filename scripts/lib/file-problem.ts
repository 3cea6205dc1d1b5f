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

/**
 * Why fetch could not reach a server, in Chinese: fetch itself says only "fetch failed", and
 * its cause names a syscall in English ("connect ECONNREFUSED 127.0.0.1:8787").
 */
const CONNECT_PROBLEMS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "该地址没有程序在监听（没有运行，或端口不对）",
  ECONNRESET: "连接被对方中断",
  ENOTFOUND: "找不到这个主机名，请检查地址",
  EAI_AGAIN: "暂时无法解析这个主机名，请检查网络后重试",
  ETIMEDOUT: "连接超时，请检查地址和网络",
  UND_ERR_CONNECT_TIMEOUT: "连接超时，请检查地址和网络",
  EHOSTUNREACH: "无法到达该主机，请检查地址和网络",
  ENETUNREACH: "网络不可达，请检查网络",
};

export function connectProblem(error: unknown): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return (code !== undefined ? CONNECT_PROBLEMS[code] : undefined) ?? "网络错误";
}

/** Why a file or folder could not be written, with what to do; Node's own text is English. */
const WRITE_PROBLEMS: Readonly<Record<string, string>> = {
  EACCES: "没有写入权限，请换一个目录或检查权限",
  EPERM: "没有写入权限，请换一个目录或检查权限",
  EROFS: "这个位置是只读的，请换一个目录",
  ENOSPC: "磁盘空间不足，请清理后重试",
  ENOTDIR: "路径中有一段是文件而不是文件夹，请换一个目录",
  EEXIST: "已有同名的文件，请换一个目录名",
  EISDIR: "已有同名的文件夹，请换一个名称",
};

export function writeProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code !== undefined ? WRITE_PROBLEMS[code] : undefined) ?? "无法写入，请换一个目录后重试";
}
