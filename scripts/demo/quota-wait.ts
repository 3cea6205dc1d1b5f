/**
 * Waiting for Google's quota in the open (issue 22, "Quota"): when the worker answers 503 with
 * Retry-After, the demo shows how long is left instead of going quiet. On a terminal one line is
 * rewritten every few seconds; elsewhere (CI, a log file) one line is printed per ~10 s, so a
 * minute's wait costs six lines. The clock, sleep and output are handed in, so a test runs a
 * minute's countdown in no time.
 */

export interface CountdownIo {
  readonly tty: boolean;
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Raw text, line ends included. */
  write(text: string): void;
}

/** The real clock and standard output. */
export function consoleIo(): CountdownIo {
  return {
    tty: process.stdout.isTTY === true,
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    write: (text) => {
      process.stdout.write(text);
    },
  };
}

/** How often the countdown speaks: rewriting a terminal line is free, a log line is not. */
const TTY_STEP_MS = 3_000;
const LOG_STEP_MS = 10_000;
/** Erases the terminal line before it is written again. */
const REWRITE = "\r\x1b[2K";

export function quotaWaitText(seconds: number): string {
  return `谷歌配额已用完，约 ${seconds} 秒后继续……`;
}

/**
 * Waits `seconds`, saying how long is left. Counted by the clock, not by the sleeps, so a slow
 * sleep (a loaded machine) never makes the wait longer than asked.
 */
export async function countdown(seconds: number, io: CountdownIo): Promise<void> {
  const end = io.now() + seconds * 1_000;
  const step = io.tty ? TTY_STEP_MS : LOG_STEP_MS;
  for (let left = end - io.now(); left > 0; left = end - io.now()) {
    const line = `  ${quotaWaitText(Math.ceil(left / 1_000))}`;
    io.write(io.tty ? `${REWRITE}${line}` : `${line}\n`);
    await io.sleep(Math.min(step, left));
  }
  const done = `  已等待 ${seconds} 秒，继续`;
  io.write(io.tty ? `${REWRITE}${done}\n` : `${done}\n`);
}

/**
 * Retry-After as whole seconds from `now` (either form HTTP allows: seconds, or a date); a date
 * already past is 0. Undefined when the header is missing or unreadable: nothing to count down.
 */
export function retryAfterSeconds(header: string | null, now: number): number | undefined {
  const text = header?.trim() ?? "";
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (text === "" || Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1_000));
}
