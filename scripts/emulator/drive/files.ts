import { z } from "zod";
import { ApiError, invalidArgument } from "../errors";
import { type ApiCall, type ApiRoute, integerParam, ok, type Reply } from "../http/router";
import { applyBatchUpdate, createSpreadsheet } from "../model/index";
import { createSpreadsheetFile, ownerActor } from "../sheets/routes";
import {
  type FileRecord,
  FOLDER_MIME,
  newFileId,
  roleAtLeast,
  rootFolderId,
  SPREADSHEET_MIME,
  type Store,
} from "../store/store";
import { type Candidate, matches, parseQuery } from "./query";
import {
  allPermissions,
  defaultFields,
  driveMask,
  FILE,
  fileNotFound,
  insufficientPermissions,
  masked,
  renderFile,
  renderRootFolder,
  visibleFile,
  type WebBase,
} from "./resources";
import { driveRoute, ignoredDriveParams } from "./route";

/**
 * Drive v3 files: metadata only. Folders and Google Sheets can be created (a spreadsheet gets an
 * empty document, as Drive's "new spreadsheet" does); anything with content would need the
 * upload endpoints, which answer 501.
 */

/** Drive limits one appProperty's key plus value to 124 bytes. */
const AppPropertyKey = z.string().min(1);
const withinPropertyLimit = (props: Record<string, string | null>) =>
  Object.entries(props).every(([k, v]) => Buffer.byteLength(k + (v ?? "")) <= 124);
const AppProperties = z
  .record(AppPropertyKey, z.string().nullable())
  .refine(withinPropertyLimit, "an appProperties key plus value exceeds 124 bytes");

const CreateBody = z.strictObject({
  name: z.string().optional(),
  mimeType: z.string().optional(),
  parents: z.array(z.string()).max(1).optional(),
  appProperties: AppProperties.optional(),
  writersCanShare: z.boolean().optional(),
});

const UpdateBody = z.strictObject({
  name: z.string().min(1).optional(),
  trashed: z.boolean().optional(),
  appProperties: AppProperties.optional(),
  writersCanShare: z.boolean().optional(),
});

/** Drive's update semantics: given keys are set, a null value removes its key. */
function mergeAppProperties(
  current: Record<string, string>,
  patch: Record<string, string | null> | undefined,
): Record<string, string> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

const LIST_PARAMS = [
  "q",
  "pageSize",
  "pageToken",
  "orderBy",
  "spaces",
  "corpora",
  ...ignoredDriveParams,
];

export function fileRoutes(store: Store, web: WebBase): ApiRoute[] {
  return [
    driveRoute("files.list", "read", "GET", "/files", LIST_PARAMS, (call) =>
      list(store, call, web),
    ),
    driveRoute("files.get", "read", "GET", "/files/([^/]+)", ignoredDriveParams, (call) => {
      const id = call.params[0] ?? "";
      const mask = driveMask(call.query, FILE, defaultFields.file);
      const email = call.caller.email;
      if (id === "root" || id === rootFolderId(email))
        return ok(masked(renderRootFolder(email), mask));
      return ok(masked(renderFile(store, visibleFile(store, id, email), email, web), mask));
    }),
    driveRoute("files.create", "write", "POST", "/files", ignoredDriveParams, (call) =>
      create(store, call, web),
    ),
    driveRoute(
      "files.update",
      "write",
      "PATCH",
      "/files/([^/]+)",
      ["addParents", "removeParents", ...ignoredDriveParams],
      (call) => update(store, call, web),
    ),
    driveRoute("files.delete", "write", "DELETE", "/files/([^/]+)", ignoredDriveParams, (call) => {
      const id = call.params[0] ?? "";
      const file = visibleFile(store, id, call.caller.email);
      if (store.roleOf(file, call.caller.email) !== "owner") throw insufficientPermissions(id);
      store.deleteFile(id);
      return { status: 204 };
    }),
  ];
}

function list(store: Store, call: ApiCall, web: WebBase): Reply {
  const email = call.caller.email;
  const mask = driveMask(
    call.query,
    { kind: true, incompleteSearch: true, nextPageToken: true, files: FILE },
    defaultFields.files,
  );
  const spaces = call.query.get("spaces");
  const corpora = call.query.get("corpora");
  if ((spaces !== null && spaces !== "drive") || (corpora !== null && corpora !== "user")) {
    throw new ApiError(
      "UNIMPLEMENTED",
      "The emulator has only My Drive: spaces=drive, corpora=user",
    );
  }
  const pageSize = integerParam(call.query, "pageSize") ?? 100;
  if (pageSize < 1 || pageSize > 1000) {
    throw invalidArgument(`Invalid Value: pageSize must be 1 to 1000, got ${pageSize}`);
  }
  const q = call.query.get("q");
  const query = q ? parseQuery(q) : undefined;
  const visible = store.files().filter((f) => store.roleOf(f, email) !== undefined);
  const found = visible.filter((f) => !query || matches(query, candidate(f, email)));
  found.sort(ordering(call.query.get("orderBy")));
  const offset = decodePageToken(call.query.get("pageToken"));
  const page = found.slice(offset, offset + pageSize);
  const next = offset + pageSize < found.length ? encodePageToken(offset + pageSize) : undefined;
  return ok(
    masked(
      {
        kind: "drive#fileList",
        incompleteSearch: false,
        ...(next ? { nextPageToken: next } : {}),
        files: page.map((f) => renderFile(store, f, email, web)),
      },
      mask,
    ),
  );
}

function candidate(file: FileRecord, viewer: string): Candidate {
  const withRole = (role: "writer" | "reader") =>
    allPermissions(file)
      .filter((p) => roleAtLeast(p.role, role) && p.role !== "owner")
      .map((p) => (p.type === "anyone" ? "anyone" : (p.emailAddress ?? "")));
  return {
    name: file.name,
    mimeType: file.mimeType,
    modifiedTime: Date.parse(file.modifiedTime),
    createdTime: Date.parse(file.createdTime),
    trashed: file.trashed,
    // `'root' in parents` means the caller's My Drive, as in Drive.
    parents: file.parents.includes(rootFolderId(viewer)) ? [...file.parents, "root"] : file.parents,
    owners: [file.owner],
    appProperties: file.appProperties,
    writers: withRole("writer"),
    readers: withRole("reader"),
  };
}

const orderKeys = {
  createdTime: (f: FileRecord) => f.createdTime,
  modifiedTime: (f: FileRecord) => f.modifiedTime,
  name: (f: FileRecord) => f.name,
  folder: (f: FileRecord) => (f.mimeType === FOLDER_MIME ? "0" : "1"),
} as const;
const DRIVE_ONLY_ORDER_KEYS = [
  "name_natural",
  "quotaBytesUsed",
  "recency",
  "sharedWithMeTime",
  "starred",
  "viewedByMeTime",
  "modifiedByMeTime",
];

function ordering(orderBy: string | null): (a: FileRecord, b: FileRecord) => number {
  if (!orderBy) return () => 0;
  const keys = orderBy.split(",").map((part) => {
    const [key = "", direction, ...rest] = part.trim().split(/\s+/);
    if (DRIVE_ONLY_ORDER_KEYS.includes(key)) {
      throw new ApiError("UNIMPLEMENTED", `The emulator cannot order by ${key}`);
    }
    if (
      !(key in orderKeys) ||
      rest.length > 0 ||
      (direction !== undefined && direction !== "desc")
    ) {
      throw invalidArgument(
        `Invalid Value: orderBy: expected keys among ${Object.keys(orderKeys).join(", ")} each optionally followed by desc, got "${orderBy}"`,
      );
    }
    return { get: orderKeys[key as keyof typeof orderKeys], sign: direction === "desc" ? -1 : 1 };
  });
  return (a, b) => {
    for (const { get, sign } of keys) {
      const x = get(a);
      const y = get(b);
      if (x !== y) return x < y ? -sign : sign;
    }
    return 0;
  };
}

function encodePageToken(offset: number): string {
  return Buffer.from(`files:${offset}`).toString("base64url");
}

function decodePageToken(token: string | null): number {
  if (token === null) return 0;
  const match = /^files:(\d+)$/.exec(Buffer.from(token, "base64url").toString());
  if (!match)
    throw invalidArgument(`Invalid Value: pageToken "${token}" was not issued by files.list`);
  return Number(match[1]);
}

function create(store: Store, call: ApiCall, web: WebBase): Reply {
  const email = call.caller.email;
  const mask = driveMask(call.query, FILE, defaultFields.file);
  const body = parseBody(CreateBody, call.body);
  const mimeType = body.mimeType ?? "";
  const parents = (body.parents ?? []).map((p) => (p === "root" ? rootFolderId(email) : p));
  for (const parent of parents) {
    if (parent === rootFolderId(email)) continue;
    const folder = visibleFile(store, parent, email, "writer");
    if (folder.mimeType !== FOLDER_MIME) throw invalidArgument(`Parent ${parent} is not a folder.`);
  }
  let file: FileRecord;
  if (mimeType === SPREADSHEET_MIME) {
    const id = newFileId(SPREADSHEET_MIME);
    const title = body.name ?? "Untitled spreadsheet";
    const doc = createSpreadsheet(id, { properties: { title } }, email);
    const props = mergeAppProperties({}, body.appProperties);
    file = createSpreadsheetFile(store, id, doc, email, parents, props);
  } else if (mimeType === FOLDER_MIME) {
    file = store.createFile({
      id: newFileId(FOLDER_MIME),
      name: body.name ?? "Untitled folder",
      mimeType,
      parents: parents.length ? parents : [rootFolderId(email)],
      owner: email,
      appProperties: mergeAppProperties({}, body.appProperties),
    });
  } else {
    throw new ApiError(
      "UNIMPLEMENTED",
      `The emulator creates only folders and Google Sheets without upload, got mimeType "${mimeType}"`,
    );
  }
  if (body.writersCanShare !== undefined) {
    const writersCanShare = body.writersCanShare;
    store.revise(file.id, {
      apply: (f) => {
        f.writersCanShare = writersCanShare;
      },
      touchesContent: false,
    });
  }
  return ok(masked(renderFile(store, store.file(file.id) ?? file, email, web), mask));
}

function update(store: Store, call: ApiCall, web: WebBase): Reply {
  const id = call.params[0] ?? "";
  const email = call.caller.email;
  const mask = driveMask(call.query, FILE, defaultFields.file);
  const body = parseBody(UpdateBody, call.body ?? {});
  const file = visibleFile(store, id, email, "writer");
  const isOwner = store.roleOf(file, email) === "owner";
  const ownerOnly = [
    body.trashed !== undefined && body.trashed !== file.trashed,
    body.writersCanShare !== undefined && body.writersCanShare !== (file.writersCanShare ?? true),
  ];
  if (ownerOnly.some(Boolean) && !isOwner) throw insufficientPermissions(id);
  const add = splitIds(call.query.get("addParents")).map((p) =>
    p === "root" ? rootFolderId(email) : p,
  );
  const remove = splitIds(call.query.get("removeParents")).map((p) =>
    p === "root" ? rootFolderId(email) : p,
  );
  for (const parent of add) {
    if (parent === rootFolderId(email)) continue;
    const folder = visibleFile(store, parent, email, "writer");
    if (folder.mimeType !== FOLDER_MIME) throw invalidArgument(`Parent ${parent} is not a folder.`);
  }
  const renamedDoc =
    body.name !== undefined && file.mimeType === SPREADSHEET_MIME
      ? retitle(store, file, body.name)
      : undefined;
  store.revise(id, {
    ...(renamedDoc ? { doc: renamedDoc } : {}),
    apply: (f) => {
      if (body.name !== undefined) f.name = body.name;
      if (body.trashed !== undefined) f.trashed = body.trashed;
      f.appProperties = mergeAppProperties(f.appProperties, body.appProperties);
      if (body.writersCanShare !== undefined) f.writersCanShare = body.writersCanShare;
      f.parents = [
        ...f.parents.filter((p) => !remove.includes(p)),
        ...add.filter((p) => !f.parents.includes(p)),
      ];
    },
    touchesContent: true,
  });
  return ok(masked(renderFile(store, file, email, web), mask));
}

/** A spreadsheet's Drive name is its title; renaming in Drive renames the document too. */
function retitle(store: Store, file: FileRecord, title: string) {
  const doc = store.doc(file.id);
  if (!doc) throw fileNotFound(file.id);
  const request = { updateSpreadsheetProperties: { properties: { title }, fields: "title" } };
  return applyBatchUpdate(doc, { requests: [request] }, ownerActor(file)).doc;
}

function splitIds(value: string | null): string[] {
  return value
    ? value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field =
    issue?.path.join(".") || (issue?.code === "unrecognized_keys" ? issue.keys.join(", ") : "body");
  if (issue?.code === "unrecognized_keys") {
    throw new ApiError("UNIMPLEMENTED", `The emulator does not support the field(s) ${field} here`);
  }
  throw invalidArgument(`Invalid value at '${field}': ${issue?.message ?? "invalid"}`);
}
