/**
 * Who a spreadsheet is shared with, planned so that its grants are what the schools CSV and
 * county.json say. Provisioning records what it granted on the file (the roster, see
 * core/sharing/audit.ts); the roster is what lets a later run take back only its own grants.
 *
 * Guarantees:
 * - every wanted person holds at least their role (each person once, with their highest role);
 * - a grant the roster records and the layout no longer wants is removed; one the layout now
 *   wants at a lower role is lowered. A held role above the recorded one was raised by someone
 *   else: it is kept and reported, like any grant provisioning never made;
 * - never touched: the owner, anyone the layout wants at their held role (the service account
 *   among them), grants to a link, domain or group, and anything at all when the file has no
 *   roster yet (a file provisioned before rosters: this run records one, the next acts on it);
 * - pure: the layout's grants, the roster and Drive's permissions in, the plan out.
 */
import type { Grant, GrantRole } from "./layout";

/** A permission on the file as Drive lists it (the owner included, with role "owner"). */
export interface ExistingPermission {
  readonly id: string;
  /** user, group, domain or anyone. */
  readonly type: string;
  /** "" for a link or domain grant. */
  readonly emailAddress: string;
  readonly role: string;
}

/** A present grant to change: lowered to `role`, or removed. */
export interface GrantChange {
  readonly permissionId: string;
  readonly email: string;
  readonly from: string;
}

export interface GrantPlan {
  readonly create: readonly Grant[];
  readonly lower: readonly (GrantChange & { readonly role: GrantRole })[];
  readonly remove: readonly GrantChange[];
  /** Grants provisioning did not make and so leaves alone: for people to check. */
  readonly kept: readonly ExistingPermission[];
}

const ROLE_RANK: Readonly<Record<string, number>> = {
  reader: 1,
  commenter: 2,
  writer: 3,
  owner: 4,
};

function rank(role: string): number {
  return ROLE_RANK[role] ?? 0;
}

/**
 * @param roster role recorded per lower-cased e-mail by the last run; empty when the file has
 *   none, which removes and lowers nothing.
 */
export function planGrants(
  wanted: readonly Grant[],
  existing: readonly ExistingPermission[],
  roster: ReadonlyMap<string, GrantRole>,
): GrantPlan {
  const want = strongestRoles(wanted);
  const lower: (GrantChange & { role: GrantRole })[] = [];
  const remove: GrantChange[] = [];
  const kept: ExistingPermission[] = [];
  for (const permission of existing) {
    if (permission.role === "owner") continue;
    const email = permission.emailAddress.toLowerCase();
    const role = permission.type === "user" ? want.get(email)?.role : undefined;
    if (role !== undefined && rank(permission.role) <= rank(role)) continue;
    const recorded = permission.type === "user" ? roster.get(email) : undefined;
    const ours = recorded !== undefined && rank(permission.role) <= rank(recorded);
    const change = { permissionId: permission.id, email: permission.emailAddress };
    if (!ours) kept.push(permission);
    else if (role === undefined) remove.push({ ...change, from: permission.role });
    else lower.push({ ...change, from: permission.role, role });
  }
  const create = [...want.values()].filter((grant) => {
    const held = existing
      .filter(
        (p) => p.type === "user" && p.emailAddress.toLowerCase() === grant.email.toLowerCase(),
      )
      .map((p) => rank(p.role));
    return Math.max(0, ...held) < rank(grant.role);
  });
  return { create, lower, remove, kept };
}

export function isEmptyGrantPlan(plan: GrantPlan): boolean {
  return plan.create.length === 0 && plan.lower.length === 0 && plan.remove.length === 0;
}

/** Each person once, with their highest wanted role, by lower-cased e-mail. */
function strongestRoles(wanted: readonly Grant[]): Map<string, Grant> {
  const strongest = new Map<string, Grant>();
  for (const grant of wanted) {
    const key = grant.email.toLowerCase();
    const held = strongest.get(key);
    if (held === undefined || rank(grant.role) > rank(held.role)) strongest.set(key, grant);
  }
  return strongest;
}
