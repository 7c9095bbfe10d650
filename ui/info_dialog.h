#pragma once

// The read-only tools: the engine's metadata, a new global id, or the BI sync script, with
// copy and save.

#include "engine.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace wci {

class InfoDialog : public QDialog {
    Q_OBJECT
public:
    enum class Kind { Metadata, GlobalId, BiScript };
    InfoDialog(Engine *engine, Kind kind, QWidget *parent = nullptr);
    QPlainTextEdit *text() const { return m_text; }
    QLabel *statusLabel() const { return m_status; }
signals:
    void loaded();

private:
    void load();
    QPointer<Engine> m_engine;
    Kind m_kind;
    QComboBox *m_operation = nullptr;
    QLineEdit *m_database = nullptr;
    QPlainTextEdit *m_text;
    QLabel *m_status;
};

} // namespace wci
