import { z } from "zod";
import { ApiError, invalidArgument, notFound, permissionDenied } from "../errors";
import { type ApiRoute, booleanParam, ok } from "../http/router";
import {
  type FileRecord,
  type PermissionRecord,
  type Store,
  userPermissionId,
} from "../store/store";
import { parseBody } from "./files";
import {
  allPermissions,
  defaultFields,
  driveMask,
  insufficientPermissions,
  masked,
  mayShare,
  PERMISSION,
  renderPermission,
  visibleFile,
} from "./resources";
import { driveRoute, ignoredDriveParams } from "./route";

/**
 * Sharing. Writers may share (Drive's default) unless the owner set `writersCanShare: false`,
 * only the owner may hand ownership over, and
 * the owner's own permission cannot be removed or changed. Granting a user who already has a
 * permission replaces its role, as Drive does; permissions.update changes only the role (Drive
 * keeps a permission's type and grantee fixed). Every change is a file revision without a content
 * change.
 */

const CreateBody = z.strictObject({
  role: z.enum(["owner", "writer", "commenter", "reader", "organizer", "fileOrganizer"]),
  type: z.enum(["user", "anyone", "group", "domain"]),
  emailAddress: z.string().email().optional(),
  allowFileDiscovery: z.boolean().optional(),
});

/** The writable part of a permission on update; ownership moves by create, not here. */
const UpdateBody = z.object({
  role: z.enum(["writer", "commenter", "reader"]),
});

const ANYONE_ID = "anyoneWithLink";
const CREATE_PARAMS = [
  "sendNotificationEmail",
  "emailMessage",
  "transferOwnership",
  "moveToNewOwnersRoot",
  ...ignoredDriveParams,
];

export function permissionRoutes(store: Store): ApiRoute[] {
  const path = "/files/([^/]+)/permissions";
  return [
    driveRoute("permissions.create", "write", "POST", path, CREATE_PARAMS, (call) => {
      const fileId = call.params[0] ?? "";
      const email = call.caller.email;
      const mask = driveMask(call.query, PERMISSION, defaultFields.permission);
      const body = parseBody(CreateBody, call.body);
      if (
        body.type === "group" ||
        body.type === "domain" ||
        body.role === "organizer" ||
        body.role === "fileOrganizer"
      ) {
        throw new ApiError(
          "UNIMPLEMENTED",
          `The emulator shares only with type user or anyone and roles owner, writer, commenter, reader`,
        );
      }
      const file = sharedBy(store, fileId, email);
      const target = body.type === "user" ? body.emailAddress : undefined;
      if (body.type === "user" && !target) {
        throw invalidArgument("Invalid value at 'emailAddress': required when type is user");
      }
      if (body.role === "owner") {
        if (body.type !== "user" || !target) throw invalidArgument("Only a user can own a file.");
        if (booleanParam(call.query, "transferOwnership") !== true) {
          throw permissionDenied(
            "The transferOwnership parameter must be enabled when the permission role is 'owner'.",
          );
        }
        if (store.roleOf(file, email) !== "owner") throw insufficientPermissions(fileId);
        store.revise(fileId, {
          apply: (f) => {
            f.permissions = f.permissions.filter((p) => p.emailAddress !== target);
            f.permissions.push({
              id: userPermissionId(f.owner),
              type: "user",
              role: "writer",
              emailAddress: f.owner,
            });
            f.owner = target;
          },
          touchesContent: false,
        });
        return ok(
          masked(
            renderPermission({
              id: userPermissionId(target),
              type: "user",
              role: "owner",
              emailAddress: target,
            }),
            mask,
          ),
        );
      }
      if (target === file.owner) {
        throw invalidArgument("The owner of a file already has every permission on it.");
      }
      const granted: PermissionRecord =
        body.type === "anyone"
          ? { id: ANYONE_ID, type: "anyone", role: body.role }
          : {
              id: userPermissionId(target ?? ""),
              type: "user",
              role: body.role,
              emailAddress: target,
            };
      store.revise(fileId, {
        apply: (f) => {
          f.permissions = [...f.permissions.filter((p) => p.id !== granted.id), granted];
        },
        touchesContent: false,
      });
      return ok(masked(renderPermission(granted), mask));
    }),
    driveRoute("permissions.list", "read", "GET", path, ignoredDriveParams, (call) => {
      const fileId = call.params[0] ?? "";
      const mask = driveMask(
        call.query,
        { kind: true, nextPageToken: true, permissions: PERMISSION },
        defaultFields.permissions,
      );
      const file = visibleFile(store, fileId, call.caller.email);
      return ok(
        masked(
          { kind: "drive#permissionList", permissions: allPermissions(file).map(renderPermission) },
          mask,
        ),
      );
    }),
    driveRoute("permissions.get", "read", "GET", `${path}/([^/]+)`, ignoredDriveParams, (call) => {
      const [fileId = "", permissionId = ""] = call.params;
      const mask = driveMask(call.query, PERMISSION, defaultFields.permission);
      const file = visibleFile(store, fileId, call.caller.email);
      const found = allPermissions(file).find((p) => p.id === permissionId);
      if (!found) throw permissionNotFound(permissionId);
      return ok(masked(renderPermission(found), mask));
    }),
    driveRoute(
      "permissions.update",
      "write",
      "PATCH",
      `${path}/([^/]+)`,
      ["removeExpiration", "transferOwnership", ...ignoredDriveParams],
      (call) => {
        const [fileId = "", permissionId = ""] = call.params;
        const mask = driveMask(call.query, PERMISSION, defaultFields.permission);
        const { role } = parseBody(UpdateBody, call.body);
        const file = sharedBy(store, fileId, call.caller.email);
        if (permissionId === userPermissionId(file.owner)) {
          throw permissionDenied("The owner's role cannot be changed; transfer ownership instead.");
        }
        const found = file.permissions.find((p) => p.id === permissionId);
        if (!found) throw permissionNotFound(permissionId);
        const changed: PermissionRecord = { ...found, role };
        store.revise(fileId, {
          apply: (f) => {
            f.permissions = f.permissions.map((p) => (p.id === permissionId ? changed : p));
          },
          touchesContent: false,
        });
        return ok(masked(renderPermission(changed), mask));
      },
    ),
    driveRoute(
      "permissions.delete",
      "write",
      "DELETE",
      `${path}/([^/]+)`,
      ignoredDriveParams,
      (call) => {
        const [fileId = "", permissionId = ""] = call.params;
        const file = sharedBy(store, fileId, call.caller.email);
        if (permissionId === userPermissionId(file.owner)) {
          throw permissionDenied("The owner of a file cannot be removed.");
        }
        if (!file.permissions.some((p) => p.id === permissionId))
          throw permissionNotFound(permissionId);
        store.revise(fileId, {
          apply: (f) => {
            f.permissions = f.permissions.filter((p) => p.id !== permissionId);
          },
          touchesContent: false,
        });
        return { status: 204 };
      },
    ),
  ];
}

const permissionNotFound = (id: string) => notFound(`Permission not found: ${id}.`);

/** The file, if `email` may change its sharing; 403 for a writer when writersCanShare is false. */
function sharedBy(store: Store, fileId: string, email: string): FileRecord {
  const file = visibleFile(store, fileId, email, "writer");
  if (!mayShare(file, store.roleOf(file, email))) throw insufficientPermissions(fileId);
  return file;
}
