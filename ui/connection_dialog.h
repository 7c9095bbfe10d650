#pragma once

// Connect to a remote Wow compensation server: URL, optional path prefix, auth and read-only,
// optionally saved as a named profile. OK stays disabled until the form is valid; the hint
// label says why. "Test" asks the server what it speaks before connecting.

#include "connection_profiles.h"
#include "engine.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace wci {

// What a probed server speaks, for the status bar and this dialog: "Wow 9.3 · aggregation ·
// cursor · server clock", "Wow 8.10 · compatibility mode", and a clock offset corrected for.
QString serverSummary(const EngineCapabilities &caps);

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
    // Connects with the form's settings, asks the server what it speaks and how many failures
    // it has, and says so under the form (never blocks).
    void test();
    QString testResult() const;

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
    QLabel *m_tested;
    Engine *m_probe = nullptr; // the Test button's connection
    QDialogButtonBox *m_buttons;
};

} // namespace wci
