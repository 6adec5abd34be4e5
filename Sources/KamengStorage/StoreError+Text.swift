import KamengImport
import KamengDomain

/// The one place a `StoreError` becomes words, in the person's language. Values that came from outside
/// (paths, codes, user names) are shown as they are; callers that draw on a terminal pass the text
/// through `TerminalSafe` like any other outside text.
extension StoreError {
    public func text(_ language: UILanguage) -> String {
        language == .zh ? chinese : english
    }

    private var english: String {
        switch self {
        case let .keyFile(path, problem): "key file \(path) \(problem)"
        case let .notInitialised(path): "no Kameng database at \(path); run `kameng init` (or `kameng demo` for a demo database)"
        case let .alreadyInitialised(path): "\(path) is already a Kameng database"
        case let .needsUpgrade(path): "\(path) needs a schema upgrade; open it once without --readonly"
        case let .file(path, problem):
            switch problem {
            case .missing: "file \(path) not found"
            case .notRegular: "\(path) is not a regular file"
            case .cannotRead(let reason): "\(path) cannot be read: \(reason)"
            case .cannotCreate(let reason): "cannot create \(path): \(reason)"
            }
        case let .unknownStaff(user):
            "no such staff member \"\(user)\" (or their access was removed); an admin gives access with: kameng staff add \(user) --role support"
        case let .forbidden(user, action): "\(user) may not \(action)"
        case let .readOnly(action): "read-only session (--readonly): \(action) is disabled"
        case let .stepUpRequired(action):
            "\(action) needs a fresh code from your authenticator (type it when asked, or pass --code NNNNNN)"
        case let .notEnrolled(user): "\(user) has no authenticator enrolled; run `kameng staff totp enroll` first"
        case let .stepUpRefused(reason, left):
            "code refused: \(reason); \(left) attempt\(left == 1 ? "" : "s") left before a 15-minute lockout"
        case let .lockedOut(user, until): "step-up is locked for \(user) after too many wrong codes; try again after \(until) UTC"
        case let .revealLimit(user, used, limit):
            "\(user) has made \(used) reveals in the last hour (limit \(limit)); ask an admin if more are needed"
        case let .tooManyFetches(orderNo, limit): "the keys of order \(orderNo) were fetched \(limit) times in the last hour; try again later"
        case let .notFound(subject): "\(subject.english) not found"
        case let .duplicate(subject): "\(subject.english) already exists"
        case let .invalidField(field, rule): "\(field): \(rule)"
        case let .invalidRecord(subject, problems): "\(subject.english): " + problems.joined(separator: "; ")
        case let .wrongState(subject, state, action): "\(subject.english) is \(state) and cannot be \(action)"
        case .notADemo: "the demo authenticator secret is only for databases built by `kameng demo`"
        case let .notEmpty(path): "the demo needs an empty database; \(path) already has products"
        case let .alreadyImported(file, batches):
            "\(file) has the same content as batch \(batches.map(String.init).joined(separator: ", ")) already imported; use --force to import it again"
        case let .importRefused(file, refusal): "refused \(file): " + refusal.message
        case let .importNeedsColumns(file, question): "refused \(file): " + question.message
        case let .importNeedsEncoding(file): "refused \(file): " + Refusal.encodingUnclear.message
        case let .importCancelled(file): "import of \(file) cancelled; nothing was written"
        case let .corruptRow(table, id, column, value): "unreadable row: \(table) #\(id) has \(column) = \(value)"
        case let .tampered(what): "integrity failure: \(what)"
        case let .storage(code, message): "database error \(code): \(message)"
        case let .storageFailed(path, detail):
            "the storage under \(path) failed (\(detail)); nothing more is written until the database is opened again — check the disk (space, errors), then restart"
        }
    }

    private var chinese: String {
        switch self {
        case let .keyFile(path, problem): "密钥文件 \(path) 有问题：\(problem)"
        case let .notInitialised(path): "\(path) 不是 Kameng 数据库；请运行 `kameng init`（演示库用 `kameng demo`）"
        case let .alreadyInitialised(path): "\(path) 已经是 Kameng 数据库"
        case let .needsUpgrade(path): "\(path) 需要升级表结构；请先不带 --readonly 打开一次"
        case let .file(path, problem):
            switch problem {
            case .missing: "找不到文件 \(path)"
            case .notRegular: "\(path) 不是普通文件"
            case .cannotRead(let reason): "无法读取 \(path)：\(reason)"
            case .cannotCreate(let reason): "无法创建 \(path)：\(reason)"
            }
        case let .unknownStaff(user): "没有员工 \"\(user)\"（或其权限已被撤销）；管理员可运行：kameng staff add \(user) --role support"
        case let .forbidden(user, action): "\(user) 无权 \(action)"
        case let .readOnly(action): "只读会话（--readonly）：\(action) 已禁用"
        case let .stepUpRequired(action): "\(action) 需要验证器的新验证码（按提示输入，或加 --code NNNNNN）"
        case let .notEnrolled(user): "\(user) 尚未绑定验证器；请先运行 `kameng staff totp enroll`"
        case let .stepUpRefused(reason, left): "验证码被拒：\(reason)；再错 \(left) 次将锁定 15 分钟"
        case let .lockedOut(user, until): "\(user) 验证码错误次数过多，已锁定；请在 UTC \(until) 之后再试"
        case let .revealLimit(user, used, limit): "\(user) 最近一小时已查看 \(used) 次（上限 \(limit)）；如需更多请联系管理员"
        case let .tooManyFetches(orderNo, limit): "订单 \(orderNo) 的卡密最近一小时已被取 \(limit) 次；请稍后再试"
        case let .notFound(subject): "找不到\(subject.chinese)"
        case let .duplicate(subject): "\(subject.chinese)已存在"
        case let .invalidField(field, rule): "\(field)：\(rule)"
        case let .invalidRecord(subject, problems): "\(subject.chinese)：" + problems.joined(separator: "；")
        case let .wrongState(subject, state, action): "\(subject.chinese)当前为 \(state)，不能\(action)"
        case .notADemo: "演示验证器密钥只能用于 `kameng demo` 建立的数据库"
        case let .notEmpty(path): "演示需要空数据库；\(path) 已有商品"
        case let .alreadyImported(file, batches):
            "\(file) 与已导入的批次 \(batches.map(String.init).joined(separator: "、")) 内容相同；如需再次导入请加 --force"
        case let .importRefused(file, refusal): "拒绝导入 \(file)：" + refusal.chineseMessage
        case let .importNeedsColumns(file, question): "拒绝导入 \(file)：" + question.chineseMessage
        case let .importNeedsEncoding(file): "拒绝导入 \(file)：" + Refusal.encodingUnclear.chineseMessage
        case let .importCancelled(file): "已取消导入 \(file)，未写入任何内容"
        case let .corruptRow(table, id, column, value): "无法读取的记录：\(table) #\(id) 的 \(column) = \(value)"
        case let .tampered(what): "完整性校验失败：\(what)"
        case let .storage(code, message): "数据库错误 \(code)：\(message)"
        case let .storageFailed(path, detail): "\(path) 所在的存储出错（\(detail)）；重新打开数据库之前不再写入任何内容——请先检查磁盘（空间、错误），再重启"
        }
    }
}

extension StoreError.Subject {
    var english: String {
        switch self {
        case .order(let id): "order #\(id)"
        case .orderNo(let no): "order \(no)"
        case .product(let sku): "product \(sku)"
        case .substation(let code): "substation \(code)"
        case .substationDomain(let domain): "a substation with domain \(domain)"
        case .batch(let id): "batch \(id)"
        case .cardKey(let id): "card key #\(id)"
        case .staff(let user): "staff member \(user)"
        case .authenticator(let user): "an authenticator for \(user)"
        case let .sshKey(fingerprint, staff): staff.map { "SSH key \(fingerprint) (bound to \($0))" } ?? "SSH key \(fingerprint)"
        case .deliveredKeys(let no): "delivered keys for order \(no)"
        case .keysToExport(let what): "keys to export for \(what)"
        case let .topUpReference(code, reference): "a top-up of \(code) with reference \(reference)"
        case let .settlement(code, period): "the settlement of \(code) for \(period)"
        case .file(let path): "file \(path)"
        case .other(let what): what
        }
    }

    var chinese: String {
        switch self {
        case .order(let id): "订单 #\(id)"
        case .orderNo(let no): "订单 \(no)"
        case .product(let sku): "商品 \(sku)"
        case .substation(let code): "分站 \(code)"
        case .substationDomain(let domain): "域名为 \(domain) 的分站"
        case .batch(let id): "批次 \(id)"
        case .cardKey(let id): "卡密 #\(id)"
        case .staff(let user): "员工 \(user)"
        case .authenticator(let user): "\(user) 的验证器"
        case let .sshKey(fingerprint, staff): staff.map { "SSH 密钥 \(fingerprint)（已绑定到 \($0)）" } ?? "SSH 密钥 \(fingerprint)"
        case .deliveredKeys(let no): "订单 \(no) 的已发卡密"
        case .keysToExport(let what): "\(what) 可导出的卡密"
        case let .topUpReference(code, reference): "分站 \(code) 参考号为 \(reference) 的充值"
        case let .settlement(code, period): "分站 \(code) \(period) 的结算"
        case .file(let path): "文件 \(path)"
        case .other(let what): what
        }
    }
}
