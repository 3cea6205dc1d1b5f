import {
  appendFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

/**
 * The emulator's on-disk home. Every write goes to a temporary file that is then renamed over the
 * target, so a crash or Ctrl-C mid-write leaves the previous version intact, never half a file.
 * Writes are synchronous on purpose: each mutation is on disk before its HTTP answer leaves, so
 * "the emulator said 200" always means "it survives a restart".
 */
export class DataDir {
  private tempCounter = 0;

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  readJson(relativePath: string): unknown {
    const file = path.join(this.root, relativePath);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(`Expected ${file} to hold JSON, got unparseable text: ${String(error)}`);
    }
  }

  writeJson(relativePath: string, value: unknown): void {
    const file = path.join(this.root, relativePath);
    mkdirSync(path.dirname(file), { recursive: true });
    this.tempCounter += 1;
    const temp = `${file}.${process.pid}.${this.tempCounter}.tmp`;
    writeFileSync(temp, JSON.stringify(value));
    renameSync(temp, file);
  }

  /**
   * Appends one line. A process killed mid-append leaves at most that line cut short, which
   * `readLines` hands back as the last line for the reader to drop.
   */
  appendLine(relativePath: string, line: string): void {
    appendFileSync(path.join(this.root, relativePath), `${line}\n`);
  }

  /** The file's non-empty lines, or none when it does not exist. */
  readLines(relativePath: string): string[] {
    let text: string;
    try {
      text = readFileSync(path.join(this.root, relativePath), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    return text.split("\n").filter((line) => line !== "");
  }

  remove(relativePath: string): void {
    rmSync(path.join(this.root, relativePath), { force: true, recursive: true });
  }

  /** File names (not paths) directly inside `relativeDir`, or none when it does not exist. */
  list(relativeDir: string): string[] {
    try {
      return readdirSync(path.join(this.root, relativeDir));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
  }
}
