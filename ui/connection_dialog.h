#pragma once

// Connect to a remote Wow compensation server: URL, optional path prefix, auth and read-only,
// optionally saved as a named profile. OK stays disabled until the form is valid; the hint
// label says why.

#include "connection_profiles.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace wci {

class ConnectionDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectionDialog(QWidget *parent = nullptr);

    void setProfile(const ConnectionProfile &profile);
    ConnectionProfile profile() const;
    QString secret() const;
    bool saveAsProfile() const;
    // The reason the form cannot be accepted, or empty.
    QString problem() const;

    QLineEdit *urlEdit() const { return m_url; }
    QLineEdit *nameEdit() const { return m_name; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void updateWidgets();
    ConnectionProfile::Auth selectedAuth() const;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QLineEdit *m_prefix;
    QComboBox *m_auth;
    QLineEdit *m_headerName;
    QLineEdit *m_secret;
    QCheckBox *m_readOnly;
    QCheckBox *m_save;
    QLabel *m_hint;
    QDialogButtonBox *m_buttons;
};

} // namespace wci
