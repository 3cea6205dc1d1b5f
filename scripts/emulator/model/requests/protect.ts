/**
 * addProtectedRange, updateProtectedRange, deleteProtectedRange. New protections are editable by
 * the owner and the caller plus any listed editors; only those may later change or remove them.
 */
import { invalidArgument, unimplemented } from "../../errors";
import { applyMask, checkPaths, parseFieldMask } from "../fields";
import { nextId } from "../ids";
import { assertCanEdit, assertCanManage, requestingUserCanEdit } from "../protection";
import { readGridRange, rectOf, requireSheet } from "../ranges";
import { type Obj, obj, onlyKeys, optArr, optBool, optInt, optStr } from "../shape";
import type { Actor, Editors, JsonObject, ProtectedRange, SheetDoc } from "../types";
import { type Ctx, targetRect } from "./context";

const FIELDS = [
  "protectedRangeId",
  "range",
  "namedRangeId",
  "description",
  "warningOnly",
  "requestingUserCanEdit",
  "unprotectedRanges",
  "editors",
] as const;
const WRITABLE = ["range", "description", "warningOnly", "unprotectedRanges", "editors"] as const;

function readEditors(value: unknown, where: string): Editors {
  const o = obj(value, where);
  onlyKeys(o, ["users", "groups", "domainUsersCanEdit"], where);
  const list = (key: "users" | "groups") =>
    (optArr(o[key], `${where}.${key}`) ?? []).map(
      (v, i) => optStr(v, `${where}.${key}[${i}]`) ?? "",
    );
  const editors: Editors = { users: list("users"), groups: list("groups") };
  const domain = optBool(o.domainUsersCanEdit, `${where}.domainUsersCanEdit`);
  if (domain !== undefined) editors.domainUsersCanEdit = domain;
  return editors;
}

/** Reads the parts of a ProtectedRange body that a request may set. */
function readProtectedRange(
  ctx: Ctx,
  value: unknown,
  where: string,
): Partial<ProtectedRange> & Obj {
  const o = obj(value, where);
  onlyKeys(o, FIELDS, where);
  if (o.namedRangeId !== undefined) {
    throw unimplemented(`${where}.namedRangeId: named ranges are not supported by the emulator`);
  }
  const out: Partial<ProtectedRange> & Obj = {};
  const id = optInt(o.protectedRangeId, `${where}.protectedRangeId`);
  if (id !== undefined) out.protectedRangeId = id;
  if (o.range !== undefined) {
    targetRect(ctx, o.range, `${where}.range`);
    out.range = readGridRange(ctx.doc, o.range, `${where}.range`);
  }
  const description = optStr(o.description, `${where}.description`);
  if (description !== undefined) out.description = description;
  const warningOnly = optBool(o.warningOnly, `${where}.warningOnly`);
  if (warningOnly !== undefined) out.warningOnly = warningOnly;
  if (o.unprotectedRanges !== undefined) {
    out.unprotectedRanges = (optArr(o.unprotectedRanges, `${where}.unprotectedRanges`) ?? []).map(
      (r, i) => readGridRange(ctx.doc, r, `${where}.unprotectedRanges[${i}]`),
    );
  }
  if (o.editors !== undefined) out.editors = readEditors(o.editors, `${where}.editors`);
  return out;
}

function withOwnerAndCaller(ctx: Ctx, editors: Editors | undefined): Editors {
  const users = [ctx.doc.ownerEmail, ctx.actor.email, ...(editors?.users ?? [])];
  const unique = users.filter(
    (u, i) => u !== "" && users.findIndex((x) => x.toLowerCase() === u.toLowerCase()) === i,
  );
  return { ...editors, users: unique, groups: editors?.groups ?? [] };
}

/** A ProtectedRange as Google returns it to `actor`. */
export function renderProtectedRange(pr: ProtectedRange, actor: Actor | undefined): JsonObject {
  const out: JsonObject = structuredClone(pr) as unknown as JsonObject;
  out.requestingUserCanEdit = requestingUserCanEdit(pr, actor);
  // Google hides the editor list from callers who may not edit the range.
  if (!out.requestingUserCanEdit || pr.warningOnly) delete out.editors;
  return out;
}

function locate(ctx: Ctx, id: number): { sheet: SheetDoc; pr: ProtectedRange } {
  for (const sheet of ctx.doc.sheets) {
    const pr = sheet.protectedRanges.find((p) => p.protectedRangeId === id);
    if (pr) return { sheet, pr };
  }
  throw invalidArgument(`No protected range with id: ${id}`);
}

export function addProtectedRange(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["protectedRange"], where);
  const input = readProtectedRange(ctx, body.protectedRange, `${where}.protectedRange`);
  if (!input.range) throw invalidArgument(`${where}.protectedRange: a range is required`);
  if (input.protectedRangeId !== undefined) {
    const taken = ctx.doc.sheets.some((s) =>
      s.protectedRanges.some((p) => p.protectedRangeId === input.protectedRangeId),
    );
    if (taken)
      throw invalidArgument(`A protected range with id ${input.protectedRangeId} already exists.`);
  }
  // Protecting cells the caller cannot edit would let them take the cells over.
  assertCanEdit(ctx.doc, rectOf(input.range), ctx.actor);
  const pr: ProtectedRange = {
    protectedRangeId: input.protectedRangeId ?? nextId(ctx.doc),
    range: input.range,
    editors: withOwnerAndCaller(ctx, input.editors),
  };
  if (input.description !== undefined) pr.description = input.description;
  if (input.warningOnly) pr.warningOnly = true;
  if (input.unprotectedRanges?.length) pr.unprotectedRanges = input.unprotectedRanges;
  requireSheet(ctx.doc, pr.range.sheetId).protectedRanges.push(pr);
  return { protectedRange: renderProtectedRange(pr, ctx.actor) };
}

export function updateProtectedRange(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["protectedRange", "fields"], where);
  const input = readProtectedRange(ctx, body.protectedRange, `${where}.protectedRange`);
  if (input.protectedRangeId === undefined) {
    throw invalidArgument(`${where}.protectedRange: protectedRangeId is required`);
  }
  const paths = checkPaths(parseFieldMask(body.fields, where), WRITABLE, where, [
    "range",
    "description",
    "warningOnly",
    "unprotectedRanges",
  ]);
  const { sheet, pr } = locate(ctx, input.protectedRangeId);
  assertCanManage(pr, ctx.actor);
  const next = structuredClone(pr) as unknown as Record<string, unknown>;
  applyMask(next, input, paths);
  const updated = next as unknown as ProtectedRange;
  if (!updated.range)
    throw invalidArgument(`${where}: the range of a protection cannot be cleared`);
  updated.editors = withOwnerAndCaller(ctx, updated.editors);
  sheet.protectedRanges = sheet.protectedRanges.filter((p) => p !== pr);
  requireSheet(ctx.doc, updated.range.sheetId).protectedRanges.push(updated);
  return {};
}

export function deleteProtectedRange(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["protectedRangeId"], where);
  const id = optInt(body.protectedRangeId, `${where}.protectedRangeId`);
  if (id === undefined) throw invalidArgument(`${where}: protectedRangeId is required`);
  const { sheet, pr } = locate(ctx, id);
  assertCanManage(pr, ctx.actor);
  sheet.protectedRanges = sheet.protectedRanges.filter((p) => p !== pr);
  return {};
}
