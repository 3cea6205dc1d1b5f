/**
 * The README documents every setting (issue 22): each environment variable the worker, the
 * scripts or the tests read has a row in its tables, each option a command's `--help` prints is
 * in the command table (made from those helps by scripts/readme/cli-table.ts), and the users'
 * part is Chinese with the quick start's two commands literally there.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  COMMANDS,
  cliTable,
  optionName,
  optionRows,
  tableIn,
  unpadded,
} from "../../scripts/readme/cli-table";

const ROOT = path.resolve(import.meta.dirname, "../..");
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");
const DEVELOPERS = "\n# For developers";
const usersPart = README.slice(0, README.indexOf(DEVELOPERS));
const developersPart = README.slice(README.indexOf(DEVELOPERS));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.(ts|js|mjs)$/.test(name) ? [file] : [];
  });
}

/**
 * Every variable read: `process.env.X` / `process.env["X"]` anywhere, `env.X` of the worker's
 * Env and of the scripts' environments, the test knobs the Google client reads (`knobs.X`), the
 * upper-case string members of env-like interfaces, and wrangler.toml's vars and bindings.
 */
function variablesRead(): Set<string> {
  const found = new Set<string>();
  const patterns = [
    /process\.env\.([A-Z][A-Z0-9_]+)/g,
    /process\.env\[["']([A-Z][A-Z0-9_]+)["']\]/g,
    /\b(?:env|knobs)\.([A-Z][A-Z0-9_]+)\b/g,
    /^\s+([A-Z][A-Z0-9_]{2,})\??: string;/gm,
  ];
  const files = [
    ...sources(path.join(ROOT, "src")),
    ...sources(path.join(ROOT, "scripts")),
    ...sources(path.join(ROOT, "tests")).filter(
      (file) => !file.endsWith("readme-settings.test.ts"),
    ),
  ];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const pattern of patterns)
      for (const match of text.matchAll(pattern)) found.add(match[1] ?? "");
  }
  const toml = readFileSync(path.join(ROOT, "wrangler.toml"), "utf8");
  const vars = /^\[vars\]\n([\s\S]*?)(?=^\[)/m.exec(toml)?.[1] ?? "";
  for (const match of vars.matchAll(/^([A-Z][A-Z0-9_]+)\s*=/gm)) found.add(match[1] ?? "");
  for (const match of toml.matchAll(/^(?:binding|name)\s*=\s*"([A-Z][A-Z0-9_]+)"/gm))
    found.add(match[1] ?? "");
  found.delete("");
  return found;
}

/** A variable documented: the first cell of a table row is the name in backticks. */
const rowFor = (part: string, name: string) => new RegExp(`^\\| *\`${name}\` *\\|`, "m").test(part);

describe("README: environment variables", () => {
  const read = variablesRead();

  it("finds the variables it must (the scan itself works)", () => {
    for (const name of ["EMULATOR_PORT", "WORKER_PORT", "TICK_SECONDS", "CAMPAIGN", "ADMIN_TOKEN"])
      expect(read).toContain(name);
    expect(read).toContain("GOOGLE_QUOTA_MAX_WAIT_MS");
    expect(read).toContain("CHROMIUM_PATH");
    expect(read).toContain("SYNC_QUEUE");
  });

  it("has every variable read by src/, scripts/ or tests/ in the developers' table", () => {
    const missing = [...read].filter((name) => !rowFor(developersPart, name));
    expect(missing, "add a row `| \\`NAME\\` | … |` to README's developers' part").toEqual([]);
  });

  it("has the ones users set in the users' part, in Chinese", () => {
    for (const name of ["EMULATOR_PORT", "WORKER_PORT", "TICK_SECONDS", "CAMPAIGN"]) {
      const row = new RegExp(`^\\| *\`${name}\` *\\|(.*)$`, "m").exec(usersPart)?.[1];
      expect(row, name).toBeDefined();
      expect(row).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const run = promisify(execFile);
/** The script each command runs (package.json), so its real `--help` is what is compared. */
const SCRIPT_OF: Record<string, string> = {
  "npm start": "scripts/start.ts",
  "npm run practice": "scripts/practice/cli.ts",
  "npm run provision": "scripts/provision/cli.ts",
  "npm run validate": "scripts/validate/cli.ts",
  "npm run report": "scripts/report/cli.ts",
  "npm run export": "scripts/export/cli.ts",
  "npm run emulator": "scripts/emulator/cli.ts",
  "npm run bench": "scripts/bench/run.ts",
};

describe("README: commands and options", () => {
  it("names the script of every command as package.json does", () => {
    const scripts = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;
    for (const [command, file] of Object.entries(SCRIPT_OF)) {
      const name = command === "npm start" ? "start" : command.replace("npm run ", "");
      expect(scripts[name]).toBe(`tsx ${file}`);
    }
    expect(COMMANDS.map((c) => c.command).sort()).toEqual(Object.keys(SCRIPT_OF).sort());
  });

  it("has every option each command's --help prints", { timeout: 120_000 }, async () => {
    const helps = await Promise.all(
      Object.entries(SCRIPT_OF).map(async ([command, file]) => {
        const { stdout } = await run(TSX, [path.join(ROOT, file), "--help"], { cwd: ROOT });
        return { command, stdout };
      }),
    );

    for (const { command, stdout } of helps) {
      const part = COMMANDS.find((c) => c.command === command)?.part ?? "users";
      const table = tableIn(part === "users" ? usersPart : developersPart, part);
      const options = optionRows(stdout);
      expect(options.length, command).toBeGreaterThan(0);
      for (const { option } of options) {
        const row = new RegExp(
          `^\\| \`${command}\` +\\| \`${escapeRegExp(optionName(option))}[ \`]`,
          "m",
        );
        expect(table, `${command} ${option}`).toMatch(row);
      }
      // The table is made from the same text the command prints.
      expect(stdout.trim()).toBe(COMMANDS.find((c) => c.command === command)?.usage.trim());
    }
  });

  it("holds the table as scripts/readme/cli-table.ts makes it (run it after changing a --help)", () => {
    expect(unpadded(tableIn(usersPart, "users"))).toBe(unpadded(cliTable("users")));
    expect(unpadded(tableIn(developersPart, "developers"))).toBe(unpadded(cliTable("developers")));
  });
});

describe("README: the users' part", () => {
  it("keeps the quick start's two commands literally", () => {
    expect(usersPart).toContain("npm ci && npm run demo");
    expect(usersPart).toContain("npm ci && npm test");
  });

  it("has Chinese headings only (command names aside)", () => {
    const headings = usersPart.split("\n").filter((line) => /^#{2,} /.test(line));
    expect(headings.length).toBeGreaterThan(10);
    const english = headings.filter((h) =>
      /[A-Za-z]{3,}/.test(h.replace(/`[^`]*`|npm start|tmis-sync/g, "")),
    );
    expect(english).toEqual([]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
