#include "connection_dialog.h"

#include "theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace wci {

using namespace Qt::StringLiterals;

ConnectionDialog::ConnectionDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Connect to a Wow compensation server"));
    // The title must fit in the title bar (a window manager cuts what does not).
    setMinimumWidth(fontMetrics().horizontalAdvance(windowTitle()) + fontMetrics().horizontalAdvance(u'M') * 12);
    m_name = new QLineEdit(this);
    m_name->setObjectName(u"connectionName"_s);
    m_name->setPlaceholderText(tr("e.g. production"));
    m_url = new QLineEdit(this);
    m_url->setObjectName(u"connectionUrl"_s);
    m_url->setPlaceholderText(u"http://127.0.0.1:8080"_s);
    m_prefix = new QLineEdit(this);
    m_prefix->setPlaceholderText(tr("optional, e.g. /compensation"));
    m_auth = new QComboBox(this);
    m_auth->addItem(tr("No authentication"), int(ConnectionProfile::Auth::None));
    m_auth->addItem(tr("Bearer token"), int(ConnectionProfile::Auth::Bearer));
    m_auth->addItem(tr("Custom header"), int(ConnectionProfile::Auth::Header));
    m_headerName = new QLineEdit(this);
    m_headerName->setPlaceholderText(u"X-Api-Key"_s);
    m_secret = new QLineEdit(this);
    m_secret->setEchoMode(QLineEdit::Password);
    m_readOnly = new QCheckBox(tr("Read-only (look, never act)"), this);
    m_save = new QCheckBox(tr("Save as a profile"), this);
    m_save->setChecked(true);
    m_hint = new QLabel(this);
    m_hint->setObjectName(u"connectionHint"_s);
    theme::setTone(m_hint, theme::Tone::Danger);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));

    auto *form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Server URL"), m_url);
    form->addRow(tr("Path prefix"), m_prefix);
    form->addRow(tr("Authentication"), m_auth);
    form->addRow(tr("Header name"), m_headerName);
    form->addRow(tr("Token / value"), m_secret);
    form->addRow(QString(), m_readOnly);
    form->addRow(QString(), m_save);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (auto *e : {m_name, m_url, m_headerName, m_secret})
        connect(e, &QLineEdit::textChanged, this, &ConnectionDialog::updateWidgets);
    connect(m_auth, &QComboBox::currentIndexChanged, this, &ConnectionDialog::updateWidgets);
    connect(m_save, &QCheckBox::toggled, this, &ConnectionDialog::updateWidgets);
    updateWidgets();
}

QString ConnectionDialog::problem() const
{
    const QUrl url = QUrl::fromUserInput(m_url->text().trimmed());
    if (m_url->text().trimmed().isEmpty())
        return tr("Enter the server's URL.");
    if (!url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s) || url.host().isEmpty())
        return tr("The URL must be http:// or https:// with a host.");
    if (m_save->isChecked() && m_name->text().trimmed().isEmpty())
        return tr("Name the profile, or untick \"Save as a profile\".");
    const auto auth = selectedAuth();
    if (auth == ConnectionProfile::Auth::Header && m_headerName->text().trimmed().isEmpty())
        return tr("Enter the header's name.");
    if (auth != ConnectionProfile::Auth::None && m_secret->text().isEmpty())
        return tr("Enter the token.");
    return {};
}

void ConnectionDialog::updateWidgets()
{
    const auto auth = selectedAuth();
    m_headerName->setEnabled(auth == ConnectionProfile::Auth::Header);
    m_secret->setEnabled(auth != ConnectionProfile::Auth::None);
    const QString p = problem();
    m_hint->setText(p);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(p.isEmpty());
}

void ConnectionDialog::setProfile(const ConnectionProfile &p)
{
    m_name->setText(p.name);
    m_url->setText(p.url.toString());
    m_prefix->setText(p.pathPrefix);
    m_auth->setCurrentIndex(m_auth->findData(int(p.auth)));
    m_headerName->setText(QString::fromLatin1(p.authHeaderName));
    m_readOnly->setChecked(p.readOnly);
    updateWidgets();
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile p;
    p.name = m_name->text().trimmed();
    p.url = QUrl::fromUserInput(m_url->text().trimmed());
    p.pathPrefix = m_prefix->text().trimmed();
    p.auth = selectedAuth();
    p.authHeaderName = m_headerName->text().trimmed().toLatin1();
    p.readOnly = m_readOnly->isChecked();
    return p;
}

ConnectionProfile::Auth ConnectionDialog::selectedAuth() const
{
    return ConnectionProfile::Auth(m_auth->currentData().toInt());
}

QString ConnectionDialog::secret() const
{
    return m_secret->text();
}

bool ConnectionDialog::saveAsProfile() const
{
    return m_save->isChecked();
}

} // namespace wci
