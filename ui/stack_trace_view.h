#pragma once

// A Java/Kotlin stack trace for reading: exception lines and `Caused by:` sections stand out,
// the application's own frames are highlighted and framework frames are dimmed; find with
// next/previous and a match count, wrap on/off, jump to a section, copy.

#include "stack_trace.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace wci {

class StackTraceView : public QWidget {
    Q_OBJECT
public:
    explicit StackTraceView(QWidget *parent = nullptr);

    void setStackTrace(const QString &text);
    QString stackTrace() const;
    // Frames whose class starts with one of these count as the application's own; when empty,
    // every frame outside well-known framework packages does.
    void setApplicationPackages(const QStringList &prefixes);

    using LineKind = StackLineKind;
    static LineKind classify(const QString &line, const QStringList &appPackages = {});
    // "Caused by:" sections (and the first exception line) as (line number, text).
    QList<QPair<int, QString>> sections() const;

    int matchCount() const { return m_matches; }
    QPlainTextEdit *editor() const { return m_edit; }
    QLineEdit *findEdit() const { return m_find; }

public slots:
    void findNext();
    void findPrevious();
    void copyAll();

private:
    void updateMatches();
    void find(bool backward);

    QPlainTextEdit *m_edit;
    QLineEdit *m_find;
    QLabel *m_matchLabel;
    QCheckBox *m_wrap;
    QComboBox *m_sections;
    class Highlighter *m_highlighter;
    int m_matches = 0;
};

} // namespace wci
