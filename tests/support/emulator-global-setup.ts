import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmulator } from "../../scripts/emulator/server";

declare module "vitest" {
  export interface ProvidedContext {
    emulatorUrl: string;
  }
}

/**
 * Worker tests reach "Google" the way the deployed worker would: over fetch, to a real emulator
 * server started here in Node. Each test file registers its own service account, so files running
 * side by side see only their own spreadsheets and their own request counters.
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(tmpdir(), "tmis-emulator-"));
  const emulator = await startEmulator({ port: 0, dataDir });
  project.provide("emulatorUrl", emulator.url);
  return async () => {
    await emulator.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
