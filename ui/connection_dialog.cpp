#include "connection_dialog.h"
#include "delivered.h"

#include "engine_factory.h"
#include "theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
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
    auto *testButton = m_buttons->addButton(tr("Test"), QDialogButtonBox::ActionRole);
    testButton->setObjectName(u"connectionTest"_s);
    testButton->setToolTip(tr("Ask the server which Wow it runs and what it offers"));
    connect(testButton, &QPushButton::clicked, this, &ConnectionDialog::test);
    m_tested = new QLabel(this);
    m_tested->setObjectName(u"connectionTested"_s);
    m_tested->setWordWrap(true);
    m_tested->setTextInteractionFlags(Qt::TextSelectableByMouse);

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
    layout->addWidget(m_tested);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (auto *e : {m_name, m_url, m_headerName, m_secret})
        connect(e, &QLineEdit::textChanged, this, &ConnectionDialog::updateWidgets);
    connect(m_auth, &QComboBox::currentIndexChanged, this, &ConnectionDialog::updateWidgets);
    connect(m_save, &QCheckBox::toggled, this, &ConnectionDialog::updateWidgets);
    updateWidgets();
}

QString serverSummary(const EngineCapabilities &caps)
{
    QStringList parts;
    // A server that names no version and takes no filter bodies is Wow 8.10.
    if (!caps.wowVersion.isEmpty() || !caps.filterBodies) {
        const QString version = caps.wowVersion.isEmpty() ? u"8.10"_s : caps.wowVersion.split(u'.').mid(0, 2).join(u'.');
        parts.append(ConnectionDialog::tr("Wow %1", "a Wow version").arg(version));
        if (!caps.filterBodies)
            parts.append(ConnectionDialog::tr("compatibility mode", "the server speaks Wow 8.10's query dialect"));
        if (caps.aggregation)
            parts.append(ConnectionDialog::tr("aggregation", "the server aggregates"));
        if (caps.cursorPaging)
            parts.append(ConnectionDialog::tr("cursor", "the server pages with cursors"));
        if (categoryClock(caps) == CategoryClock::Server)
            parts.append(ConnectionDialog::tr("server clock", "categories use the server's clock"));
    }
    if (caps.clockOffsetMs != 0 && categoryClock(caps) != CategoryClock::Server) {
        const qint64 s = (std::abs(caps.clockOffsetMs) + 500) / 1000;
        parts.append(caps.clockOffsetMs > 0 ? ConnectionDialog::tr("server clock %1 s ahead (corrected)").arg(s)
                                            : ConnectionDialog::tr("server clock %1 s behind (corrected)").arg(s));
    }
    return parts.join(u" · "_s);
}

void ConnectionDialog::test()
{
    const QUrl url = QUrl::fromUserInput(m_url->text().trimmed());
    if (m_url->text().trimmed().isEmpty() || !url.isValid() || url.host().isEmpty()) {
        m_tested->setText(tr("Enter the server's URL."));
        theme::setTone(m_tested, theme::Tone::Danger);
        return;
    }
    EngineConnection c = openRemoteConnection(profile(), secret());
    delete m_probe;
    m_probe = c.engine.release();
    m_probe->setParent(this);
    m_tested->setText(tr("Asking the server…"));
    theme::setTone(m_tested, theme::Tone::Note);
    QPointer<Engine> probe(m_probe);
    delivered(this, m_probe->probe()).then(this, [this, probe](const EngineCapabilities &) {
        if (!probe || probe != m_probe)
            return;
        delivered(this, probe->countSnapshots(Condition::all()))
            .then(this, [this, probe](qint64 n) {
                if (!probe || probe != m_probe)
                    return;
                const QString summary = serverSummary(probe->capabilities());
                m_tested->setText(tr("Reached: %1 — %Ln failures.", nullptr, int(std::min<qint64>(n, INT_MAX)))
                                      .arg(summary.isEmpty() ? tr("a Wow compensation server") : summary));
                theme::setTone(m_tested, theme::Tone::Success);
            })
            .onFailed(this, [this, probe](const EngineError &e) {
                if (!probe || probe != m_probe)
                    return;
                m_tested->setText(tr("Not reached: %1").arg(e.errorMsg.isEmpty() ? e.errorCode : e.errorMsg));
                theme::setTone(m_tested, theme::Tone::Danger);
            });
    });
}

QString ConnectionDialog::testResult() const
{
    return m_tested->text();
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
