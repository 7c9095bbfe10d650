#include "storage_dialog.h"

#include "metrics.h"

#include <QFormLayout>
#include <QDir>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace wci {

using namespace Qt::StringLiterals;

namespace {

QString dataSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

template <typename T>
QString errorText(QFuture<T> f)
{
    try {
        f.waitForFinished();
    } catch (const EngineError &e) {
        return e.errorMsg;
    } catch (const std::exception &e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

StorageDialog::StorageDialog(LocalStorage *storage, bool readOnly, QWidget *parent)
    : QDialog(parent), m_storage(storage), m_readOnly(readOnly)
{
    setObjectName(u"storageDialog"_s);
    setWindowTitle(tr("Database properties"));
    auto *form = new QFormLayout;
    const std::pair<const char *, QString> rows[] = {
        {"file", tr("File:")},
        {"format", tr("Format:")},
        {"size", tr("Size on disk:")},
        {"free", tr("Free space in the file:")},
        {"failures", tr("Failures:")},
        {"streams", tr("Event streams:")},
        {"documents", tr("Documents:")},
        {"stored", tr("Stored as:")},
        {"ratio", tr("Compression:")},
        {"plain", tr("Not yet compressed:")},
        {"dictionary", tr("Dictionary:")},
    };
    for (const auto &[key, label] : rows) {
        if (qstrcmp(key, "file") == 0) {
            // A path is long and wanted whole (to copy): a read-only field that scrolls.
            m_file = new QLineEdit(tr("Reading…"), this);
            m_file->setObjectName(u"storage_file"_s);
            m_file->setReadOnly(true);
            m_file->setFrame(false);
            form->addRow(label, m_file);
            continue;
        }
        auto *value = new QLabel(tr("Reading…"), this);
        value->setObjectName(u"storage_"_s + QLatin1String(key));
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        form->addRow(label, value);
        m_fields.insert(QLatin1String(key), value);
    }
    m_status = new QLabel(this);
    m_status->setObjectName(u"storageStatus"_s);
    m_status->setWordWrap(true);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"storageProgress"_s);
    m_progress->setRange(0, 1000);
    m_progress->hide();
    m_compact = new QPushButton(tr("&Compact"), this);
    m_compact->setObjectName(u"storageCompact"_s);
    m_compact->setToolTip(tr("Compress every document with the file's dictionary, then rewrite the file without its free "
                             "space. Runs in the background; Cancel keeps what was done."));
    m_close = new QPushButton(tr("Close"), this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_compact);
    buttons->addStretch(1);
    buttons->addWidget(m_close);
    layout->addLayout(buttons);
    resize(dialogSize(this, 96, 20));

    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_compact, &QPushButton::clicked, this, [this] {
        if (m_compactWatcher.isRunning())
            m_compactWatcher.cancel();
        else
            compact();
    });
    connect(&m_infoWatcher, &QFutureWatcherBase::finished, this, [this] {
        const QString error = errorText(m_infoWatcher.future());
        if (!error.isEmpty()) {
            m_status->setText(tr("Could not read the database: %1").arg(error));
            for (auto *l : std::as_const(m_fields))
                if (l->text() == tr("Reading…"))
                    l->setText(u"—"_s);
            return;
        }
        showInfo(m_infoWatcher.result());
        emit loaded();
    });
    connect(&m_compactWatcher, &QFutureWatcherBase::progressValueChanged, this, [this](int v) {
        m_progress->setValue(v);
        if (v >= 900)
            m_status->setText(tr("Rewriting the file without its free space…"));
    });
    connect(&m_compactWatcher, &QFutureWatcherBase::finished, this, [this] {
        setBusy(false);
        const QFuture<CompactResult> f = m_compactWatcher.future();
        const QString error = errorText(f);
        if (!error.isEmpty()) {
            m_status->setText(tr("Compact failed: %1. The data is as it was.").arg(error));
        } else if (f.resultCount() == 0) {
            m_status->setText(tr("Cancelled. What was recompressed stays; nothing was lost."));
        } else {
            const CompactResult r = f.result();
            m_status->setText(r.vacuumed ? tr("Compacted: %L1 documents recompressed; the file went from %2 to %3.")
                                               .arg(r.recompressed)
                                               .arg(dataSize(r.bytesBefore), dataSize(r.bytesAfter))
                                         : tr("Cancelled after %L1 documents were recompressed; the file was not "
                                              "rewritten. Nothing was lost.")
                                               .arg(r.recompressed));
            emit compacted(r);
        }
        refresh();
    });
    m_compact->setEnabled(false);
    refresh();
}

StorageDialog::~StorageDialog()
{
    // A running compaction stops at its next batch; what it did stays.
    if (m_compactWatcher.isRunning())
        m_compactWatcher.cancel();
}

QString StorageDialog::field(const QString &key) const
{
    if (key == u"file"_s)
        return m_file->text();
    const QLabel *l = m_fields.value(key);
    return l ? l->text() : QString();
}

bool StorageDialog::isBusy() const
{
    return m_compactWatcher.isRunning();
}

void StorageDialog::refresh()
{
    m_infoWatcher.setFuture(m_storage->storageInfo());
}

void StorageDialog::compact()
{
    if (m_readOnly || m_compactWatcher.isRunning())
        return;
    m_status->setText(tr("Compressing documents…"));
    m_progress->setValue(0);
    setBusy(true);
    m_compactWatcher.setFuture(m_storage->compact());
}

void StorageDialog::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_compact->setText(busy ? tr("&Cancel compact") : tr("&Compact"));
    m_compact->setEnabled(busy || !m_readOnly);
}

void StorageDialog::showInfo(const StorageInfo &s)
{
    m_info = s;
    const auto set = [this](const char *key, const QString &text) { m_fields.value(QLatin1String(key))->setText(text); };
    m_file->setText(QDir::toNativeSeparators(s.path));
    m_file->setCursorPosition(m_file->text().size()); // the file name, not the start of the path
    m_file->setToolTip(m_file->text());
    set("format", QString::number(s.format));
    set("size", dataSize(s.fileBytes));
    set("free", dataSize(s.freeBytes));
    set("failures", QLocale().toString(s.failures));
    set("streams", QLocale().toString(s.eventStreams));
    set("documents", tr("%L1 (%2 as JSON)").arg(s.failures + s.eventStreams).arg(dataSize(s.documentBytes)));
    set("stored", dataSize(s.storedBytes));
    set("ratio", tr("%1× smaller").arg(QLocale().toString(s.compressionRatio(), 'f', 1)));
    set("plain", s.plainDocuments > 0 ? tr("%L1 documents — Compact compresses them").arg(s.plainDocuments)
                                      : tr("none"));
    set("dictionary", s.dictionaries > 0 ? tr("%n dictionary(ies), %1, trained from the file's own documents", nullptr, s.dictionaries)
                                               .arg(dataSize(s.dictionaryBytes))
                                         : tr("none yet (trained once the file holds enough documents)"));
    // Wrapped values take more lines than "Reading…" did: grow to show them all.
    layout()->activate();
    const int needed = layout()->totalHeightForWidth(width());
    if (needed > height())
        resize(width(), needed);
    if (!isBusy())
        m_compact->setEnabled(!m_readOnly);
    if (m_readOnly)
        m_compact->setToolTip(tr("The database is open read-only."));
}

} // namespace wci
