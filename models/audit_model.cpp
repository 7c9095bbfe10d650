#include "audit_model.h"

#include <QCoreApplication>
#include "csv.h"
#include "failure_text.h"
#include "theme.h"

#include <QBrush>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace wci {

using namespace Qt::StringLiterals;

QString auditCsv(const QList<AuditEntry> &entries)
{
    QString out = csvRow({u"time"_s, u"operator"_s, u"engine"_s, u"location"_s, u"target"_s, u"action"_s, u"command"_s,
                          u"body"_s, u"change"_s, u"reason"_s, u"requestId"_s, u"outcome"_s, u"errorCode"_s, u"message"_s});
    for (const auto &e : entries) {
        out += csvRow({formatDateTime(e.time, true) + u"Z"_s, e.operatorName, e.engine, e.location, e.target, e.action,
                       e.command, e.body, e.change, e.reason, e.requestId, e.outcome, e.errorCode, e.message});
    }
    return out;
}

QString defaultOperatorName()
{
    for (const char *var : {"USER", "LOGNAME", "USERNAME"}) {
        const QString user = qEnvironmentVariable(var);
        if (!user.isEmpty())
            return user;
    }
#ifdef Q_OS_UNIX
    // Launched without a login environment (a desktop launcher, a service): the account itself.
    if (const passwd *pw = getpwuid(getuid()); pw && pw->pw_name && *pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
#endif
    return u"unknown"_s;
}

void AuditModel::setEntries(QList<AuditEntry> entries)
{
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

void AuditModel::setUtc(bool utc)
{
    m_utc = utc;
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, Time), index(rowCount() - 1, Time));
}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString auditOutcomeText(const QString &outcome)
{
    if (outcome == AuditOutcome::Succeeded)
        return QCoreApplication::translate("wci::AuditModel", "succeeded");
    if (outcome == AuditOutcome::Failed)
        return QCoreApplication::translate("wci::AuditModel", "failed");
    if (outcome == AuditOutcome::Skipped)
        return QCoreApplication::translate("wci::AuditModel", "skipped");
    if (outcome == AuditOutcome::Cancelled)
        return QCoreApplication::translate("wci::AuditModel", "cancelled");
    return outcome;
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const AuditEntry &e = m_entries.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == Outcome) {
        if (e.outcome == AuditOutcome::Failed)
            return QBrush(theme::color(theme::Tone::Danger));
        if (e.outcome == AuditOutcome::Succeeded)
            return QBrush(theme::color(theme::Tone::Success));
        return {};
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Time: return formatDateTime(e.time, m_utc);
    case Operator: return e.operatorName;
    case Engine: return QString(e.engine + u": "_s + e.location);
    case Target: return e.target;
    case Action: return e.action;
    case Reason: return e.reason;
    case Outcome: return auditOutcomeText(e.outcome);
    case Change: return e.change;
    case Message: return e.errorCode.isEmpty() || e.errorCode == ErrorCode::Ok ? e.message : QString(e.errorCode + u": "_s + e.message);
    case RequestId: return e.requestId;
    }
    return {};
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {
        QT_TRANSLATE_NOOP("wci::AuditModel", "Time"),
        QT_TRANSLATE_NOOP("wci::AuditModel", "Operator"),
        QT_TRANSLATE_NOOP("wci::AuditModel", "Engine"),
        QT_TRANSLATE_NOOP("wci::AuditModel", "Failure"),
        QT_TRANSLATE_NOOP("wci::AuditModel", "Action"),
        QT_TRANSLATE_NOOP("wci::AuditModel", "Change"),
        QT_TRANSLATE_NOOP("wci::AuditModel", "Reason"),
        QT_TRANSLATE_NOOP("wci::AuditModel", "Outcome"),
        QT_TRANSLATE_NOOP("wci::AuditModel", "Result"),
        QT_TRANSLATE_NOOP("wci::AuditModel", "Request id"),
    };
    return QCoreApplication::translate("wci::AuditModel", names[section]);
}

} // namespace wci
