#include "groups_view.h"

#include "metrics.h"

#include "action_controller.h"
#include "failure_list_model.h"
#include "main_window.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace wci {

using namespace Qt::StringLiterals;

GroupsView::GroupsView(MainWindow *window) : QDialog(window), m_window(window)
{
    // An action or bulk run changes what the groups count: compute them again (a group of 296
    // retried failures must not still say 296).
    connect(window->actions(), &ActionController::dataChanged, this, &GroupsView::recompute);
    setObjectName(u"groupsView"_s);
    setWindowTitle(tr("Failure groups"));
    m_model = new FailureGroupsModel(window->engine(), this);
    m_by = new QComboBox(this);
    m_by->setObjectName(u"groupBy"_s);
    for (auto g : {GroupBy::ErrorCode, GroupBy::Exception, GroupBy::Function, GroupBy::Processor, GroupBy::SourceAggregate})
        m_by->addItem(groupByName(g), int(g));
    m_scope = new QLabel(this);
    m_scope->setWordWrap(true);
    m_status = new QLabel(this);
    m_status->setObjectName(u"groupsStatus"_s);
    auto *refresh = new QPushButton(tr("Recompute"), this);
    m_table = new QTableView(this);
    m_table->setTabKeyNavigation(false);
    m_table->setObjectName(u"groupsTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_show = new QPushButton(tr("Show in list"), this);
    m_show->setObjectName(u"showInList"_s);
    m_act = new QToolButton(this);
    m_act->setText(tr("Act on group"));
    m_act->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_act);
    for (const auto &info : allActions()) {
        if (!info.perFailure || !info.bulk)
            continue;
        const ActionKind kind = info.kind;
        menu->addAction(tr("%1…", "a menu item that opens a dialog").arg(QString(info.title).remove(u"…"_s)), this, [this, kind] {
            const auto g = selectedGroup();
            if (!g || !m_window)
                return;
            const Condition base = m_model->baseCondition();
            const QString what = tr("group \"%1\"").arg(g->label.section(u'\n', 0, 0));
            if (base.op == Operator::Deleted) {
                // Deleted failures: the group's ids (no query can narrow them).
                Snapshot first;
                first.aggregateId = g->ids.value(0);
                m_window->actions()->runBulk(kind, g->ids, first, tr("%1 (%n failures)", nullptr, int(g->ids.size())).arg(what));
                return;
            }
            const Condition all = base.op == Operator::All ? g->condition : Condition::and_({base, g->condition});
            m_window->actions()->triggerOnCondition(kind, all, what);
        });
    }
    m_act->setMenu(menu);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Group by"), this));
    top->addWidget(m_by);
    top->addWidget(refresh);
    top->addStretch(1);
    top->addWidget(m_status);
    auto *bottom = new QHBoxLayout;
    bottom->addStretch(1);
    bottom->addWidget(m_show);
    bottom->addWidget(m_act);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_scope);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);
    resize(dialogSize(this, 145, 32));

    connect(m_by, &QComboBox::currentIndexChanged, this, &GroupsView::recompute);
    connect(refresh, &QPushButton::clicked, this, &GroupsView::recompute);
    connect(m_model, &FailureGroupsModel::progress, this,
            [this](qint64 n) { m_status->setText(tr("Reading failures… %L1").arg(n)); });
    connect(m_model, &FailureGroupsModel::finished, this, [this] {
        const QString how = m_model->aggregated()
                                ? tr("aggregated by the engine")
                                : tr("computed by reading %L1 failures").arg(m_model->documentsRead());
        m_status->setText(tr("%L1 failures in %L2 groups (%3)").arg(m_model->scanned()).arg(m_model->rowCount()).arg(how));
        m_table->resizeColumnsToContents();
        const bool deleted = m_model->baseCondition().op == Operator::Deleted;
        m_show->setEnabled(!deleted);
        m_show->setToolTip(deleted ? tr("Wow's query API cannot narrow deleted failures, so a group of them cannot be shown "
                                        "as a filter; act on it instead.")
                                   : QString());
    });
    connect(m_model, &FailureGroupsModel::failed, this,
            [this](const QString &message) { m_status->setText(tr("Could not read the failures: %1").arg(message)); });
    connect(m_show, &QPushButton::clicked, this, &GroupsView::showSelectedInList);
    connect(m_table, &QTableView::activated, this, &GroupsView::showSelectedInList);
    const bool readOnly = window->actions()->isReadOnly();
    m_act->setEnabled(!readOnly);
    if (readOnly)
        m_act->setToolTip(tr("Read-only connection."));
    recompute();
}

void GroupsView::recompute()
{
    if (!m_window || !m_window->engine())
        return;
    m_model->setUtc(m_window->isUtc());
    FailureFilter f = m_window->filter();
    f.group.reset(); // groups of the whole category and filter, not of one group
    const Condition base = failureCondition(m_window->category(), f, m_window->engine()->now(),
                                            categoryClock(m_window->engine()->capabilities()));
    const bool filtered = !f.isEmpty() && filtersApply(m_window->category());
    m_scope->setText(filtered ? tr("Scope: %1 with the current search and filters.").arg(categoryName(m_window->category()))
                              : tr("Scope: %1.").arg(categoryName(m_window->category())));
    m_status->setText(tr("Reading failures…"));
    m_model->compute(base, GroupBy(m_by->currentData().toInt()));
}

std::optional<FailureGroup> GroupsView::selectedGroup() const
{
    const QModelIndex i = m_table->currentIndex();
    if (!i.isValid() || i.row() >= m_model->groups().size())
        return std::nullopt;
    return m_model->groups().at(i.row());
}

void GroupsView::showSelectedInList()
{
    const auto g = selectedGroup();
    if (!g || !m_window)
        return;
    m_window->setGroupFilter(g->condition, groupByName(m_model->groupBy()) + u": "_s + g->label.section(u'\n', 0, 0));
}

} // namespace wci
