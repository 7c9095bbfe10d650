#pragma once

// File › Database properties: the built-in database's file, its size and free pages, its
// documents and how well they are compressed, and Compact (recompress every document with the
// file's dictionary, then rewrite the file) with progress and Cancel. Everything is read and
// done on the engine's threads; the dialog never blocks the window.

#include "engine.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QHash>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace wci {

class StorageDialog : public QDialog {
    Q_OBJECT
public:
    StorageDialog(LocalStorage *storage, bool readOnly, QWidget *parent = nullptr);
    ~StorageDialog() override;

    // The shown value of a field ("file", "format", "size", "free", "failures", "streams",
    // "documents", "stored", "ratio", "plain", "dictionary").
    QString field(const QString &key) const;
    bool isBusy() const;
    StorageInfo info() const { return m_info; }

public slots:
    void refresh();
    void compact();

signals:
    void loaded();
    void compacted(const wci::CompactResult &result);

private:
    void showInfo(const StorageInfo &info);
    void setBusy(bool busy);

    LocalStorage *m_storage;
    bool m_readOnly;
    StorageInfo m_info;
    QLineEdit *m_file = nullptr;
    QHash<QString, QLabel *> m_fields;
    QLabel *m_status;
    QProgressBar *m_progress;
    QPushButton *m_compact;
    QPushButton *m_close;
    QFutureWatcher<StorageInfo> m_infoWatcher;
    QFutureWatcher<CompactResult> m_compactWatcher;
};

} // namespace wci
