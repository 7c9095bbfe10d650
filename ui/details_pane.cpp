#include "details_pane.h"
#include "delivered.h"

#include "metrics.h"

#include "event_stream_model.h"
#include "failure_text.h"
#include "json_text.h"
#include "stack_trace_view.h"
#include "state_diff_model.h"
#include "theme.h"
#include "timeline_model.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>

namespace wci {

using namespace Qt::StringLiterals;

namespace {
QTableView *makeTable(QWidget *parent, QAbstractItemModel *model, const QString &name)
{
    auto *v = new QTableView(parent);
    v->setTabKeyNavigation(false);
    v->setObjectName(name);
    v->setModel(model);
    v->setSelectionBehavior(QAbstractItemView::SelectRows);
    v->setSelectionMode(QAbstractItemView::SingleSelection);
    v->setAlternatingRowColors(true);
    v->setWordWrap(false);
    v->verticalHeader()->hide();
    v->verticalHeader()->setDefaultSectionSize(v->fontMetrics().height() + 6);
    v->horizontalHeader()->setStretchLastSection(true);
    v->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    return v;
}

QPlainTextEdit *makeJsonView(QWidget *parent, const QString &name)
{
    auto *e = new QPlainTextEdit(parent);
    e->setObjectName(name);
    e->setReadOnly(true);
    e->setLineWrapMode(QPlainTextEdit::NoWrap);
    e->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return e;
}

theme::Tone badgeTone(StatusBadge badge)
{
    switch (badge) {
    case StatusBadge::Succeeded: return theme::Tone::BadgeSuccess;
    case StatusBadge::Failed:
    case StatusBadge::TimedOut: return theme::Tone::BadgeDanger;
    case StatusBadge::Executing: return theme::Tone::BadgeInfo;
    case StatusBadge::Deleted: break;
    }
    return theme::Tone::BadgeNeutral;
}
} // namespace

DetailsPane::DetailsPane(QWidget *parent) : QWidget(parent)
{
    m_title = new QLabel(tr("No failure selected"), this);
    m_title->setObjectName(u"detailsTitle"_s);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont tf = m_title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.15);
    tf.setBold(true);
    m_title->setFont(tf);
    m_badge = new QLabel(this);
    m_badge->setObjectName(u"detailsBadge"_s);
    m_badge->hide();
    m_message = new QLabel(this);
    m_message->setObjectName(u"detailsMessage"_s);
    m_message->setWordWrap(true);
    m_message->hide();
    m_notice = new QLabel(this);
    m_notice->setObjectName(u"detailsNotice"_s);
    m_notice->setWordWrap(true);
    m_notice->setFrameShape(QFrame::StyledPanel);
    m_notice->setAutoFillBackground(true);
    m_notice->setBackgroundRole(QPalette::ToolTipBase);
    m_notice->setForegroundRole(QPalette::ToolTipText);
    m_notice->setMargin(4);
    m_notice->hide();
    m_retry = new QPushButton(tr("Retry"), this);
    m_retry->setObjectName(u"detailsRetry"_s);
    m_retry->hide();
    connect(m_retry, &QPushButton::clicked, this, &DetailsPane::reload);

    m_streams = new EventStreamModel(this);
    m_timeline = new TimelineModel(this);
    m_diff = new StateDiffModel(this);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"detailsTabs"_s);
    m_tabs->addTab(buildOverview(), tr("Overview"));
    // Each page scrolls when the pane is short, so the pane never takes the list's room: its
    // minimum height is a few lines, whatever the pages hold.
    const auto scrolled = [](QWidget *page) {
        auto *area = new QScrollArea;
        area->setWidgetResizable(true);
        area->setFrameShape(QFrame::NoFrame);
        area->setWidget(page);
        return area;
    };
    m_tabs->addTab(scrolled(buildError()), tr("Error"));
    m_tabs->addTab(scrolled(buildHistory()), tr("History"));
    m_tabs->addTab(scrolled(buildTimeTravel()), tr("Time travel"));
    m_tabs->addTab(scrolled(buildSnapshot()), tr("Snapshot"));
    m_tabs->setAccessibleName(tr("Failure details"));
    for (int i = 0; i < m_tabs->count(); ++i)
        m_tabs->widget(i)->setAccessibleName(m_tabs->tabText(i).remove(u'&'));
    m_tabs->setEnabled(false);

    auto *head = new QHBoxLayout;
    head->addWidget(m_badge);
    head->addWidget(m_title, 1);
    auto *msg = new QHBoxLayout;
    msg->addWidget(m_message, 1);
    msg->addWidget(m_retry);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(head);
    layout->addWidget(m_notice);
    layout->addLayout(msg);
    layout->addWidget(m_tabs, 1);
}

QLabel *DetailsPane::addRow(QFormLayout *form, const QString &key, const QString &label)
{
    auto *value = new QLabel(form->parentWidget());
    value->setObjectName(u"value."_s + key);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    form->addRow(label, value);
    m_values.insert(key, value);
    return value;
}

QLabel *DetailsPane::valueLabel(const QString &key) const
{
    return m_values.value(key);
}

void DetailsPane::setValue(const QString &key, const QString &text)
{
    if (auto *l = m_values.value(key))
        l->setText(text);
}

QWidget *DetailsPane::buildOverview()
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *next = addRow(form, u"nextStep"_s, tr("Next"));
    QFont f = next->font();
    f.setBold(true);
    next->setFont(f);
    addRow(form, u"status"_s, tr("Status"));
    addRow(form, u"recoverable"_s, tr("Recoverable"));
    addRow(form, u"function"_s, tr("Function"));
    addRow(form, u"failedEvent"_s, tr("Failed event"));
    addRow(form, u"sourceAggregate"_s, tr("Source aggregate"));
    addRow(form, u"retrySpec"_s, tr("Retry spec"));
    addRow(form, u"retries"_s, tr("Retries"));
    addRow(form, u"retryAt"_s, tr("Last attempt"));
    addRow(form, u"timeoutAt"_s, tr("Attempt timeout"));
    addRow(form, u"nextRetryAt"_s, tr("Next retry"));
    addRow(form, u"executeAt"_s, tr("Last executed"));
    addRow(form, u"firstFailed"_s, tr("First failed"));
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(page);
    return scroll;
}

QWidget *DetailsPane::buildError()
{
    auto *page = new QWidget;
    auto *form = new QFormLayout;
    addRow(form, u"errorCode"_s, tr("Error code"));
    m_errorMsg = new QPlainTextEdit(page);
    m_errorMsg->setObjectName(u"errorMessage"_s);
    m_errorMsg->setReadOnly(true);
    m_errorMsg->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_errorMsg->setFixedHeight(m_errorMsg->fontMetrics().lineSpacing() + 12); // grows with the message, up to 4 lines
    m_errorMsg->installEventFilter(this);
    form->addRow(tr("Message"), m_errorMsg);
    m_bindingErrors = new QTableWidget(0, 2, page);
    m_bindingErrors->setTabKeyNavigation(false);
    m_bindingErrors->setObjectName(u"bindingErrors"_s);
    m_bindingErrors->setHorizontalHeaderLabels({tr("Field"), tr("Problem")});
    m_bindingErrors->horizontalHeader()->setStretchLastSection(true);
    m_bindingErrors->verticalHeader()->hide();
    m_bindingErrors->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_bindingErrors->setMaximumHeight(m_bindingErrors->fontMetrics().height() * 6);
    form->addRow(tr("Binding errors"), m_bindingErrors);
    form->setRowVisible(m_bindingErrors, false); // shown only when there are any
    m_errorForm = form;
    m_stack = new StackTraceView(page);
    m_stack->setAccessibleName(tr("Stack trace"));
    m_stack->setMinimumHeight(m_stack->fontMetrics().height() * 5);
    m_stack->setToolTip(tr("The application's own frames are highlighted, framework frames dimmed."));
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addWidget(m_stack, 1);
    return page;
}

void DetailsPane::fitErrorMessage()
{
    // As tall as the message wrapped at the box's width, at most 4 lines: the stack trace gets
    // the rest of the tab.
    const int width = std::max(100, m_errorMsg->width() - 16);
    const QFontMetrics fm = m_errorMsg->fontMetrics();
    const QRect r = fm.boundingRect(QRect(0, 0, width, 1000000), Qt::TextWordWrap, m_errorMsg->toPlainText());
    const int lines = std::clamp((r.height() + fm.lineSpacing() - 1) / std::max(1, fm.lineSpacing()), 1, 4);
    const int height = lines * fm.lineSpacing() + 12;
    if (m_errorMsg->height() != height)
        m_errorMsg->setFixedHeight(height);
}

bool DetailsPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_errorMsg && event->type() == QEvent::Resize)
        fitErrorMessage();
    return QWidget::eventFilter(watched, event);
}

QWidget *DetailsPane::buildHistory()
{
    auto *split = new QSplitter(Qt::Vertical);
    m_timelineView = makeTable(split, m_timeline, u"timelineView"_s);
    m_timelineView->setToolTip(tr("Every version from the engine's tracing: what happened, how long after the "
                                  "previous step, who sent it, and the state fields it changed."));
    m_streamView = makeTable(split, m_streams, u"streamView"_s);
    m_streamJson = makeJsonView(split, u"streamJson"_s);
    m_streamJson->setPlaceholderText(tr("Select an event stream to see its JSON."));
    split->addWidget(m_timelineView);
    split->addWidget(m_streamView);
    split->addWidget(m_streamJson);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 2);
    split->setStretchFactor(2, 3);
    connect(m_streamView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_streamJson->setPlainText(current.isValid()
                                               ? m_streams->data(current, EventStreamModel::JsonRole).toString()
                                               : QString());
            });
    connect(m_timelineView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid() && current.row() < m_streams->rowCount())
                    m_streamView->selectRow(current.row());
            });
    return split;
}

QWidget *DetailsPane::buildTimeTravel()
{
    auto *page = new QWidget;
    m_slider = new QSlider(Qt::Horizontal, page);
    m_slider->setObjectName(u"versionSlider"_s);
    m_slider->setRange(1, 1);
    m_slider->setPageStep(1);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_versionBox = new QSpinBox(page);
    m_versionBox->setRange(1, 1);
    m_versionBox->setPrefix(tr("version "));
    m_ttLabel = new QLabel(page);
    m_ttLabel->setObjectName(u"timeTravelLabel"_s);
    m_timePicker = new QDateTimeEdit(page);
    m_timePicker->setObjectName(u"timePicker"_s);
    m_timePicker->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss"_s);
    m_timePicker->setCalendarPopup(true);
    auto *go = new QPushButton(tr("State at time"), page);
    go->setObjectName(u"stateAtTime"_s);
    m_onlyChanges = new QCheckBox(tr("Only changes"), page);
    auto *view = makeTable(page, m_diff, u"diffView"_s);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setWordWrap(false);
    view->horizontalHeader()->setSectionResizeMode(StateDiffModel::Field, QHeaderView::ResizeToContents);
    view->setColumnWidth(StateDiffModel::Value, textWidth(view, 60));
    m_sliderTimer = new QTimer(this);
    m_sliderTimer->setSingleShot(true);
    m_sliderTimer->setInterval(120); // dragging the slider loads the version it rests on

    auto *row1 = new QHBoxLayout;
    row1->addWidget(m_slider, 1);
    row1->addWidget(m_versionBox);
    auto *row2 = new QHBoxLayout;
    row2->addWidget(m_ttLabel, 1);
    row2->addWidget(m_timePicker);
    row2->addWidget(go);
    row2->addWidget(m_onlyChanges);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(row1);
    layout->addLayout(row2);
    layout->addWidget(view, 1);

    connect(m_slider, &QSlider::valueChanged, m_versionBox, &QSpinBox::setValue);
    connect(m_versionBox, &QSpinBox::valueChanged, m_slider, &QSlider::setValue);
    connect(m_slider, &QSlider::valueChanged, m_sliderTimer, qOverload<>(&QTimer::start));
    connect(m_sliderTimer, &QTimer::timeout, this, [this] { loadVersion(m_slider->value()); });
    connect(go, &QPushButton::clicked, this, [this] { loadTime(m_timePicker->dateTime().toMSecsSinceEpoch()); });
    connect(m_onlyChanges, &QCheckBox::toggled, m_diff, &StateDiffModel::setOnlyChanges);
    return page;
}

QWidget *DetailsPane::buildSnapshot()
{
    auto *page = new QWidget;
    auto *form = new QFormLayout;
    addRow(form, u"snapshot.version"_s, tr("Version"));
    addRow(form, u"snapshot.eventId"_s, tr("Event id"));
    addRow(form, u"snapshot.operators"_s, tr("Operators (first / last)"));
    addRow(form, u"snapshot.times"_s, tr("First event / last event / snapshot"));
    addRow(form, u"snapshot.tenant"_s, tr("Tenant / owner / space"));
    addRow(form, u"snapshot.tags"_s, tr("Tags"));
    addRow(form, u"snapshot.deleted"_s, tr("Deleted"));
    m_snapshotJson = makeJsonView(page, u"snapshotJson"_s);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addWidget(m_snapshotJson, 1);
    return page;
}

void DetailsPane::setActionsBar(QWidget *bar)
{
    m_actionsBar = bar;
    auto *layout = static_cast<QVBoxLayout *>(this->layout());
    layout->insertWidget(layout->indexOf(m_tabs), bar);
}

void DetailsPane::setEngine(Engine *engine)
{
    m_engine = engine;
    m_now = engine ? engine->now() : 0;
    clear();
}

void DetailsPane::clear()
{
    m_loadReply.cancel();
    m_timeTravelReply.cancel();
    m_id.clear();
    m_snapshot.reset();
    m_snapshotRaw.clear();
    m_streamList.clear();
    m_trace.clear();
    m_shownVersion = 0;
    m_title->setText(tr("No failure selected"));
    m_badge->hide();
    m_failure.reset();
    m_message->hide();
    m_retry->hide();
    m_tabs->setEnabled(false);
    for (auto *l : std::as_const(m_values))
        l->clear();
    m_errorMsg->clear();
    m_bindingErrors->setRowCount(0);
    m_errorForm->setRowVisible(m_bindingErrors, false);
    m_stack->setStackTrace({});
    m_streams->clear();
    m_timeline->setEntries({});
    m_streamJson->clear();
    m_diff->setStates({}, std::nullopt);
    m_snapshotJson->clear();
}

QString DetailsPane::message() const
{
    return m_message->isVisible() ? m_message->text() : QString();
}

void DetailsPane::setNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
    if (m_failure && m_failure->isConnectionError())
        showFailureMessage();
}

// The last load's failure. Offline (a notice says so, and the window reconnects and reloads by
// itself) a failure to reach the server is not repeated as an error with its own Retry.
void DetailsPane::showFailureMessage()
{
    if (!m_failure)
        return;
    const EngineError &e = *m_failure;
    if (e.isConnectionError() && !m_notice->isHidden()) {
        theme::setTone(m_message, theme::Tone::Muted);
        m_message->setText(tr("%1 is loaded when the server answers again.").arg(m_id));
        m_retry->hide();
    } else {
        const QString text = e.errorMsg.isEmpty() ? e.errorCode : u"%1 (%2)"_s.arg(e.errorMsg, e.errorCode);
        theme::setTone(m_message, theme::Tone::Danger);
        m_message->setText(tr("Could not load %1: %2").arg(m_id, text));
        m_retry->show();
    }
    m_message->show();
}

QString DetailsPane::notice() const
{
    return m_notice->isVisible() ? m_notice->text() : QString();
}

void DetailsPane::showFailure(const QString &executionId)
{
    if (executionId == m_id && m_snapshot)
        return;
    clear();
    m_id = executionId;
    reload();
}

void DetailsPane::reload()
{
    if (!m_engine || m_id.isEmpty())
        return;
    const auto reply = m_loadReply.begin();
    m_outstanding = 3;
    m_title->setText(m_id);
    theme::clearTone(m_message);
    m_failure.reset();
    m_message->setText(tr("Loading %1…").arg(m_id));
    m_message->show();
    m_retry->hide();
    const QString id = m_id;
    const int keepVersion = m_shownVersion;

    m_snapshotFromTrace = false;
    delivered(this, m_engine->getSnapshot(id))
        .then(this, reply([this, keepVersion](const Document &doc) {
                  auto snap = doc.as<Snapshot>();
                  if (!snap) {
                      failedPart(EngineError(snap.error().code, snap.error().message));
                      return;
                  }
                  showSnapshot(std::move(*snap), doc.json, keepVersion);
                  partDone();
              }))
        .onFailed(this, reply([this](const EngineError &e) {
            if (e.errorCode != ErrorCode::NotFound) {
                failedPart(e);
                return;
            }
            // Wow serves no snapshot of a deleted aggregate: rebuild it from the last tracing
            // entry (now, or when the trace arrives).
            m_snapshotFromTrace = true;
            if (!m_trace.isEmpty())
                rebuildFromTrace();
            partDone();
        }));

    delivered(this, m_engine->loadEventStreams(id, 1, std::numeric_limits<int>::max()))
        .then(this, reply([this](const QList<Document> &streams) {
                  m_streams->setStreams(streams);
                  m_streamList.clear();
                  for (int i = 0; i < m_streams->rowCount(); ++i)
                      m_streamList.append(m_streams->streamAt(i));
                  m_streamView->resizeColumnsToContents();
                  if (m_streams->rowCount() > 0)
                      m_streamView->selectRow(m_streams->rowCount() - 1); // the latest stream's JSON
                  if (!m_streamList.isEmpty()) {
                      m_timePicker->blockSignals(true);
                      m_timePicker->setDateTime(QDateTime::fromMSecsSinceEpoch(m_streamList.last().createTime,
                                                                               m_timePicker->timeSpec()));
                      m_timePicker->blockSignals(false);
                  }
                  partDone();
              }))
        .onFailed(this, reply([this](const EngineError &e) { failedPart(e); }));

    delivered(this, m_engine->tracing(id, TracingRange{}))
        .then(this, reply([this](const QList<StateEvent> &events) {
                  m_trace = events;
                  m_timeline->setEntries(buildTimeline(events, m_utc));
                  if (m_snapshot && m_shownVersion != m_slider->value())
                      loadVersion(m_slider->value()); // it may have needed the trace (a deleted version)
                  if (m_snapshotFromTrace && !m_snapshot && !events.isEmpty())
                      rebuildFromTrace();
                  m_timelineView->resizeColumnsToContents();
                  partDone();
              }))
        .onFailed(this, reply([this](const EngineError &e) { failedPart(e); }));
}

void DetailsPane::partDone()
{
    if (--m_outstanding > 0)
        return;
    if (m_message->text().startsWith(tr("Loading")))
        m_message->hide();
    emit loaded();
}

void DetailsPane::failedPart(const EngineError &e)
{
    const QString text = e.errorMsg.isEmpty() ? e.errorCode : u"%1 (%2)"_s.arg(e.errorMsg, e.errorCode);
    m_failure = e;
    showFailureMessage();
    m_outstanding = 0;
    m_loadReply.cancel(); // the other parts of this load are no longer wanted
    emit loadFailed(text);
}

QString DetailsPane::absRel(qint64 t) const
{
    if (t == 0)
        return u"—"_s;
    return u"%1 (%2)"_s.arg(formatDateTime(t, m_utc), formatRelative(t, m_now));
}

void DetailsPane::fillFromSnapshot()
{
    if (!m_snapshot)
        return;
    const Snapshot &snap = *m_snapshot;
    const ExecutionFailedState &s = snap.state;
    m_tabs->setEnabled(true);
    const StatusBadge badge = statusBadgeOf(s, snap.deleted, m_now);
    m_badge->setText(badgeText(badge));
    theme::setToneStyleSheet(m_badge, u"QLabel { color: %1; background: %2; border-radius: 4px; padding: 2px 8px; font-weight: bold; }"_s,
                             {theme::Tone::BadgeText, badgeTone(badge)});
    m_badge->show();
    m_title->setText(u"%1 — %2.%3"_s.arg(snap.aggregateId, s.function.processorName, s.function.name));

    setValue(u"nextStep"_s, describeNextStep(s, snap.deleted, m_now));
    QString status = enumName(s.status);
    if (s.status == ExecutionFailedStatus::Prepared)
        status += s.isTimedOut(m_now) ? tr(" — the attempt timed out; it is retried like a failure")
                                      : tr(" — an attempt is running (it times out at %1)").arg(formatDateTime(s.retryState.timeoutAt, m_utc));
    setValue(u"status"_s, status + (snap.deleted ? tr(" (deleted)") : QString()));
    setValue(u"recoverable"_s, enumName(s.recoverable));
    setValue(u"function"_s, u"%1 %2 / %3.%4"_s.arg(enumName(s.function.functionKind), s.function.contextName,
                                                   s.function.processorName, s.function.name));
    setValue(u"failedEvent"_s, tr("%1, version %2").arg(s.eventId.id).arg(s.eventId.version));
    setValue(u"sourceAggregate"_s, u"%1 / %2 / %3 (tenant %4)"_s.arg(s.eventId.aggregateId.contextName,
                                                                      s.eventId.aggregateId.aggregateName,
                                                                      s.eventId.aggregateId.aggregateId,
                                                                      s.eventId.aggregateId.tenantId));
    setValue(u"retrySpec"_s, tr("at most %1 retries, backoff from %2 s, attempt timeout %3 s")
                                 .arg(s.retrySpec.maxRetries)
                                 .arg(s.retrySpec.minBackoff)
                                 .arg(s.retrySpec.executionTimeout));
    setValue(u"retries"_s, u"%1 / %2"_s.arg(s.retryState.retries).arg(s.retrySpec.maxRetries));
    setValue(u"retryAt"_s, absRel(s.retryState.retryAt));
    setValue(u"timeoutAt"_s, absRel(s.retryState.timeoutAt));
    setValue(u"nextRetryAt"_s, absRel(s.retryState.nextRetryAt));
    setValue(u"executeAt"_s, absRel(s.executeAt));
    setValue(u"firstFailed"_s, absRel(snap.firstEventTime));

    setValue(u"errorCode"_s, s.error.errorCode);
    if (m_errorMsg->toPlainText() != s.error.errorMsg) {
        m_errorMsg->setPlainText(s.error.errorMsg);
        fitErrorMessage();
    }
    m_bindingErrors->setRowCount(int(s.error.bindingErrors.size()));
    m_errorForm->setRowVisible(m_bindingErrors, !s.error.bindingErrors.empty());
    for (int i = 0; i < s.error.bindingErrors.size(); ++i) {
        m_bindingErrors->setItem(i, 0, new QTableWidgetItem(s.error.bindingErrors.at(i).name));
        m_bindingErrors->setItem(i, 1, new QTableWidgetItem(s.error.bindingErrors.at(i).msg));
    }
    if (m_stack->stackTrace() != s.error.stackTrace)
        m_stack->setStackTrace(s.error.stackTrace);

    setValue(u"snapshot.version"_s, m_snapshotFromTrace ? tr("%1 (rebuilt from the event stream: Wow serves no snapshot of a "
                                                             "deleted failure)").arg(snap.version)
                                                        : QString::number(snap.version));
    setValue(u"snapshot.eventId"_s, snap.eventId);
    setValue(u"snapshot.operators"_s, u"%1 / %2"_s.arg(snap.firstOperator.isEmpty() ? u"—"_s : snap.firstOperator,
                                                        snap.operatorName.isEmpty() ? u"—"_s : snap.operatorName));
    setValue(u"snapshot.times"_s, u"%1 / %2 / %3"_s.arg(formatDateTime(snap.firstEventTime, m_utc),
                                                         formatDateTime(snap.eventTime, m_utc),
                                                         formatDateTime(snap.snapshotTime, m_utc)));
    setValue(u"snapshot.tenant"_s, u"%1 / %2 / %3"_s.arg(snap.tenantId, snap.ownerId.isEmpty() ? u"—"_s : snap.ownerId,
                                                          snap.spaceId.value_or(u"—"_s)));
    QStringList tags;
    if (snap.tags) {
        for (auto it = snap.tags->begin(); it != snap.tags->end(); ++it)
            tags.append(it.key() + u": "_s + it.value().join(u", "_s));
    }
    setValue(u"snapshot.tags"_s, tags.isEmpty() ? u"—"_s : tags.join(u"; "_s));
    setValue(u"snapshot.deleted"_s, snap.deleted ? tr("yes") : tr("no"));
    const QString pretty = prettyJson(m_snapshotRaw);
    if (m_snapshotJson->toPlainText() != pretty)
        m_snapshotJson->setPlainText(pretty);
}

void DetailsPane::setUtc(bool utc)
{
    m_utc = utc;
    m_streams->setUtc(utc);
    m_timeline->setUtc(utc);
    m_diff->setUtc(utc);
    const qint64 picked = m_timePicker->dateTime().toMSecsSinceEpoch();
    m_timePicker->setTimeSpec(utc ? Qt::UTC : Qt::LocalTime);
    m_timePicker->setDateTime(QDateTime::fromMSecsSinceEpoch(picked, utc ? Qt::UTC : Qt::LocalTime));
    fillFromSnapshot();
}

void DetailsPane::tick(qint64 now)
{
    m_now = now;
    if (isVisible())
        fillFromSnapshot();
}

void DetailsPane::loadVersion(int version)
{
    if (!m_engine || m_id.isEmpty())
        return;
    const auto reply = m_timeTravelReply.begin();
    m_ttLabel->setText(tr("Loading version %1…").arg(version));
    QPointer<Engine> engine = m_engine;
    delivered(this, stateAt(version))
        .then(this, reply([this, reply, version, engine](const ExecutionFailedState &current) {
                  if (version <= 1 || !engine) {
                      showTimeTravel(current, std::nullopt, version);
                      return;
                  }
                  delivered(this, stateAt(version - 1))
                      .then(this, reply([this, current, version](const ExecutionFailedState &previous) {
                                showTimeTravel(current, previous, version);
                            }))
                      .onFailed(this, reply([this](const EngineError &e) {
                          m_ttLabel->setText(tr("Could not load the previous version: %1").arg(e.errorMsg));
                      }));
              }))
        .onFailed(this, reply([this, version](const EngineError &e) {
            m_ttLabel->setText(tr("Could not load version %1: %2").arg(version).arg(e.errorMsg));
        }));
}

void DetailsPane::showSnapshot(Snapshot snapshot, const QByteArray &raw, int keepVersion)
{
    m_snapshot = std::move(snapshot);
    m_snapshotRaw = raw;
    fillFromSnapshot();
    const int version = m_snapshot->version;
    const int v = keepVersion > 0 && keepVersion <= version ? keepVersion : version;
    m_slider->blockSignals(true);
    m_versionBox->blockSignals(true);
    m_slider->setRange(1, std::max(1, version));
    m_versionBox->setRange(1, std::max(1, version));
    m_slider->setValue(v);
    m_versionBox->setValue(v);
    m_slider->blockSignals(false);
    m_versionBox->blockSignals(false);
    loadVersion(v);
}

void DetailsPane::rebuildFromTrace()
{
    const Snapshot rebuilt = snapshotFromStateEvent(m_trace.last());
    showSnapshot(rebuilt, rebuilt.toJsonBytes(), 0);
}

QFuture<ExecutionFailedState> DetailsPane::stateAt(int version)
{
    // The engine's state at that version; a deleted one has none (NotFound, as in Wow), so its
    // tracing entry stands in.
    return m_engine->loadStateAtVersion(m_id, version)
        .onFailed(this, [this, version](const EngineError &e) -> ExecutionFailedState {
            if (e.errorCode == ErrorCode::NotFound) {
                for (const auto &t : std::as_const(m_trace)) {
                    if (t.version == version)
                        return t.state;
                }
            }
            throw e;
        });
}

void DetailsPane::loadTime(qint64 time)
{
    if (!m_engine || m_id.isEmpty())
        return;
    // The version in effect at that time, from the streams already loaded.
    int version = 0;
    for (const auto &s : std::as_const(m_streamList)) {
        if (s.createTime <= time)
            version = std::max(version, s.version);
    }
    if (version == 0) {
        m_timeTravelReply.cancel();
        m_ttLabel->setText(tr("The failure did not exist yet at %1.").arg(formatDateTime(time, m_utc)));
        m_diff->setStates({}, std::nullopt);
        m_shownVersion = 0;
        emit timeTravelLoaded();
        return;
    }
    const auto reply = m_timeTravelReply.begin();
    const QString id = m_id;
    QPointer<Engine> engine = m_engine;
    delivered(this, m_engine->loadStateAtTime(id, time))
        .then(this, reply([this, reply, id, version, engine](const ExecutionFailedState &current) {
                  m_slider->blockSignals(true);
                  m_versionBox->blockSignals(true);
                  m_slider->setValue(version);
                  m_versionBox->setValue(version);
                  m_slider->blockSignals(false);
                  m_versionBox->blockSignals(false);
                  if (version <= 1 || !engine) {
                      showTimeTravel(current, std::nullopt, version);
                      return;
                  }
                  delivered(this, engine->loadStateAtVersion(id, version - 1))
                      .then(this, reply([this, current, version](const ExecutionFailedState &previous) {
                                showTimeTravel(current, previous, version);
                            }));
              }))
        .onFailed(this, reply([this](const EngineError &e) {
            m_ttLabel->setText(tr("Could not load the state at that time: %1").arg(e.errorMsg));
        }));
}

void DetailsPane::showTimeTravel(const ExecutionFailedState &current, const std::optional<ExecutionFailedState> &previous,
                                 int version)
{
    m_shownVersion = version;
    m_diff->setStates(current.toJson(), previous ? std::optional(previous->toJson()) : std::nullopt);
    qint64 when = 0;
    QString events;
    for (const auto &s : std::as_const(m_streamList)) {
        if (s.version == version) {
            when = s.createTime;
            QStringList names;
            for (const auto &e : s.body)
                names.append(describeEventName(e.name));
            events = names.join(u", "_s);
        }
    }
    if (when) { // the time field follows the version shown
        m_timePicker->blockSignals(true);
        m_timePicker->setDateTime(QDateTime::fromMSecsSinceEpoch(when, m_timePicker->timeSpec()));
        m_timePicker->blockSignals(false);
    }
    const int latest = m_snapshot ? m_snapshot->version : version;
    m_ttLabel->setText(tr("Version %1 of %2%3%4 — %n field(s) changed", nullptr, m_diff->changedCount())
                           .arg(version)
                           .arg(latest)
                           .arg(when ? u" · "_s + formatDateTime(when, m_utc) : QString(),
                                events.isEmpty() ? QString() : u" · "_s + events));
    emit timeTravelLoaded();
}

} // namespace wci
