#pragma once

// The selected failure in tabs: Overview (what the engine will do next), Error (code, message,
// binding errors and the stack trace), History (attempt timeline from tracing + the event
// stream with each stream's JSON), Time travel (state at a version or time and what changed)
// and Snapshot (the document). Late answers of an earlier selection are dropped (ReplyGuard).

#include "engine.h"
#include "reply_guard.h"

#include <QPointer>
#include <QWidget>

class QDateTimeEdit;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSlider;
class QSpinBox;
class QCheckBox;
class QTabWidget;
class QTableView;
class QTableWidget;
class QTimer;

namespace wci {

class EventStreamModel;
class StackTraceView;
class StateDiffModel;
class TimelineModel;

class DetailsPane : public QWidget {
    Q_OBJECT
public:
    enum Tab { OverviewTab, ErrorTab, HistoryTab, TimeTravelTab, SnapshotTab };

    explicit DetailsPane(QWidget *parent = nullptr);

    void setEngine(Engine *engine);
    void showFailure(const QString &executionId);
    void clear();
    void reload();
    QString executionId() const { return m_id; }
    void setUtc(bool utc);
    void tick(qint64 now); // refreshes the relative times
    // The action buttons (and why some are disabled), shown above the tabs.
    void setActionsBar(QWidget *bar);

    // For the window and its tests.
    QTabWidget *tabs() const { return m_tabs; }
    QLabel *valueLabel(const QString &key) const; // an Overview/Error/Snapshot value by key
    StackTraceView *stackTraceView() const { return m_stack; }
    EventStreamModel *streamModel() const { return m_streams; }
    TimelineModel *timelineModel() const { return m_timeline; }
    StateDiffModel *diffModel() const { return m_diff; }
    QTableView *streamView() const { return m_streamView; }
    QPlainTextEdit *streamJson() const { return m_streamJson; }
    QPlainTextEdit *snapshotJson() const { return m_snapshotJson; }
    QSlider *versionSlider() const { return m_slider; }
    QDateTimeEdit *timePicker() const { return m_timePicker; }
    int shownVersion() const { return m_shownVersion; }
    std::optional<Snapshot> snapshot() const { return m_snapshot; }
    QString message() const;
    // A plain note above the tabs about the shown failure's place in the list ("not in this
    // view"); empty hides it. showFailure() and clear() keep it; the window owns it.
    void setNotice(const QString &text);
    QString notice() const;

signals:
    void loaded();           // snapshot, streams and tracing of the current failure arrived
    void timeTravelLoaded(); // the state at the chosen version or time is shown
    void loadFailed(const QString &message);

private:
    QWidget *buildOverview();
    QWidget *buildError();
    QWidget *buildHistory();
    QWidget *buildTimeTravel();
    QWidget *buildSnapshot();
    QLabel *addRow(QFormLayout *form, const QString &key, const QString &label);
    void setValue(const QString &key, const QString &text);
    void fillFromSnapshot();
    void partDone();
    void failedPart(const EngineError &e);
    void loadVersion(int version);
    void loadTime(qint64 time);
    QFuture<ExecutionFailedState> stateAt(int version);
    void rebuildFromTrace();
    // Shows a snapshot; the time-travel slider goes to `keepVersion` (0: the latest).
    void showSnapshot(Snapshot snapshot, const QByteArray &raw, int keepVersion);
    void showTimeTravel(const ExecutionFailedState &current, const std::optional<ExecutionFailedState> &previous,
                        int version);
    QString absRel(qint64 t) const;
    void fitErrorMessage();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:

    QPointer<Engine> m_engine;
    QString m_id;
    ReplyGuard m_loadReply;       // snapshot, streams and tracing of the shown failure
    ReplyGuard m_timeTravelReply; // the state at the chosen version or time
    int m_outstanding = 0;
    bool m_utc = false;
    qint64 m_now = 0;
    std::optional<Snapshot> m_snapshot;
    bool m_snapshotFromTrace = false;
    QByteArray m_snapshotRaw;
    QList<DomainEventStream> m_streamList;
    QList<StateEvent> m_trace;
    int m_shownVersion = 0;

    QWidget *m_actionsBar = nullptr;
    QLabel *m_title;
    QLabel *m_badge;
    QLabel *m_message;
    QLabel *m_notice;
    std::optional<EngineError> m_failure; // the last load's, until the next load
    void showFailureMessage();
    QPushButton *m_retry;
    QTabWidget *m_tabs;
    QHash<QString, QLabel *> m_values;
    QPlainTextEdit *m_errorMsg;
    QTableWidget *m_bindingErrors;
    QFormLayout *m_errorForm = nullptr;
    StackTraceView *m_stack;
    EventStreamModel *m_streams;
    TimelineModel *m_timeline;
    QTableView *m_streamView;
    QTableView *m_timelineView;
    QPlainTextEdit *m_streamJson;
    QSlider *m_slider;
    QSpinBox *m_versionBox;
    QLabel *m_ttLabel;
    QDateTimeEdit *m_timePicker;
    QCheckBox *m_onlyChanges;
    StateDiffModel *m_diff;
    QTimer *m_sliderTimer;
    QPlainTextEdit *m_snapshotJson;
};

} // namespace wci
