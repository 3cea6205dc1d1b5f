import { describe, expect, it } from "vitest";
import {
  type ExistingPermission,
  type Grant,
  type GrantRole,
  planGrants,
} from "../../src/core/provision/index";

const SA = "tmis-sync@tmis-sync-emulator.iam.gserviceaccount.com";
const OWNER: ExistingPermission = {
  id: "p-owner",
  type: "user",
  emailAddress: "admin@hrjy.example.cn",
  role: "owner",
};

const held = (emailAddress: string, role: string): ExistingPermission => ({
  id: `p-${emailAddress}`,
  type: "user",
  emailAddress,
  role,
});
const roster = (grants: readonly Grant[]) =>
  new Map<string, GrantRole>(grants.map((g) => [g.email.toLowerCase(), g.role]));

describe("planGrants", () => {
  it("merges a person's roles to the highest and never lowers a present role it did not make", () => {
    const plan = planGrants(
      [
        { email: "a@x.cn", role: "reader" },
        { email: "A@x.cn", role: "writer" },
        { email: "b@x.cn", role: "reader" },
        { email: "c@x.cn", role: "reader" },
      ],
      [held("b@x.cn", "writer"), held("c@x.cn", "reader")],
      new Map(),
    );
    expect(plan.create).toEqual([{ email: "A@x.cn", role: "writer" }]);
    expect(plan.lower).toEqual([]);
    expect(plan.kept).toEqual([held("b@x.cn", "writer")]);
  });

  it("upgrades a reader who should write", () => {
    const plan = planGrants(
      [{ email: "a@x.cn", role: "writer" }],
      [held("a@x.cn", "reader")],
      roster([]),
    );
    expect(plan.create).toEqual([{ email: "a@x.cn", role: "writer" }]);
  });

  it("removes a system admin the CSV no longer names, whom it had granted", () => {
    const before = [
      { email: "old@x.cn", role: "writer" as const },
      { email: SA, role: "writer" as const },
    ];
    const plan = planGrants(
      [
        { email: "new@x.cn", role: "writer" },
        { email: SA, role: "writer" },
      ],
      [OWNER, held("old@x.cn", "writer"), held(SA, "writer")],
      roster(before),
    );
    expect(plan.create).toEqual([{ email: "new@x.cn", role: "writer" }]);
    expect(plan.remove).toEqual([
      { permissionId: "p-old@x.cn", email: "old@x.cn", from: "writer" },
    ]);
    expect(plan.lower).toEqual([]);
    expect(plan.kept).toEqual([]);
  });

  it("lowers a writer the CSV made a reader, matching addresses in any case", () => {
    const plan = planGrants(
      [{ email: "head@x.cn", role: "reader" }],
      [held("Head@x.cn", "writer")],
      roster([{ email: "HEAD@x.cn", role: "writer" }]),
    );
    expect(plan.lower).toEqual([
      { permissionId: "p-Head@x.cn", email: "Head@x.cn", from: "writer", role: "reader" },
    ]);
    expect(plan.create).toEqual([]);
    expect(plan.remove).toEqual([]);
  });

  it("keeps and reports grants it never made: strangers, links, and roles raised by someone else", () => {
    const link: ExistingPermission = {
      id: "anyoneWithLink",
      type: "anyone",
      emailAddress: "",
      role: "reader",
    };
    const stranger = held("inspector@example.com", "writer");
    const raised = held("view@x.cn", "writer");
    const plan = planGrants(
      [{ email: SA, role: "writer" }],
      [OWNER, held(SA, "writer"), stranger, link, raised],
      roster([
        { email: SA, role: "writer" },
        { email: "view@x.cn", role: "reader" },
      ]),
    );
    expect(plan.remove).toEqual([]);
    expect(plan.lower).toEqual([]);
    expect(plan.kept).toEqual([stranger, link, raised]);
  });

  it("keeps a raised role of someone still listed, rather than lowering what it did not grant", () => {
    const plan = planGrants(
      [{ email: "view@x.cn", role: "reader" }],
      [held("view@x.cn", "writer")],
      roster([{ email: "view@x.cn", role: "reader" }]),
    );
    expect(plan).toEqual({
      create: [],
      lower: [],
      remove: [],
      kept: [held("view@x.cn", "writer")],
    });
  });

  it("takes nothing away from a file with no roster (provisioned before rosters)", () => {
    const plan = planGrants(
      [{ email: SA, role: "writer" }],
      [OWNER, held("old@x.cn", "writer"), held(SA, "writer")],
      new Map(),
    );
    expect(plan.remove).toEqual([]);
    expect(plan.kept).toEqual([held("old@x.cn", "writer")]);
  });

  it("never touches the owner, even one the roster names and the layout no longer wants", () => {
    const plan = planGrants([], [OWNER], roster([{ email: OWNER.emailAddress, role: "writer" }]));
    expect(plan).toEqual({ create: [], lower: [], remove: [], kept: [] });
  });

  it("plans nothing for a file whose grants match its layout", () => {
    const wanted: Grant[] = [
      { email: "admin@x.cn", role: "writer" },
      { email: "view@x.cn", role: "reader" },
      { email: SA, role: "writer" },
    ];
    const plan = planGrants(
      wanted,
      [OWNER, ...wanted.map((g) => held(g.email, g.role))],
      roster(wanted),
    );
    expect(plan).toEqual({ create: [], lower: [], remove: [], kept: [] });
  });
});
