/**
 * `npm run manual`: writes docs/manual/操作手册.md and .html from the shipped templates. Run it
 * after changing sheet-templates/ (tests/manual fails until the checked-in files match).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { HTML_FILE, MANUAL_DIR, MARKDOWN_FILE, shippedManual } from "./files";

const files = shippedManual();
mkdirSync(MANUAL_DIR, { recursive: true });
writeFileSync(MARKDOWN_FILE, files.markdown);
writeFileSync(HTML_FILE, files.html);
const shown = (file: string) => path.relative(process.cwd(), file);
console.log(`已生成 ${shown(MARKDOWN_FILE)} 和 ${shown(HTML_FILE)}`);
