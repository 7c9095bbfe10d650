#pragma once

// The filters under the search box: status, recoverable, context, processor, function, error
// code and a first-failed time range. It edits the non-search part of a FailureFilter; values
// seen in the list are offered as completions.

#include "failure_filter.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLineEdit;
class QStringListModel;
class QTimer;
class QToolButton;

namespace wci {

class FilterBar : public QWidget {
    Q_OBJECT
public:
    explicit FilterBar(QWidget *parent = nullptr);

    // The filter bar's fields of `base` replaced by what the bar shows.
    FailureFilter apply(FailureFilter base) const;
    void setFilter(const FailureFilter &filter); // no changed() signal
    void clearFilters();
    void setUtc(bool utc);
    // Values seen in the data, offered as completions.
    void addSeenValues(const QStringList &contexts, const QStringList &processors, const QStringList &functions,
                       const QStringList &errorCodes);

    QComboBox *statusBox() const { return m_status; }
    QComboBox *recoverableBox() const { return m_recoverable; }
    QLineEdit *contextEdit() const { return m_context; }
    QLineEdit *processorEdit() const { return m_processor; }
    QLineEdit *functionEdit() const { return m_function; }
    QLineEdit *errorCodeEdit() const { return m_errorCode; }

signals:
    void changed(); // debounced for typing

private:
    QLineEdit *makeEdit(const QString &name, const QString &placeholder, QStringListModel **completions);
    void updateRangeText();
    QComboBox *m_status;
    QComboBox *m_recoverable;
    QLineEdit *m_context;
    QLineEdit *m_processor;
    QLineEdit *m_function;
    QLineEdit *m_errorCode;
    QToolButton *m_range;
    QCheckBox *m_fromOn;
    QDateTimeEdit *m_from;
    QCheckBox *m_toOn;
    QDateTimeEdit *m_to;
    QStringListModel *m_contexts = nullptr;
    QStringListModel *m_processors = nullptr;
    QStringListModel *m_functions = nullptr;
    QStringListModel *m_errorCodes = nullptr;
    QTimer *m_debounce;
    bool m_quiet = false;
};

} // namespace wci
