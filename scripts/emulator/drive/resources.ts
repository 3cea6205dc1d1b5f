import { invalidArgument, notFound, permissionDenied } from "../errors";
import {
  applyFieldMask,
  type FieldMask,
  parseFieldMask,
  type Shape,
  unknownFields,
} from "../http/field-mask";
import {
  type FileRecord,
  FOLDER_MIME,
  type PermissionRecord,
  type Role,
  roleAtLeast,
  rootFolderId,
  type Store,
  userPermissionId,
} from "../store/store";

/**
 * Drive v3 resources as the API shows them, and the access rules shared by the Drive routes.
 *
 * Like Drive, a response carries only `kind,id,name,mimeType` of a file (and `kind,id,type,role`
 * of a permission) unless `fields` asks for more; a `fields` naming something the resource does
 * not have is a 400, so a typo in the worker's mask fails here first.
 */

export const fileNotFound = (id: string) => notFound(`File not found: ${id}.`);
export const insufficientPermissions = (id: string) =>
  permissionDenied(`The user does not have sufficient permissions for file ${id}.`);

/** Drive's sharing rule: the owner always; writers unless the owner set writersCanShare false. */
export function mayShare(file: FileRecord, role: Role | undefined): boolean {
  return role === "owner" || (roleAtLeast(role, "writer") && file.writersCanShare !== false);
}

const USER: Shape = {
  kind: true,
  displayName: true,
  emailAddress: true,
  me: true,
  permissionId: true,
};
export const PERMISSION: Shape = {
  kind: true,
  id: true,
  type: true,
  role: true,
  emailAddress: true,
  displayName: true,
  deleted: true,
};
const CAPABILITIES: Shape = {
  canEdit: true,
  canShare: true,
  canRename: true,
  canTrash: true,
  canDelete: true,
  canAddChildren: true,
  canListChildren: true,
};
export const FILE: Shape = {
  kind: true,
  id: true,
  name: true,
  mimeType: true,
  parents: true,
  trashed: true,
  explicitlyTrashed: true,
  version: true,
  createdTime: true,
  modifiedTime: true,
  owners: USER,
  ownedByMe: true,
  shared: true,
  webViewLink: true,
  permissions: PERMISSION,
  permissionIds: true,
  capabilities: CAPABILITIES,
  appProperties: true,
  writersCanShare: true,
};

const DEFAULT_FILE_FIELDS = "kind,id,name,mimeType";
const DEFAULT_PERMISSION_FIELDS = "kind,id,type,role";

/** Parses `fields` against the response shape, or returns the Drive default mask. */
export function driveMask(query: URLSearchParams, shape: Shape, fallback: string): FieldMask {
  const text = query.get("fields");
  const mask = parseFieldMask(text ?? fallback);
  const unknown = unknownFields(mask, shape);
  if (unknown.length > 0) throw invalidArgument(`Invalid field selection ${unknown.join(", ")}`);
  return mask;
}

export const defaultFields = {
  file: DEFAULT_FILE_FIELDS,
  files: `kind,incompleteSearch,nextPageToken,files(${DEFAULT_FILE_FIELDS})`,
  permission: DEFAULT_PERMISSION_FIELDS,
  permissions: `kind,nextPageToken,permissions(${DEFAULT_PERMISSION_FIELDS})`,
  changes: `kind,nextPageToken,newStartPageToken,changes(kind,changeType,time,removed,fileId,file(${DEFAULT_FILE_FIELDS}))`,
};

export function masked(value: unknown, mask: FieldMask): unknown {
  return applyFieldMask(value, mask);
}

/**
 * The emulator's own address (no trailing slash), known once it listens: a file's webViewLink
 * opens the emulator's page (ui/), since docs.google.com knows nothing of local files.
 */
export type WebBase = () => string;

export function renderFile(
  store: Store,
  file: FileRecord,
  viewer: string,
  web: WebBase,
): Record<string, unknown> {
  const role = store.roleOf(file, viewer);
  const canEdit = roleAtLeast(role, "writer");
  const isOwner = role === "owner";
  return {
    kind: "drive#file",
    id: file.id,
    name: file.name,
    mimeType: file.mimeType,
    parents: file.parents,
    trashed: file.trashed,
    explicitlyTrashed: file.trashed,
    version: String(file.version),
    createdTime: file.createdTime,
    modifiedTime: file.modifiedTime,
    // Drive shows appProperties only to the app that set them; the emulator is one app.
    appProperties: file.appProperties,
    writersCanShare: file.writersCanShare ?? true,
    owners: [renderUser(file.owner, viewer)],
    ownedByMe: isOwner,
    shared: file.permissions.length > 0,
    webViewLink: webViewLink(file, web()),
    ...(canEdit
      ? {
          permissions: allPermissions(file).map(renderPermission),
          permissionIds: allPermissions(file).map((p) => p.id),
        }
      : {}),
    capabilities: {
      canEdit,
      canShare: mayShare(file, role),
      canRename: canEdit,
      canTrash: isOwner,
      canDelete: isOwner,
      canAddChildren: canEdit && file.mimeType === FOLDER_MIME,
      canListChildren: file.mimeType === FOLDER_MIME,
    },
  };
}

/** The caller's "My Drive": not stored, it always exists and always belongs to the caller. */
export function renderRootFolder(viewer: string): Record<string, unknown> {
  return {
    kind: "drive#file",
    id: rootFolderId(viewer),
    name: "My Drive",
    mimeType: FOLDER_MIME,
    trashed: false,
    explicitlyTrashed: false,
    owners: [renderUser(viewer, viewer)],
    ownedByMe: true,
    capabilities: { canEdit: true, canAddChildren: true, canListChildren: true },
  };
}

export type OwnerPermission = Omit<PermissionRecord, "role"> & { role: Role };

/** Sharing as Drive lists it: the owner first, then everyone else. */
export function allPermissions(file: FileRecord): OwnerPermission[] {
  const owner: OwnerPermission = {
    id: userPermissionId(file.owner),
    type: "user",
    role: "owner",
    emailAddress: file.owner,
  };
  return [owner, ...file.permissions];
}

export function renderPermission(p: OwnerPermission): Record<string, unknown> {
  return {
    kind: "drive#permission",
    id: p.id,
    type: p.type,
    role: p.role,
    ...(p.emailAddress
      ? { emailAddress: p.emailAddress, displayName: displayName(p.emailAddress) }
      : {}),
    deleted: false,
  };
}

function renderUser(email: string, viewer: string): Record<string, unknown> {
  return {
    kind: "drive#user",
    displayName: displayName(email),
    emailAddress: email,
    me: email === viewer,
    permissionId: userPermissionId(email),
  };
}

function displayName(email: string): string {
  return email.split("@")[0] ?? email;
}

/** The local sheet page for a spreadsheet; the account's file list for a folder. */
function webViewLink(file: FileRecord, base: string): string {
  if (file.mimeType === FOLDER_MIME) return `${base}/ui/files`;
  return `${base}/ui/s/${encodeURIComponent(file.id)}`;
}

/** The file as `caller` may see it, or Drive's 404 when they may not see it at all. */
export function visibleFile(store: Store, id: string, caller: string, needed: Role = "reader") {
  const file = store.file(id);
  const role = file && store.roleOf(file, caller);
  if (!file || !role) throw fileNotFound(id);
  if (!roleAtLeast(role, needed)) throw insufficientPermissions(id);
  return file;
}
