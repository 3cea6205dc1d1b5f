/** One school, its spreadsheet's layout and its owner, as the planner tests start from. */
import type { Grant, SpreadsheetLayout } from "../../src/core/provision/index";
import { schoolLayout } from "../../src/core/provision/index";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { type School, templateFor } from "../../src/core/templates/index";

export const SA = "tmis-sync@tmis-sync-emulator.iam.gserviceaccount.com";

export const school: School = {
  code: "4306230002",
  name: "华容县实验小学",
  category: "primary_secondary",
  schoolType: "21",
  township: "章华镇",
  systemAdmins: ["s2-admin@hrjy.example.cn"],
  infoAdmins: ["s2-info@hrjy.example.cn"],
  principals: ["s2-head@hrjy.example.cn"],
  viewers: ["s2-view@hrjy.example.cn"],
};

/** The sections and request tabs of its category, in tab order. */
export const sections = templateFor(shippedTemplates, school.category);

export function layoutFor(s: School = school): SpreadsheetLayout {
  return schoolLayout({
    school: s,
    categoryTitle: shippedTemplates.categories[s.category].title,
    sections: templateFor(shippedTemplates, s.category),
    codeTables: shippedTemplates.codeTables,
    county: shippedCountyConfig,
    serviceAccount: SA,
  });
}

/** The file's owner, as Drive lists it. */
export const OWNER = [
  { id: "owner", type: "user", emailAddress: "admin@hrjy.example.cn", role: "owner" },
];

/** A grant as the permission Drive would list for it. */
export const asPermission = (g: Grant) => ({
  id: g.email,
  type: "user",
  emailAddress: g.email,
  role: g.role,
});
