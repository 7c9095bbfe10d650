#include "filter_bar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateTimeEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QMenu>
#include <QToolButton>
#include <QWidgetAction>
#include <QLabel>
#include <QLineEdit>
#include <QStringListModel>
#include <QTimer>

namespace wci {

using namespace Qt::StringLiterals;

// The first entry of the status and recoverable boxes, "Any …": no filter on that field. It
// carries no enum name as its data, so it parses to none.
static constexpr int kAnyIndex = 0;

QLineEdit *FilterBar::makeEdit(const QString &name, const QString &placeholder, QStringListModel **completions)
{
    auto *e = new QLineEdit(this);
    e->setObjectName(name);
    e->setPlaceholderText(placeholder);
    e->setAccessibleName(placeholder); // a screen reader names the field as the eye reads it
    e->setClearButtonEnabled(true);
    e->setMinimumWidth(e->fontMetrics().horizontalAdvance(u'M') * 6);
    *completions = new QStringListModel(this);
    auto *c = new QCompleter(*completions, e);
    c->setCaseSensitivity(Qt::CaseInsensitive);
    c->setFilterMode(Qt::MatchContains);
    e->setCompleter(c);
    connect(e, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(e, &QLineEdit::returnPressed, this, [this] {
        m_debounce->stop();
        emit changed();
    });
    return e;
}

FilterBar::FilterBar(QWidget *parent) : QWidget(parent)
{
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(350);
    connect(m_debounce, &QTimer::timeout, this, [this] {
        if (!m_quiet)
            emit changed();
    });

    m_status = new QComboBox(this);
    m_status->setObjectName(u"filterStatus"_s);
    m_status->setAccessibleName(tr("Status filter"));
    m_status->addItem(tr("Any status"));
    for (auto s : allExecutionFailedStatuses)
        m_status->addItem(enumName(s), enumName(s));
    m_recoverable = new QComboBox(this);
    m_recoverable->setObjectName(u"filterRecoverable"_s);
    m_recoverable->setAccessibleName(tr("Recoverable filter"));
    m_recoverable->addItem(tr("Any recoverable"));
    for (auto r : allRecoverableTypes)
        m_recoverable->addItem(enumName(r), enumName(r));
    m_context = makeEdit(u"filterContext"_s, tr("Context"), &m_contexts);
    m_processor = makeEdit(u"filterProcessor"_s, tr("Processor"), &m_processors);
    m_function = makeEdit(u"filterFunction"_s, tr("Function"), &m_functions);
    m_errorCode = makeEdit(u"filterErrorCode"_s, tr("Error code"), &m_errorCodes);

    // The first-failed range sits in a drop-down of its own button, so the bar fits a laptop.
    m_range = new QToolButton(this);
    m_range->setObjectName(u"filterFirstFailed"_s);
    m_range->setPopupMode(QToolButton::InstantPopup);
    m_range->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *rangeMenu = new QMenu(m_range);
    auto *rangeBox = new QWidget(rangeMenu);
    m_fromOn = new QCheckBox(tr("First failed from"), rangeBox);
    m_fromOn->setObjectName(u"filterFromOn"_s);
    m_from = new QDateTimeEdit(QDateTime::currentDateTime().addDays(-7), rangeBox);
    m_from->setObjectName(u"filterFrom"_s);
    m_toOn = new QCheckBox(tr("to"), rangeBox);
    m_toOn->setObjectName(u"filterToOn"_s);
    m_to = new QDateTimeEdit(QDateTime::currentDateTime(), rangeBox);
    m_from->setAccessibleName(m_fromOn->text());
    m_to->setAccessibleName(tr("First failed to"));
    m_to->setObjectName(u"filterTo"_s);
    auto *rangeLayout = new QGridLayout(rangeBox);
    rangeLayout->addWidget(m_fromOn, 0, 0);
    rangeLayout->addWidget(m_from, 0, 1);
    rangeLayout->addWidget(m_toOn, 1, 0);
    rangeLayout->addWidget(m_to, 1, 1);
    auto *rangeAction = new QWidgetAction(rangeMenu);
    rangeAction->setDefaultWidget(rangeBox);
    rangeMenu->addAction(rangeAction);
    m_range->setMenu(rangeMenu);
    for (auto *d : {m_from, m_to}) {
        d->setDisplayFormat(u"yyyy-MM-dd HH:mm"_s);
        d->setCalendarPopup(true);
        d->setEnabled(false);
        connect(d, &QDateTimeEdit::dateTimeChanged, m_debounce, qOverload<>(&QTimer::start));
    }
    connect(m_fromOn, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_toOn, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
    for (auto *c : {m_fromOn, m_toOn})
        connect(c, &QCheckBox::toggled, this, &FilterBar::updateRangeText);
    for (auto *d : {m_from, m_to})
        connect(d, &QDateTimeEdit::dateTimeChanged, this, &FilterBar::updateRangeText);
    updateRangeText();
    auto *clear = new QToolButton(this);
    clear->setObjectName(u"filterClear"_s);
    clear->setText(tr("Clear filters"));
    setAccessibleName(tr("Filters"));

    for (auto *c : {m_status, m_recoverable})
        connect(c, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_quiet)
                emit changed();
        });
    for (auto *c : {m_fromOn, m_toOn})
        connect(c, &QCheckBox::toggled, this, [this] {
            if (!m_quiet)
                emit changed();
        });
    connect(clear, &QToolButton::clicked, this, &FilterBar::clearFilters);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(m_recoverable);
    layout->addWidget(m_context, 1);
    layout->addWidget(m_processor, 1);
    layout->addWidget(m_function, 1);
    layout->addWidget(m_errorCode, 1);
    layout->addWidget(m_range);
    layout->addWidget(clear);
}

FailureFilter FilterBar::apply(FailureFilter f) const
{
    f.status = parseExecutionFailedStatus(m_status->currentData().toString());
    f.recoverable = parseRecoverableType(m_recoverable->currentData().toString());
    f.contextName = m_context->text().trimmed();
    f.processorName = m_processor->text().trimmed();
    f.functionName = m_function->text().trimmed();
    f.errorCode = m_errorCode->text().trimmed();
    f.firstFailedFrom = m_fromOn->isChecked() ? std::optional(m_from->dateTime().toMSecsSinceEpoch()) : std::nullopt;
    f.firstFailedTo = m_toOn->isChecked() ? std::optional(m_to->dateTime().toMSecsSinceEpoch()) : std::nullopt;
    return f;
}

void FilterBar::setFilter(const FailureFilter &f)
{
    m_quiet = true;
    m_status->setCurrentIndex(f.status ? m_status->findData(enumName(*f.status)) : kAnyIndex);
    m_recoverable->setCurrentIndex(f.recoverable ? m_recoverable->findData(enumName(*f.recoverable)) : kAnyIndex);
    m_context->setText(f.contextName);
    m_processor->setText(f.processorName);
    m_function->setText(f.functionName);
    m_errorCode->setText(f.errorCode);
    m_fromOn->setChecked(f.firstFailedFrom.has_value());
    if (f.firstFailedFrom)
        m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(*f.firstFailedFrom, m_from->timeSpec()));
    m_toOn->setChecked(f.firstFailedTo.has_value());
    if (f.firstFailedTo)
        m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(*f.firstFailedTo, m_to->timeSpec()));
    m_debounce->stop();
    m_quiet = false;
}

void FilterBar::updateRangeText()
{
    const QString format = m_from->displayFormat();
    QString text;
    if (m_fromOn->isChecked() && m_toOn->isChecked())
        text = tr("First failed %1 – %2").arg(m_from->dateTime().toString(format), m_to->dateTime().toString(format));
    else if (m_fromOn->isChecked())
        text = tr("First failed from %1").arg(m_from->dateTime().toString(format));
    else if (m_toOn->isChecked())
        text = tr("First failed until %1").arg(m_to->dateTime().toString(format));
    else
        text = tr("First failed: any time");
    m_range->setText(text);
    m_range->setToolTip(tr("Only failures that first failed in this range"));
}

void FilterBar::clearFilters()
{
    setFilter({});
    emit changed();
}

void FilterBar::setUtc(bool utc)
{
    for (auto *d : {m_from, m_to}) {
        const qint64 ms = d->dateTime().toMSecsSinceEpoch();
        d->blockSignals(true);
        d->setTimeSpec(utc ? Qt::UTC : Qt::LocalTime);
        d->setDateTime(QDateTime::fromMSecsSinceEpoch(ms, utc ? Qt::UTC : Qt::LocalTime));
        d->blockSignals(false);
    }
}

static void merge(QStringListModel *m, const QStringList &values)
{
    QStringList all = m->stringList();
    bool grew = false;
    for (const auto &v : values) {
        if (!v.isEmpty() && !all.contains(v)) {
            all.append(v);
            grew = true;
        }
    }
    if (grew) {
        all.sort(Qt::CaseInsensitive);
        m->setStringList(all);
    }
}

void FilterBar::addSeenValues(const QStringList &contexts, const QStringList &processors, const QStringList &functions,
                              const QStringList &errorCodes)
{
    merge(m_contexts, contexts);
    merge(m_processors, processors);
    merge(m_functions, functions);
    merge(m_errorCodes, errorCodes);
}

} // namespace wci
