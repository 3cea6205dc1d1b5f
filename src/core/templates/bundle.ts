/**
 * The shipped templates, imported statically so that tsx, vitest and the worker bundler all
 * inline the same JSON. Add a new section file here as well as under sheet-templates/sections/.
 */
import codes from "../../../sheet-templates/codes.json" with { type: "json" };
import county from "../../../sheet-templates/county.json" with { type: "json" };
import s01 from "../../../sheet-templates/sections/01-basic.json" with { type: "json" };
import s02 from "../../../sheet-templates/sections/02-education.json" with { type: "json" };
import s03 from "../../../sheet-templates/sections/03-work.json" with { type: "json" };
import s04 from "../../../sheet-templates/sections/04-post.json" with { type: "json" };
import s05 from "../../../sheet-templates/sections/05-title.json" with { type: "json" };
import s06 from "../../../sheet-templates/sections/06-qualification.json" with { type: "json" };
import s07 from "../../../sheet-templates/sections/07-teaching.json" with { type: "json" };
import s08 from "../../../sheet-templates/sections/08-research.json" with { type: "json" };
import s09 from "../../../sheet-templates/sections/09-talent.json" with { type: "json" };
import s10 from "../../../sheet-templates/sections/10-training.json" with { type: "json" };
import s11 from "../../../sheet-templates/sections/11-overseas.json" with { type: "json" };
import s12 from "../../../sheet-templates/sections/12-skills.json" with { type: "json" };
import s13 from "../../../sheet-templates/sections/13-rotation.json" with { type: "json" };
import s14 from "../../../sheet-templates/sections/14-contact.json" with { type: "json" };
import s21 from "../../../sheet-templates/sections/21-transfer-request.json" with { type: "json" };
import s22 from "../../../sheet-templates/sections/22-status-change-request.json" with {
  type: "json",
};
import s23 from "../../../sheet-templates/sections/23-rotation-request.json" with { type: "json" };
import trailing from "../../../sheet-templates/trailing.json" with { type: "json" };
import variants from "../../../sheet-templates/variants.json" with { type: "json" };
import { type CountyConfig, loadCountyConfig } from "./county";
import { formatTemplateIssue, type TemplateResult } from "./issues";
import { loadTemplates, type RawTemplates, type Templates } from "./load";

export const rawTemplates: RawTemplates = {
  codes,
  trailing,
  variants,
  sections: {
    "sections/01-basic.json": s01,
    "sections/02-education.json": s02,
    "sections/03-work.json": s03,
    "sections/04-post.json": s04,
    "sections/05-title.json": s05,
    "sections/06-qualification.json": s06,
    "sections/07-teaching.json": s07,
    "sections/08-research.json": s08,
    "sections/09-talent.json": s09,
    "sections/10-training.json": s10,
    "sections/11-overseas.json": s11,
    "sections/12-skills.json": s12,
    "sections/13-rotation.json": s13,
    "sections/14-contact.json": s14,
    "sections/21-transfer-request.json": s21,
    "sections/22-status-change-request.json": s22,
    "sections/23-rotation-request.json": s23,
  },
};

export const rawCountyConfig: unknown = county;

/** The shipped files are part of the build: a broken one is a programming error, so fail loudly. */
function unwrap<T>(result: TemplateResult<T>, what: string): T {
  if (result.ok) return result.value;
  throw new Error(`${what}:\n${result.issues.map(formatTemplateIssue).join("\n")}`);
}

export const shippedTemplates: Templates = unwrap(loadTemplates(rawTemplates), "sheet-templates");
export const shippedCountyConfig: CountyConfig = unwrap(
  loadCountyConfig(rawCountyConfig),
  "sheet-templates/county.json",
);
