#include "info_dialog.h"
#include "delivered.h"

#include "metrics.h"

#include "failure_text.h"

#include "json_text.h"
#include "theme.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace wci {

using namespace Qt::StringLiterals;

InfoDialog::InfoDialog(Engine *engine, Kind kind, QWidget *parent) : QDialog(parent), m_engine(engine), m_kind(kind)
{
    setObjectName(u"infoDialog"_s);
    setWindowTitle(kind == Kind::Metadata ? tr("Metadata") : kind == Kind::GlobalId ? tr("Global id") : tr("BI sync script"));
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(u"text"_s);
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    if (kind == Kind::BiScript) {
        auto *form = new QFormLayout;
        m_operation = new QComboBox(this);
        m_operation->addItems(biScriptOperationModeNames());
        m_database = new QLineEdit(this);
        m_database->setPlaceholderText(tr("server default"));
        form->addRow(tr("Operation"), m_operation);
        form->addRow(tr("Database"), m_database);
        layout->addLayout(form);
    }
    layout->addWidget(m_text, 1);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *again = buttons->addButton(kind == Kind::GlobalId ? tr("Generate another") : tr("Reload"), QDialogButtonBox::ActionRole);
    auto *copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    auto *save = buttons->addButton(tr("Save…"), QDialogButtonBox::ActionRole);
    connect(again, &QPushButton::clicked, this, &InfoDialog::load);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_text->toPlainText()); });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save"), m_kind == Kind::BiScript ? u"execution_failed.sql"_s
                                                                                                     : u"metadata.json"_s);
        if (path.isEmpty())
            return;
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(m_text->toPlainText().toUtf8()) < 0)
            m_status->setText(tr("Could not write %1: %2").arg(path, f.errorString()));
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(kind == Kind::GlobalId ? dialogSize(this, 60, 9) : dialogSize(this, 117, 36));
    load();
}

void InfoDialog::load()
{
    if (!m_engine)
        return;
    m_status->setText(tr("Loading…"));
    auto fail = [this](const EngineError &e) {
        theme::setTone(m_status, theme::Tone::Danger);
        m_status->setText(describeEngineError(e));
        emit loaded();
    };
    switch (m_kind) {
    case Kind::Metadata:
        delivered(this, m_engine->metadata())
            .then(this,
                  [this](const WowMetadata &m) {
                      m_text->setPlainText(prettyJson(m.toJsonBytes()));
                      m_status->clear();
                      emit loaded();
                  })
            .onFailed(this, fail);
        break;
    case Kind::GlobalId:
        delivered(this, m_engine->generateGlobalId())
            .then(this,
                  [this](const QString &id) {
                      m_text->setPlainText(id);
                      m_status->setText(tr("15 base-62 characters, time-ordered."));
                      emit loaded();
                  })
            .onFailed(this, fail);
        break;
    case Kind::BiScript: {
        BiScriptRequest r;
        r.operation = parseBiScriptOperationMode(m_operation->currentText());
        if (r.operation == BiScriptOperationMode::Reset)
            r.replayFromEarliestConfirmed = true;
        if (!m_database->text().trimmed().isEmpty())
            r.database = m_database->text().trimmed();
        delivered(this, m_engine->generateBiScript(r))
            .then(this,
                  [this](const BiScriptResponse &s) {
                      m_text->setPlainText(s.script);
                      QStringList notes;
                      if (s.destructive)
                          notes.append(tr("Destructive: it drops and recreates objects."));
                      for (const auto &d : s.diagnostics)
                          notes.append(QString::fromUtf8(d.toJsonBytes()));
                      theme::clearTone(m_status);
                      m_status->setText(notes.join(u'\n'));
                      emit loaded();
                  })
            .onFailed(this, fail);
        break;
    }
    }
}

} // namespace wci
