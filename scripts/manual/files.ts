/** Where the manual lives, and the manual the shipped templates give today (cli and test). */
import path from "node:path";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { buildManual, type ManualFiles } from "./build";
import { presentScreenshots } from "./screenshots";

export const DOCS_DIR = path.join(import.meta.dirname, "../../docs");
export const MANUAL_DIR = path.join(DOCS_DIR, "manual");
export const MARKDOWN_FILE = path.join(MANUAL_DIR, "操作手册.md");
export const HTML_FILE = path.join(MANUAL_DIR, "操作手册.html");

export function shippedManual(): ManualFiles {
  return buildManual({
    templates: shippedTemplates,
    county: shippedCountyConfig,
    screenshots: presentScreenshots(DOCS_DIR),
  });
}
