#include "stack_trace_view.h"

#include "stack_trace.h"
#include "theme.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>

namespace wci {

using namespace Qt::StringLiterals;

StackTraceView::LineKind StackTraceView::classify(const QString &line, const QStringList &appPackages)
{
    return classifyStackLine(line, appPackages);
}

class Highlighter : public QSyntaxHighlighter {
public:
    explicit Highlighter(QTextDocument *doc) : QSyntaxHighlighter(doc)
    {
        m_exception.setFontWeight(QFont::Bold);
        m_app.setFontWeight(QFont::Bold);
        m_more.setFontItalic(true);
        updateColours();
    }
    // The formats' colours for the current palette (the caller rehighlights).
    void updateColours()
    {
        m_exception.setForeground(theme::color(theme::Tone::Danger));
        m_app.setForeground(theme::color(theme::Tone::AppFrame));
        m_app.setBackground(theme::color(theme::Tone::AppFrameBackground));
        m_framework.setForeground(theme::color(theme::Tone::Faint));
        m_more.setForeground(theme::color(theme::Tone::Faint));
        m_match.setBackground(theme::color(theme::Tone::SearchMatchBackground));
    }
    QStringList appPackages;
    QString needle;

protected:
    void highlightBlock(const QString &text) override
    {
        switch (StackTraceView::classify(text, appPackages)) {
        case StackTraceView::LineKind::Exception:
        case StackTraceView::LineKind::CausedBy: setFormat(0, int(text.size()), m_exception); break;
        case StackTraceView::LineKind::AppFrame: setFormat(0, int(text.size()), m_app); break;
        case StackTraceView::LineKind::FrameworkFrame: setFormat(0, int(text.size()), m_framework); break;
        case StackTraceView::LineKind::More: setFormat(0, int(text.size()), m_more); break;
        case StackTraceView::LineKind::Other: break;
        }
        if (needle.isEmpty())
            return;
        for (qsizetype i = text.indexOf(needle, 0, Qt::CaseInsensitive); i >= 0;
             i = text.indexOf(needle, i + needle.size(), Qt::CaseInsensitive)) {
            QTextCharFormat f = format(int(i));
            f.setBackground(m_match.background());
            setFormat(int(i), int(needle.size()), f);
        }
    }

private:
    QTextCharFormat m_exception, m_app, m_framework, m_more, m_match;
};

StackTraceView::StackTraceView(QWidget *parent) : QWidget(parent)
{
    m_edit = new QPlainTextEdit(this);
    m_edit->setObjectName(u"stackTraceEdit"_s);
    m_edit->setReadOnly(true);
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_highlighter = new Highlighter(m_edit->document());
    // Dark or light: the formats follow the palette, and the shown text is highlighted again.
    theme::follow(m_edit, [this] {
        m_highlighter->updateColours();
        m_highlighter->rehighlight();
    });

    m_find = new QLineEdit(this);
    m_find->setObjectName(u"stackTraceFind"_s);
    m_find->setPlaceholderText(tr("Find in stack trace"));
    m_find->setClearButtonEnabled(true);
    auto *prev = new QToolButton(this);
    prev->setText(tr("Previous"));
    prev->setToolTip(tr("Previous match (Shift+Enter)"));
    auto *next = new QToolButton(this);
    next->setText(tr("Next"));
    next->setToolTip(tr("Next match (Enter)"));
    m_matchLabel = new QLabel(this);
    m_wrap = new QCheckBox(tr("Wrap"), this);
    m_sections = new QComboBox(this);
    m_sections->setObjectName(u"stackTraceSections"_s);
    m_sections->setToolTip(tr("Jump to an exception or Caused by: section"));
    m_sections->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_sections->setMinimumContentsLength(24);
    auto *copy = new QToolButton(this);
    copy->setText(tr("Copy"));
    copy->setToolTip(tr("Copy the whole stack trace"));

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_find, 2);
    bar->addWidget(prev);
    bar->addWidget(next);
    bar->addWidget(m_matchLabel);
    bar->addWidget(m_sections, 2);
    bar->addWidget(m_wrap);
    bar->addWidget(copy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_edit);

    connect(m_find, &QLineEdit::textChanged, this, &StackTraceView::updateMatches);
    connect(m_find, &QLineEdit::returnPressed, this, [this] {
        if (QApplication::keyboardModifiers() & Qt::ShiftModifier)
            findPrevious();
        else
            findNext();
    });
    connect(prev, &QToolButton::clicked, this, &StackTraceView::findPrevious);
    connect(next, &QToolButton::clicked, this, &StackTraceView::findNext);
    connect(copy, &QToolButton::clicked, this, &StackTraceView::copyAll);
    connect(m_wrap, &QCheckBox::toggled, this, [this](bool on) {
        m_edit->setLineWrapMode(on ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
    });
    connect(m_sections, &QComboBox::activated, this, [this](int i) {
        const int line = m_sections->itemData(i).toInt();
        QTextCursor c(m_edit->document()->findBlockByNumber(line));
        m_edit->setTextCursor(c);
        m_edit->centerCursor();
    });
}

void StackTraceView::setStackTrace(const QString &text)
{
    m_edit->setPlainText(text);
    m_sections->clear();
    for (const auto &[line, title] : sections())
        m_sections->addItem(title.left(120), line);
    m_sections->setEnabled(m_sections->count() > 0);
    updateMatches();
}

QString StackTraceView::stackTrace() const
{
    return m_edit->toPlainText();
}

void StackTraceView::setApplicationPackages(const QStringList &prefixes)
{
    m_highlighter->appPackages = prefixes;
    m_highlighter->rehighlight();
}

QList<QPair<int, QString>> StackTraceView::sections() const
{
    QList<QPair<int, QString>> out;
    int n = 0;
    for (QTextBlock b = m_edit->document()->begin(); b.isValid(); b = b.next(), ++n) {
        const auto kind = classify(b.text(), m_highlighter->appPackages);
        if (kind == LineKind::CausedBy || (kind == LineKind::Exception && out.isEmpty()))
            out.append({n, b.text().trimmed()});
    }
    return out;
}

void StackTraceView::updateMatches()
{
    const QString needle = m_find->text();
    m_highlighter->needle = needle;
    m_highlighter->rehighlight();
    m_matches = 0;
    if (!needle.isEmpty()) {
        const QString all = m_edit->toPlainText();
        for (qsizetype i = all.indexOf(needle, 0, Qt::CaseInsensitive); i >= 0;
             i = all.indexOf(needle, i + needle.size(), Qt::CaseInsensitive))
            ++m_matches;
    }
    m_matchLabel->setText(needle.isEmpty() ? QString() : tr("%n match(es)", nullptr, m_matches));
    if (!needle.isEmpty()) {
        m_edit->moveCursor(QTextCursor::Start);
        find(false);
    }
}

void StackTraceView::find(bool backward)
{
    const QString needle = m_find->text();
    if (needle.isEmpty())
        return;
    const auto flags = backward ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    if (!m_edit->find(needle, flags)) {
        m_edit->moveCursor(backward ? QTextCursor::End : QTextCursor::Start); // wrap around
        m_edit->find(needle, flags);
    }
}

void StackTraceView::findNext()
{
    find(false);
}

void StackTraceView::findPrevious()
{
    find(true);
}

void StackTraceView::copyAll()
{
    QApplication::clipboard()->setText(m_edit->toPlainText());
}

} // namespace wci
