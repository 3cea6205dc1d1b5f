/**
 * Screenshots the browser tests leave in docs/. The manual shows one only if the file exists
 * when it is generated, so it never points at a picture that is not there.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { type Block, p } from "./document";

/** Every picture the manual may show, by file name in docs/. */
export const SCREENSHOTS = [
  "portal-record.png",
  "local-sheets.png",
  "local-sheets-refused.png",
  "slips.png",
];

export interface Screenshots {
  /** The image with its caption, or nothing when the file is missing. */
  image(file: string, caption: string): Block[];
}

export function screenshots(present: ReadonlySet<string>): Screenshots {
  return {
    image: (file, caption) =>
      present.has(file)
        ? [{ kind: "image", src: `../${file}`, alt: caption }, p(`图：${caption}`)]
        : [],
  };
}

export function presentScreenshots(docsDir: string): Set<string> {
  return new Set(SCREENSHOTS.filter((file) => existsSync(path.join(docsDir, file))));
}
