#include "failure_list_page.h"

#include "metrics.h"

#include "failure_list_model.h"
#include "failure_text.h"
#include "filter_bar.h"
#include "theme.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace wci {

using namespace Qt::StringLiterals;

FailureListPage::FailureListPage(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"failureListPage"_s);
    m_filterBar = new FilterBar(this);
    m_filterBar->setObjectName(u"filterBar"_s);

    m_banner = new QFrame(this);
    m_banner->setObjectName(u"errorBanner"_s);
    theme::setToneStyleSheet(m_banner,
                             u"QFrame#errorBanner { background: %1; border: 1px solid %2; border-radius: 4px; }"
                             "QLabel { color: %3; }"_s,
                             {theme::Tone::BannerBackground, theme::Tone::BannerBorder, theme::Tone::BannerText});
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setObjectName(u"errorBannerText"_s);
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bannerRetry = new QPushButton(tr("Retry"), m_banner);
    m_bannerRetry->setObjectName(u"errorBannerRetry"_s);
    connect(m_bannerRetry, &QPushButton::clicked, this, &FailureListPage::retryRequested);
    auto *bl = new QHBoxLayout(m_banner);
    bl->addWidget(m_bannerText, 1);
    bl->addWidget(m_bannerRetry);
    m_banner->hide();

    m_notes = new QLabel(this);
    m_notes->setObjectName(u"searchNote"_s);
    m_notes->setWordWrap(true);
    theme::setTone(m_notes, theme::Tone::Note);
    m_notes->hide();

    m_groupChip = new QFrame(this);
    m_groupChip->setObjectName(u"groupChip"_s);
    theme::setToneStyleSheet(m_groupChip, u"QFrame#groupChip { background: %1; border: 1px solid %2; border-radius: 4px; }"_s,
                             {theme::Tone::ChipBackground, theme::Tone::ChipBorder});
    m_groupChipText = new QLabel(m_groupChip);
    m_groupChipText->setObjectName(u"groupChipText"_s);
    auto *clearGroup = new QPushButton(tr("Clear group"), m_groupChip);
    clearGroup->setObjectName(u"clearGroup"_s);
    connect(clearGroup, &QPushButton::clicked, this, &FailureListPage::clearGroupRequested);
    auto *gl = new QHBoxLayout(m_groupChip);
    gl->setContentsMargins(6, 2, 6, 2);
    gl->addWidget(m_groupChipText, 1);
    gl->addWidget(clearGroup);
    m_groupChip->hide();

    m_table = new QTableView(this);
    m_table->setObjectName(u"failureTable"_s);
    m_table->setTabKeyNavigation(false); // rows are read, not edited: Tab moves on, arrows move inside
    m_table->setAccessibleName(tr("Failures"));
    m_table->setAccessibleDescription(tr("The failures of the chosen category, search and filters; actions act on the selected ones."));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setSortingEnabled(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    m_table->horizontalHeader()->setSectionsClickable(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
            [this](int section, Qt::SortOrder order) {
                if (m_model && !FailureListModel::sortField(section).isEmpty())
                    m_model->sort(section, order);
            });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_notes);
    layout->addWidget(m_groupChip);
    layout->addWidget(m_banner);
    layout->addWidget(m_table, 1);
}

void FailureListPage::setModel(FailureListModel *model)
{
    m_model = model;
    m_table->setModel(model);
    if (!model)
        return;
    m_table->horizontalHeader()->blockSignals(true);
    m_table->horizontalHeader()->setSortIndicator(FailureListModel::ExecutionId, Qt::DescendingOrder);
    m_table->horizontalHeader()->blockSignals(false);
    // Widths in characters of the table's font; dates fit the locale's longest form.
    const QList<qreal> chars = {13, 24, 22, 26, 24, 28, 46, 10, 14, 21, 21, 13, 21};
    for (int c = 0; c < chars.size(); ++c)
        m_table->setColumnWidth(c, textWidth(m_table, chars[c]));
    // Date columns as wide as a date in the language's format (with a two-digit month and day).
    const int dateWidth = m_table->fontMetrics().horizontalAdvance(formatDateTime(1'766'880'000'000, true)) + textWidth(m_table, 2);
    for (int c : {int(FailureListModel::FirstFailed), int(FailureListModel::ExecuteAt), int(FailureListModel::Timeout)})
        m_table->setColumnWidth(c, dateWidth);
    // The status column holds the longest badge, "PREPARED · TIMED OUT" or its translation.
    m_table->setColumnWidth(FailureListModel::Status,
                            m_table->fontMetrics().horizontalAdvance(badgeText(StatusBadge::TimedOut)) + textWidth(m_table, 2));
}

QList<int> FailureListPage::selectedRows() const
{
    QList<int> rows;
    if (!m_table->selectionModel())
        return rows;
    for (const auto &i : m_table->selectionModel()->selectedRows())
        rows.append(i.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

QList<Snapshot> FailureListPage::selectedSnapshots() const
{
    QList<Snapshot> out;
    if (!m_model)
        return out;
    // Exactly the rows selected in the table: never the details pane's failure on its own,
    // which may have left the list (another category, a search).
    for (int r : selectedRows()) {
        if (auto s = m_model->snapshotAt(r))
            out.append(*s);
    }
    return out;
}

void FailureListPage::showProblem(const QString &text)
{
    m_bannerText->setText(text);
    m_banner->show();
}

void FailureListPage::hideProblem()
{
    m_banner->hide();
}

QFrame *FailureListPage::takeBanner()
{
    layout()->removeWidget(m_banner);
    return m_banner;
}

QString FailureListPage::problem() const
{
    return m_banner->isHidden() ? QString() : m_bannerText->text();
}

void FailureListPage::showGroup(const QString &label)
{
    m_groupChipText->setText(tr("Group — %1").arg(label));
    m_groupChip->show();
}

void FailureListPage::hideGroup()
{
    m_groupChip->hide();
}

void FailureListPage::setNotes(const QStringList &notes)
{
    m_notes->setText(tr("Note: %1").arg(notes.join(u' ')));
    m_notes->setVisible(!notes.isEmpty());
}

} // namespace wci
