import Testing
import KamengDomain

/// The permission matrix written out by hand, cell by cell, independently of `Role.may(_:)`.
private let expectedMatrix: [String: Set<String>] = [
    "admin": [
        "manage staff", "manage products", "import card keys", "void a batch", "deliver orders", "refund orders",
        "reveal card keys", "review held orders", "open substations", "suspend or resume substations",
        "view a substation's API secret", "ingest platform events", "build demo data", "export card keys",
        "enrol their own authenticator", "view and verify the audit log", "rotate the key-encryption key",
        "change security settings", "top up, set credit limits and the funds switch", "settle commission",
        "read balances, statements, reports and reconciliation",
    ],
    "operator": [
        "manage products", "import card keys", "void a batch", "deliver orders", "refund orders",
        "reveal card keys", "review held orders", "open substations", "suspend or resume substations",
        "ingest platform events", "build demo data", "export card keys",
        "enrol their own authenticator", "view and verify the audit log",
        "read balances, statements, reports and reconciliation",
    ],
    "support": ["deliver orders", "refund orders", "reveal card keys", "review held orders", "enrol their own authenticator"],
    "oncall": ["suspend or resume substations", "review held orders", "enrol their own authenticator", "view and verify the audit log"],
    "finance": [
        "top up, set credit limits and the funds switch", "settle commission",
        "read balances, statements, reports and reconciliation", "enrol their own authenticator", "view and verify the audit log",
    ],
]

@Suite("Staff and permissions")
struct StaffPermissionTests {
    @Test("roles and permissions are exactly the ones the matrix covers")
    func casesAreKnown() {
        #expect(Role.allCases.map(\.rawValue) == ["admin", "operator", "support", "oncall", "finance"])
        #expect(Set(Permission.allCases.map(\.rawValue)) == expectedMatrix["admin"])
        #expect(Permission.allCases.count == 21)
    }

    @Test("spot-check permission raw values", arguments: [
        (Permission.manageStaff, "manage staff"), (.suspendSubstations, "suspend or resume substations"),
        (.viewSubstationSecret, "view a substation's API secret"), (.reviewRisk, "review held orders"),
    ])
    func permissionText(permission: Permission, text: String) {
        #expect(permission.rawValue == text)
    }

    @Test("may() matches the expected matrix in every cell", arguments: Role.allCases, Permission.allCases)
    func matrix(role: Role, permission: Permission) throws {
        let allowed = try #require(expectedMatrix[role.rawValue])
        #expect(role.may(permission) == allowed.contains(permission.rawValue), "\(role.rawValue) × \(permission.rawValue)")
    }

    @Test("hand-checked cells")
    func spotChecks() {
        #expect(Role.admin.may(.manageStaff))
        #expect(!Role.operator.may(.manageStaff))
        #expect(Role.operator.may(.seedDemo))
        #expect(Role.support.may(.revealKeys))
        #expect(!Role.support.may(.importKeys))
        #expect(!Role.support.may(.suspendSubstations))
        #expect(Role.oncall.may(.suspendSubstations))
        #expect(!Role.oncall.may(.manageSubstations))
        #expect(!Role.oncall.may(.deliverOrders))
        #expect(!Role.oncall.may(.viewSubstationSecret))
        #expect(Role.finance.may(.manageFunds) && Role.finance.may(.settleCommission) && Role.finance.may(.viewFinance))
        #expect(!Role.finance.may(.deliverOrders) && !Role.finance.may(.refundOrders) && !Role.finance.may(.revealKeys))
        #expect(!Role.finance.may(.manageSubstations) && !Role.finance.may(.suspendSubstations))
        #expect(Role.operator.may(.viewFinance) && !Role.operator.may(.manageFunds) && !Role.operator.may(.settleCommission))
        #expect(!Role.support.may(.viewFinance) && !Role.oncall.may(.viewFinance))
        #expect(Permission.manageFunds.needsStepUp && !Permission.settleCommission.needsStepUp && !Permission.viewFinance.needsStepUp)
    }

    @Test("valid user names", arguments: [
        "alice", "a", "Bob_2", "ops.bot", "a-b", "_svc", "root", "A1", String(repeating: "u", count: 32),
    ])
    func validUserName(name: String) {
        #expect(Staff.isValidUserName(name))
    }

    @Test("invalid user names", arguments: [
        "", String(repeating: "u", count: 33), "-alice", "-", "al ice", "alice@x", "张三", "a/b", "a:b",
        " alice", "alice\n", "ａlice", "a\u{0}b", "é", ".", "..",
    ])
    func invalidUserName(name: String) {
        #expect(!Staff.isValidUserName(name))
    }

    @Test("staff defaults to active with no id")
    func staffDefaults() {
        let staff = Staff(userName: "alice", role: .support)
        #expect(staff.active)
        #expect(staff.id == nil)
        #expect(staff.role == .support)
    }
}
