#include "condition_compiler.h"

#include "field_paths.h"

#include <QJsonDocument>

#include <sqlite3.h>

namespace wci {

using namespace Qt::StringLiterals;

FieldCatalog::FieldCatalog(QStringList exact, QStringList prefixes, QHash<QString, FieldColumn> columns)
    : m_exact(std::move(exact)), m_prefixes(std::move(prefixes)), m_columns(std::move(columns))
{
}

static bool safeKeyPath(QStringView rest)
{
    if (rest.isEmpty() || rest.size() > 200)
        return false;
    for (QChar c : rest) {
        if (!(c.isLetterOrNumber() || c == u'_' || c == u'-' || c == u'.' || c == u'$'))
            return false;
    }
    return !rest.startsWith(u'.') && !rest.endsWith(u'.') && !rest.contains(u".."_s);
}

bool FieldCatalog::isKnown(const QString &field) const
{
    if (m_exact.contains(field))
        return true;
    for (const auto &p : m_prefixes) {
        if (field.startsWith(p) && safeKeyPath(QStringView(field).mid(p.size())))
            return true;
    }
    return false;
}

const FieldColumn *FieldCatalog::column(const QString &field) const
{
    const auto it = m_columns.constFind(field);
    return it == m_columns.constEnd() ? nullptr : &it.value();
}

QString FieldCatalog::sortExpression(const QString &field, const QString &docExpr) const
{
    if (const FieldColumn *c = column(field))
        return c->column;
    // Known fields only reach here; quote each segment of the JSON path.
    QString path = u"$"_s;
    const QString f = field == u"_id"_s ? u"id"_s : field;
    for (const auto &seg : f.split(u'.'))
        path += u".\""_s + seg + u'"';
    return u"json_extract("_s + docExpr + u", '"_s + path + u"')"_s;
}

const FieldCatalog &FieldCatalog::snapshots()
{
    static const FieldCatalog catalog = [] {
        QStringList exact = {
            u"aggregateId"_s, u"_id"_s, u"contextName"_s, u"aggregateName"_s, u"tenantId"_s, u"ownerId"_s,
            u"spaceId"_s, u"version"_s, u"eventId"_s, u"firstOperator"_s, u"operator"_s, u"firstEventTime"_s,
            u"eventTime"_s, u"snapshotTime"_s, u"tags"_s, u"deleted"_s, u"state"_s,
        };
        for (const char *s : {"id", "status", "recoverable", "executeAt", "isBelowRetryThreshold", "isRetryable",
                              "error", "error.errorCode", "error.errorMsg", "error.stackTrace", "error.succeeded",
                              "error.bindingErrors", "error.bindingErrors.name", "error.bindingErrors.msg",
                              "eventId", "eventId.id", "eventId.version", "eventId.aggregateId",
                              "eventId.aggregateId.contextName", "eventId.aggregateId.aggregateName",
                              "eventId.aggregateId.aggregateId", "eventId.aggregateId.tenantId", "function",
                              "function.functionKind", "function.contextName", "function.processorName",
                              "function.name", "retrySpec", "retrySpec.maxRetries", "retrySpec.minBackoff",
                              "retrySpec.executionTimeout", "retryState", "retryState.retries", "retryState.retryAt",
                              "retryState.timeoutAt", "retryState.nextRetryAt"})
            exact.append(u"state."_s + QLatin1String(s));
        const auto T = ColumnType::Text, I = ColumnType::Integer, B = ColumnType::Bool;
        QHash<QString, FieldColumn> columns = {
            {u"aggregateId"_s, {u"s.aggregate_id"_s, T}},
            {u"_id"_s, {u"s.aggregate_id"_s, T}},
            {field::stateId, {u"s.aggregate_id"_s, T}},
            {u"tenantId"_s, {u"s.tenant_id"_s, T}},
            {u"ownerId"_s, {u"s.owner_id"_s, T}},
            {u"version"_s, {u"s.version"_s, I}},
            {u"deleted"_s, {u"s.deleted"_s, B}},
            {u"firstEventTime"_s, {u"s.first_event_time"_s, I}},
            {u"eventTime"_s, {u"s.event_time"_s, I}},
            {u"snapshotTime"_s, {u"s.snapshot_time"_s, I}},
            {field::status, {u"s.status"_s, T}},
            {field::recoverable, {u"s.recoverable"_s, T}},
            {field::isRetryable, {u"s.is_retryable"_s, B}},
            {field::isBelowRetryThreshold, {u"s.is_below_retry_threshold"_s, B}},
            {field::executeAt, {u"s.execute_at"_s, I}},
            {field::retries, {u"s.retries"_s, I}},
            {field::retryAt, {u"s.retry_at"_s, I}},
            {field::timeoutAt, {u"s.timeout_at"_s, I}},
            {field::nextRetryAt, {u"s.next_retry_at"_s, I}},
            {field::maxRetries, {u"s.max_retries"_s, I}},
            {field::functionKind, {u"s.fn_kind"_s, T}},
            {field::functionContextName, {u"s.fn_context"_s, T}},
            {field::functionProcessorName, {u"s.fn_processor"_s, T}},
            {field::functionName, {u"s.fn_name"_s, T}},
            {field::errorCode, {u"s.error_code"_s, T}},
            {field::eventId, {u"s.ev_id"_s, T}},
            {field::eventContextName, {u"s.ev_context"_s, T}},
            {field::eventAggregateName, {u"s.ev_aggregate_name"_s, T}},
            {field::eventAggregateId, {u"s.ev_aggregate_id"_s, T}},
        };
        return FieldCatalog(exact, {u"tags."_s}, columns);
    }();
    return catalog;
}

const FieldCatalog &FieldCatalog::eventStreams()
{
    static const FieldCatalog catalog = [] {
        const QStringList exact = {
            u"id"_s, u"_id"_s, u"contextName"_s, u"aggregateName"_s, u"header"_s, u"aggregateId"_s, u"tenantId"_s,
            u"ownerId"_s, u"spaceId"_s, u"commandId"_s, u"requestId"_s, u"version"_s, u"body"_s, u"body.id"_s,
            u"body.name"_s, u"body.revision"_s, u"body.bodyType"_s, u"body.body"_s, u"createTime"_s, u"size"_s,
        };
        const auto T = ColumnType::Text, I = ColumnType::Integer;
        QHash<QString, FieldColumn> columns = {
            {u"id"_s, {u"e.id"_s, T}},
            {u"_id"_s, {u"e.id"_s, T}},
            {u"aggregateId"_s, {u"e.aggregate_id"_s, T}},
            {u"tenantId"_s, {u"e.tenant_id"_s, T}},
            {u"commandId"_s, {u"e.command_id"_s, T}},
            {u"requestId"_s, {u"e.request_id"_s, T}},
            {u"version"_s, {u"e.version"_s, I}},
            {u"createTime"_s, {u"e.create_time"_s, I}},
        };
        return FieldCatalog(exact, {u"header."_s, u"body.body."_s}, columns);
    }();
    return catalog;
}

static std::optional<DomainError> checkFieldsAt(const Condition &c, const FieldCatalog &catalog, const QString &prefix)
{
    if (Condition::usesField(c.op)) {
        const QString full = prefix.isEmpty() ? c.field : prefix + u'.' + c.field;
        if (!catalog.isKnown(full))
            return DomainError::illegalArgument(u"Unknown field: "_s + full + u'.');
    }
    const QString childPrefix = c.op == Operator::ElemMatch ? (prefix.isEmpty() ? c.field : prefix + u'.' + c.field)
                                                             : prefix;
    for (const auto &child : c.children) {
        if (auto e = checkFieldsAt(child, catalog, childPrefix))
            return e;
    }
    return std::nullopt;
}

std::optional<DomainError> checkFields(const Condition &condition, const FieldCatalog &catalog)
{
    return checkFieldsAt(condition, catalog, QString());
}

std::optional<DomainError> checkSortFields(const std::vector<Sort> &sort, const FieldCatalog &catalog)
{
    for (const auto &s : sort) {
        if (!catalog.isKnown(s.field))
            return DomainError::illegalArgument(u"Unknown sort field: "_s + s.field + u'.');
    }
    return std::nullopt;
}

namespace {

enum class VType { Text, Number, Bool, Null, Other };

VType vtype(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: return VType::Text;
    case QJsonValue::Double: return VType::Number;
    case QJsonValue::Bool: return VType::Bool;
    case QJsonValue::Null: return VType::Null;
    default: return VType::Other;
    }
}

bool fits(ColumnType t, const QJsonValue &v)
{
    switch (t) {
    case ColumnType::Text: return vtype(v) == VType::Text;
    case ColumnType::Integer: return vtype(v) == VType::Number;
    case ColumnType::Bool: return vtype(v) == VType::Bool;
    }
    return false;
}

sqlite::Value toSql(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: return v.toString();
    case QJsonValue::Bool: return qint64(v.toBool() ? 1 : 0);
    case QJsonValue::Double: {
        const qint64 a = v.toInteger(0), b = v.toInteger(1);
        if (a == b)
            return a;
        return v.toDouble();
    }
    default: return nullptr;
    }
}

class Compiler {
public:
    explicit Compiler(const CompileOptions &o)
        : m_opt(o),
          m_catalog(o.kind == DocumentKind::EventStream ? FieldCatalog::eventStreams() : FieldCatalog::snapshots())
    {
    }

    QString compile(const Condition &c)
    {
        switch (c.op) {
        case Operator::And:
        case Operator::Or:
        case Operator::Nor: {
            // Terms under OR / NOR are written as +column: SQLite would otherwise answer them
            // with a multi-index OR that collects every matching key before counting.
            const bool disjunctive = c.op != Operator::And;
            m_orDepth += disjunctive ? 1 : 0;
            QStringList parts;
            for (const auto &child : c.children)
                parts.append(compile(child));
            m_orDepth -= disjunctive ? 1 : 0;
            const QString joined = parts.join(c.op == Operator::And ? u" AND "_s : u" OR "_s);
            if (c.op == Operator::Nor)
                return u"NOT ("_s + joined + u')';
            return u'(' + joined + u')';
        }
        case Operator::All:
            return u"1"_s;
        case Operator::MatchNone:
            return u"0"_s;
        case Operator::Id:
        case Operator::Ids:
            return idLeaf(ref(m_opt.kind == DocumentKind::EventStream ? u"e.id"_s : u"s.aggregate_id"_s), c);
        case Operator::AggregateId:
        case Operator::AggregateIds:
            return idLeaf(ref(m_opt.kind == DocumentKind::EventStream ? u"e.aggregate_id"_s : u"s.aggregate_id"_s), c);
        case Operator::TenantId:
            return eqColumn(ref(m_opt.kind == DocumentKind::EventStream ? u"e.tenant_id"_s : u"s.tenant_id"_s), c.value);
        case Operator::OwnerId:
            if (m_opt.kind == DocumentKind::Snapshot)
                return eqColumn(ref(u"s.owner_id"_s), c.value);
            return residual(c);
        case Operator::Deleted: {
            if (m_opt.kind != DocumentKind::Snapshot)
                return residual(c);
            const DeletionState st = *deletionStateOf(c.value);
            if (st == DeletionState::All)
                return u"1"_s;
            return ref(u"s.deleted"_s) + (st == DeletionState::Deleted ? u" = 1"_s : u" = 0"_s);
        }
        case Operator::ElemMatch:
            if (auto sql = eventNameMatch(c))
                return *sql;
            return residual(c);
        default:
            break;
        }
        const FieldColumn *col = Condition::usesField(c.op) ? m_catalog.column(c.field) : nullptr;
        if (!col)
            return residual(c);
        if (auto sql = columnLeaf(*col, c))
            return *sql;
        return residual(c);
    }

    std::vector<sqlite::Value> params;
    int residuals = 0;
    QSet<QString> columns;

private:
    // ELEMENT_MATCH on an event stream's body by event name (EQ or IN, case-sensitive): the
    // name column holds the name of single-event streams, so only other streams (NULL there)
    // need the document.
    std::optional<QString> eventNameMatch(const Condition &c)
    {
        if (m_opt.kind != DocumentKind::EventStream)
            return std::nullopt;
        const auto names = eventNamesMatched(c);
        if (!names)
            return std::nullopt;
        QStringList marks;
        for (const auto &n : *names)
            marks.append(bindParam(n));
        const QString column = ref(u"e.body_name"_s);
        if (m_opt.singleEventStreams)
            return column + u" IN ("_s + marks.join(u',') + u')';
        return u"("_s + column + u" IN ("_s + marks.join(u',') + u") OR ("_s + column + u" IS NULL AND "_s + residual(c)
            + u"))"_s;
    }

    // A column reference: recorded, and written +column under OR / NOR. In a key-order walk
    // (noIndex) every other column is +column too, but a range on the key itself stays usable:
    // it is where the walk starts (a keyset page "aggregateId < last" must not scan from the top).
    QString ref(const QString &qualified)
    {
        const QString column = qualified.section(u'.', 1);
        columns.insert(column);
        const bool key = column == u"aggregate_id";
        return m_orDepth > 0 || (m_opt.noIndex && !key) ? u'+' + qualified : qualified;
    }
    int m_orDepth = 0;

    QString bindParam(sqlite::Value v)
    {
        params.push_back(std::move(v));
        return u"?"_s;
    }

    QString eqColumn(const QString &column, const QJsonValue &v)
    {
        return column + u" = "_s + bindParam(toSql(v));
    }

    QString idLeaf(const QString &column, const Condition &c)
    {
        if (c.op == Operator::Id || c.op == Operator::AggregateId)
            return eqColumn(column, c.value);
        const QJsonArray ids = c.value.toArray();
        if (ids.isEmpty())
            return u"0"_s;
        QStringList marks;
        for (const auto &id : ids)
            marks.append(bindParam(id.toString()));
        return column + u" IN ("_s + marks.join(u',') + u')';
    }

    QString inList(const FieldColumn &col, const QJsonArray &values)
    {
        QStringList marks;
        for (const auto &v : values) {
            if (fits(col.type, v))
                marks.append(bindParam(toSql(v)));
        }
        if (marks.isEmpty())
            return u"0"_s;
        return ref(col.column) + u" IN ("_s + marks.join(u',') + u')';
    }

    // Exact SQL for a leaf on a typed, always-present column; nullopt → evaluate on the doc.
    std::optional<QString> columnLeaf(const FieldColumn &col, const Condition &c)
    {
        const QString x = ref(col.column);
        auto cmp = [&](const char *op) -> QString {
            if (!fits(col.type, c.value))
                return u"0"_s; // different type brackets never compare
            return x + u' ' + QLatin1String(op) + u' ' + bindParam(toSql(c.value));
        };
        switch (c.op) {
        case Operator::Eq: return cmp("=");
        case Operator::Ne: return fits(col.type, c.value) ? x + u" <> "_s + bindParam(toSql(c.value)) : u"1"_s;
        case Operator::Gt: return cmp(">");
        case Operator::Lt: return cmp("<");
        case Operator::Gte: return cmp(">=");
        case Operator::Lte: return cmp("<=");
        case Operator::In: return inList(col, c.value.toArray());
        case Operator::NotIn: return u"NOT ("_s + inList(col, c.value.toArray()) + u')';
        case Operator::Between: {
            const QJsonArray a = c.value.toArray();
            if (!fits(col.type, a.at(0)) || !fits(col.type, a.at(1)))
                return u"0"_s;
            const QString lo = bindParam(toSql(a.at(0)));
            const QString hi = bindParam(toSql(a.at(1)));
            return u'(' + x + u" >= "_s + lo + u" AND "_s + x + u" <= "_s + hi + u')';
        }
        case Operator::True: return col.type == ColumnType::Bool ? x + u" = 1"_s : u"0"_s;
        case Operator::False: return col.type == ColumnType::Bool ? x + u" = 0"_s : u"0"_s;
        case Operator::Null: return u"0"_s;     // columns always hold a value
        case Operator::NotNull: return u"1"_s;
        case Operator::Exists: return (c.value.isBool() ? c.value.toBool() : true) ? u"1"_s : u"0"_s;
        case Operator::NotExists: return u"0"_s;
        case Operator::IsEmpty: return u"0"_s; // columns hold scalars, never an (empty) array
        case Operator::IsEmptyString: return col.type == ColumnType::Text ? x + u" = ''"_s : u"0"_s;
        case Operator::IsNotEmptyString: return col.type == ColumnType::Text ? x + u" <> ''"_s : u"1"_s;
        case Operator::BeforeNow:
        case Operator::AfterNow: {
            if (col.type != ColumnType::Integer || !c.datePattern().isEmpty())
                return std::nullopt;
            const QString offset = c.value.toString();
            const auto ms = offset.isEmpty() ? std::optional<qint64>(0) : parseIsoDurationMs(offset);
            const auto bound = ms ? millisInTimeUnit(m_opt.ctx.now + *ms, c.timeUnit()) : std::nullopt;
            if (!bound)
                return std::nullopt; // the evaluator reports the error
            return x + (c.op == Operator::BeforeNow ? u" < "_s : u" > "_s) + bindParam(*bound);
        }
        case Operator::Contains:
        case Operator::StartsWith:
        case Operator::EndsWith: {
            if (col.type != ColumnType::Text)
                return u"0"_s;
            if (c.ignoreCase())
                return std::nullopt; // Unicode case folding: leave it to the evaluator
            const QString v = c.value.toString();
            if (v.isEmpty())
                return u"1"_s;
            if (c.op == Operator::Contains)
                return u"instr("_s + x + u", "_s + bindParam(v) + u") > 0"_s;
            if (c.op == Operator::StartsWith)
                return u"substr("_s + x + u", 1, length("_s + bindParam(v) + u")) = "_s + bindParam(v);
            return u"substr("_s + x + u", -length("_s + bindParam(v) + u")) = "_s + bindParam(v);
        }
        default:
            break;
        }
        if (Condition::isDateOperator(c.op)) {
            if (col.type != ColumnType::Integer || !c.datePattern().isEmpty())
                return std::nullopt;
            const auto b = timeBounds(c, m_opt.ctx);
            if (!b)
                return std::nullopt; // the evaluator reports the error
            const QString unit = c.timeUnit(); // bounds in the field's unit, as the evaluator has them
            const auto to = millisInTimeUnit(b->to, unit);
            if (!to)
                return std::nullopt;
            if (b->upperExclusive)
                return x + u" < "_s + bindParam(*to);
            // Bind in statement order: operands of one expression are evaluated in any order.
            const QString lo = bindParam(*millisInTimeUnit(*b->from, unit));
            const QString hi = bindParam(*to);
            return u'(' + x + u" >= "_s + lo + u" AND "_s + x + u" <= "_s + hi + u')';
        }
        return std::nullopt;
    }

    QString residual(const Condition &c)
    {
        ++residuals;
        const QString cond = bindParam(c.toJsonBytes()); // one per statement, in order
        const QString kind = bindParam(qint64(m_opt.kind));
        const QString now = bindParam(m_opt.ctx.now);
        const QString zone = bindParam(QString::fromUtf8(m_opt.ctx.defaultZone.id()));
        return u"wci_match("_s + m_opt.docExpr + u", "_s + cond + u", "_s + kind + u", "_s + now + u", "_s + zone
            + u") = 1"_s;
    }

    const CompileOptions &m_opt;
    const FieldCatalog &m_catalog;
};

// Parsed condition and zone cached on the statement (sqlite3_set_auxdata) across rows.
struct MatchAux {
    Condition condition;
    bool valid = false;
    QString error;
};

void matchFunction(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc != 5) {
        sqlite3_result_error(ctx, "wci_match takes 5 arguments", -1);
        return;
    }
    auto *aux = static_cast<MatchAux *>(sqlite3_get_auxdata(ctx, 1));
    if (!aux) {
        aux = new MatchAux;
        const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(argv[1]));
        const auto parsed = Condition::fromJsonBytes(QByteArray(text ? text : "", sqlite3_value_bytes(argv[1])));
        if (parsed) {
            aux->condition = *parsed;
            aux->valid = true;
        } else {
            aux->error = parsed.error().message;
        }
        sqlite3_set_auxdata(ctx, 1, aux, [](void *p) { delete static_cast<MatchAux *>(p); });
        aux = static_cast<MatchAux *>(sqlite3_get_auxdata(ctx, 1));
        if (!aux) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
    }
    if (!aux->valid) {
        const QByteArray msg = aux->error.toUtf8();
        sqlite3_result_error(ctx, msg.constData(), int(msg.size()));
        return;
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    const auto *doc = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
    const QJsonObject object = QJsonDocument::fromJson(QByteArray::fromRawData(doc, sqlite3_value_bytes(argv[0]))).object();
    EvaluationContext ectx;
    ectx.now = sqlite3_value_int64(argv[3]);
    const auto *zone = reinterpret_cast<const char *>(sqlite3_value_text(argv[4]));
    if (zone && *zone)
        ectx.defaultZone = QTimeZone(QByteArray(zone));
    const auto kind = static_cast<DocumentKind>(sqlite3_value_int(argv[2]));
    const auto r = ConditionEvaluator(ectx).matches(aux->condition, object, kind);
    if (!r) {
        const QByteArray msg = r.error().message.toUtf8();
        sqlite3_result_error(ctx, msg.constData(), int(msg.size()));
        return;
    }
    sqlite3_result_int(ctx, *r ? 1 : 0);
}

} // namespace

std::optional<QStringList> eventNamesMatched(const Condition &c)
{
    if (c.op != Operator::ElemMatch || c.field != u"body"_s || c.children.size() != 1)
        return std::nullopt;
    const Condition &p = c.children.front();
    if (p.field != u"name"_s || p.ignoreCase() || !p.children.empty())
        return std::nullopt;
    QStringList names;
    if (p.op == Operator::Eq && p.value.isString()) {
        names.append(p.value.toString());
    } else if (p.op == Operator::In && p.value.isArray() && !p.value.toArray().isEmpty()) {
        for (const auto &v : p.value.toArray()) {
            if (!v.isString())
                return std::nullopt;
            names.append(v.toString());
        }
    } else {
        return std::nullopt;
    }
    return names;
}

Result<CompiledCondition> compileCondition(const Condition &condition, const CompileOptions &options)
{
    if (auto e = condition.validate())
        return *e;
    const FieldCatalog &catalog =
        options.kind == DocumentKind::EventStream ? FieldCatalog::eventStreams() : FieldCatalog::snapshots();
    if (auto e = checkFields(condition, catalog))
        return *e;
    Compiler compiler(options);
    CompiledCondition out;
    out.sql = compiler.compile(condition);
    out.params = std::move(compiler.params);
    out.residualCount = compiler.residuals;
    out.columns = std::move(compiler.columns);
    return out;
}

static Condition matchNothing()
{
    Condition c;
    c.op = Operator::Ids;
    c.value = QJsonArray();
    return c;
}

bool isMatchNothing(const Condition &c)
{
    return c.op == Operator::Ids && c.value.isArray() && c.value.toArray().isEmpty();
}

Condition foldStatus(const Condition &c, const QString &status)
{
    switch (c.op) {
    case Operator::And:
    case Operator::Or:
    case Operator::Nor: {
        std::vector<Condition> kept;
        bool anyAll = false, anyNothing = false;
        for (const auto &child : c.children) {
            Condition f = foldStatus(child, status);
            if (f.op == Operator::All)
                anyAll = true;
            else if (isMatchNothing(f))
                anyNothing = true;
            else
                kept.push_back(std::move(f));
        }
        if (c.op == Operator::And) {
            if (anyNothing)
                return matchNothing();
            return kept.empty() ? Condition::all() : (kept.size() == 1 ? kept.front() : Condition::and_(std::move(kept)));
        }
        const bool orTrue = anyAll;
        const bool orFalse = !anyAll && kept.empty();
        if (c.op == Operator::Or) {
            if (orTrue)
                return Condition::all();
            if (orFalse)
                return matchNothing();
            return kept.size() == 1 ? kept.front() : Condition::or_(std::move(kept));
        }
        if (orTrue)
            return matchNothing(); // NOR of something true
        if (orFalse)
            return Condition::all();
        return Condition::nor_(std::move(kept));
    }
    case Operator::Eq:
    case Operator::Ne:
    case Operator::In:
    case Operator::NotIn: {
        if (c.field != field::status)
            return c;
        const QJsonObject doc{{u"state"_s, QJsonObject{{u"status"_s, status}}}};
        const auto m = ConditionEvaluator().matches(c, doc, DocumentKind::Snapshot);
        if (!m)
            return c;
        return *m ? Condition::all() : matchNothing();
    }
    default:
        return c;
    }
}

void registerMatchFunction(sqlite::Connection &connection)
{
    const int rc = sqlite3_create_function_v2(connection.handle(), "wci_match", 5,
                                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &matchFunction, nullptr,
                                              nullptr, nullptr);
    if (rc != SQLITE_OK)
        throw sqlite::SqliteError(rc, u"cannot register wci_match"_s);
}

} // namespace wci
