/**
 * The whole manual from the templates, the county configuration and which screenshots exist.
 * Pure: the same inputs give the same two files, which is what tests/manual compares.
 */
import type { CountyConfig, Templates } from "../../src/core/templates/index";
import { businessChapter, changeChapter, recheckChapter } from "./county";
import { type Manual, p } from "./document";
import { HOW_TO } from "./how-to";
import { messagesChapter } from "./messages";
import { overviewChapter, portalChapter, rolesChapter } from "./people";
import { renderHtml } from "./render-html";
import { renderMarkdown } from "./render-markdown";
import { spreadsheets } from "./roles";
import { approvalChapter, entryChapter, resultsChapter } from "./school";
import { screenshots } from "./screenshots";
import { codesChapter, tabsChapter } from "./tabs";

export interface ManualInput {
  readonly templates: Templates;
  readonly county: CountyConfig;
  /** File names in docs/ of the screenshots present (see screenshots.ts). */
  readonly screenshots: ReadonlySet<string>;
}

export interface ManualFiles {
  readonly markdown: string;
  readonly html: string;
}

export function manual({ templates, county, screenshots: present }: ManualInput): Manual {
  const layouts = spreadsheets(templates, county);
  const shots = screenshots(present);
  return {
    title: `${county.county.name}教师信息采集 操作手册`,
    intro: [
      p(
        `供学校和县教育局各科室使用（${county.notice}）。本手册由 npm run manual 根据表格模板和系统代码生成，列名、规则、代码和提示与系统一致；模板修改后重新生成。`,
      ),
    ],
    chapters: [
      overviewChapter(county, layouts),
      rolesChapter(templates, county, layouts),
      entryChapter(templates, shots),
      resultsChapter(),
      approvalChapter(shots),
      recheckChapter(templates, county),
      changeChapter(county),
      businessChapter(templates),
      portalChapter(shots),
      tabsChapter(templates),
      codesChapter(templates),
      messagesChapter(HOW_TO),
    ],
  };
}

export function buildManual(input: ManualInput): ManualFiles {
  const document = manual(input);
  return { markdown: renderMarkdown(document), html: renderHtml(document) };
}
