// bench_ui: the inspector window on a built-in database, measured as a user would feel it.
//
//   bench_ui --db FILE [--pages N] [--screenshot OUT.png]   (full: every page of the list)
//   bench_ui --quick                                        (a small seeded database; CI)
//
// Prints: time from process start to the first page shown, time to switch to each category
// (rows shown), time to jump to the last row, and peak RSS while scrolling the whole list page
// by page. Nothing is asserted about time; the quick mode checks that every step completes.

#include "category_counts_model.h"
#include "builtin/demo_seeder.h"
#include "details_pane.h"
#include "failure_list_model.h"
#include "main_window.h"
#include "window_parts.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QListView>
#include <QScrollBar>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTabWidget>
#include <QTextStream>

#include <unistd.h>

using namespace wci;
using namespace wci::testing;
using namespace Qt::StringLiterals;

namespace {

// Milliseconds since this process started (from /proc: start time in clock ticks since boot).
double msSinceProcessStart()
{
    QFile stat(u"/proc/self/stat"_s);
    QFile uptime(u"/proc/uptime"_s);
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray s = stat.readAll();
    const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
    const double startTicks = fields.value(19).toDouble(); // field 22 overall
    const double up = uptime.readAll().split(' ').value(0).toDouble();
    return (up - startTicks / double(sysconf(_SC_CLK_TCK))) * 1000.0;
}

long peakRssKb()
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const auto &line : f.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
    }
    QCoreApplication::processEvents(); // paint what arrived
    return true;
}

bool rowsShown(QTableView *table, FailureListModel *model)
{
    if (model->isLoading())
        return false;
    if (model->rowCount() == 0)
        return true;
    const int first = std::max(0, table->rowAt(0));
    int last = table->rowAt(table->viewport()->height() - 1);
    if (last < 0)
        last = model->rowCount() - 1;
    for (int r : {first, last}) {
        if (!model->data(model->index(r, FailureListModel::ExecutionId), FailureListModel::LoadedRole).toBool())
            return false;
    }
    return true;
}

} // namespace

struct BenchOptions {
    QCommandLineOption quick{u"quick"_s, u"Small seeded database (CI)."_s};
    QCommandLineOption db{u"db"_s, u"Built-in database to open (read-only)."_s, u"FILE"_s};
    QCommandLineOption pages{u"pages"_s, u"Scroll at most N pages (default: all)."_s, u"N"_s, u"0"_s};
    QCommandLineOption shot{u"screenshot"_s, u"Save a screenshot of the window (a To retry row selected)."_s, u"PNG"_s};
    QCommandLineOption tab{u"tab"_s, u"Details tab shown in the screenshot (0 Overview … 4 Snapshot)."_s, u"N"_s, u"0"_s};
    void addTo(QCommandLineParser &parser) const
    {
        parser.setApplicationDescription(u"The window on a database: first page, category switch, jump to the end, "
                                         "scrolling, RSS."_s);
        parser.addOptions({quick, db, pages, shot, tab});
        parser.addHelpOption();
    }
};

int main(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--help") == 0 || qstrcmp(argv[i], "-h") == 0) {
            QCoreApplication core(argc, argv); // the help needs no display
            QCommandLineParser help;
            BenchOptions().addTo(help);
            help.process(core);
            return 0;
        }
    }
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const BenchOptions options;
    options.addTo(parser);
    const QCommandLineOption &quick = options.quick;
    const QCommandLineOption &dbOpt = options.db;
    const QCommandLineOption &pagesOpt = options.pages;
    const QCommandLineOption &shotOpt = options.shot;
    const QCommandLineOption &tabOpt = options.tab;
    parser.process(app);
    QTextStream out(stdout);

    QTemporaryDir dir;
    QString db = parser.value(dbOpt);
    if (parser.isSet(quick) && db.isEmpty()) {
        db = dir.filePath(u"quick.db"_s);
        SeedOptions so;
        so.count = 3000;
        so.seed = 3;
        if (!seedDemoDatabase(db, so)) {
            out << "seeding failed\n";
            return 1;
        }
    }
    if (db.isEmpty()) {
        out << "give --db FILE or --quick\n";
        return 2;
    }
    QSettings settings(dir.filePath(u"bench.ini"_s), QSettings::IniFormat);
    MemorySecretStore secrets;
    MainWindow window(&settings, &secrets);
    window.resize(1600, 1000);
    const bool opened = window.openDatabase(db, true);
    window.showList(); // the list is what is measured (a connection opens on the overview)
    if (!opened) {
        out << "cannot open " << db << ": " << window.problem() << '\n';
        return 1;
    }
    window.setCategory(FailureCategory::All);
    window.show();
    auto *model = failureList(&window);
    auto *table = failureTable(&window);
    if (!waitFor([&] { return model->hasResult() && rowsShown(table, model); }, 60000)) {
        out << "first page never arrived: " << model->lastError() << '\n';
        return 1;
    }
    const double firstPage = msSinceProcessStart();
    out << "database: " << db << " (" << model->totalCount() << " failures in All)\n";
    out << QString::asprintf("first page shown: %.0f ms after process start\n", firstPage);

    double worstSwitch = 0;
    for (auto c : allFailureCategories) {
        if (c == FailureCategory::All)
            continue;
        QElapsedTimer t;
        t.start();
        const int row = int(std::find(allFailureCategories.begin(), allFailureCategories.end(), c) - allFailureCategories.begin());
        categoryList(&window)->setCurrentIndex(categoryCounts(&window)->index(row));
        if (!waitFor([&] { return !model->isLoading() && rowsShown(table, model); }, 60000)) {
            out << "category " << categoryName(c) << " never shown\n";
            return 1;
        }
        const double ms = t.nsecsElapsed() / 1e6;
        worstSwitch = std::max(worstSwitch, ms);
        out << QString::asprintf("switch to %-14s %8.1f ms  (%lld rows)\n", qPrintable(categoryName(c)), ms,
                                 qlonglong(model->totalCount()));
    }
    out << QString::asprintf("category switch, worst: %.1f ms\n", worstSwitch);

    categoryList(&window)->setCurrentIndex(categoryCounts(&window)->index(int(
        std::find(allFailureCategories.begin(), allFailureCategories.end(), FailureCategory::All) - allFailureCategories.begin())));
    waitFor([&] { return !model->isLoading() && rowsShown(table, model); }, 60000);
    {
        QElapsedTimer t;
        t.start();
        table->scrollToBottom();
        const int last = model->rowCount() - 1;
        if (!waitFor([&] { return model->data(model->index(last, 0), FailureListModel::LoadedRole).toBool() && rowsShown(table, model); },
                     120000)) {
            out << "last row never arrived\n";
            return 1;
        }
        out << QString::asprintf("jump to the last row (%d): %.1f ms\n", last + 1, t.nsecsElapsed() / 1e6);
    }

    table->scrollToTop();
    waitFor([&] { return rowsShown(table, model); }, 60000);
    const long rssBefore = peakRssKb();
    const int maxPages = parser.isSet(quick) ? 40 : parser.value(pagesOpt).toInt();
    QElapsedTimer scroll;
    scroll.start();
    int pages = 0;
    QScrollBar *bar = table->verticalScrollBar();
    while (bar->value() < bar->maximum() && (maxPages <= 0 || pages < maxPages)) {
        bar->triggerAction(QAbstractSlider::SliderPageStepAdd);
        ++pages;
        if (!waitFor([&] { return rowsShown(table, model); }, 120000)) {
            out << "page " << pages << " never arrived\n";
            return 1;
        }
        if (pages % 2000 == 0)
            out << QString::asprintf("  %d pages, row %d, %.0f s, peak RSS %ld MB\n", pages, table->rowAt(0),
                                     scroll.elapsed() / 1000.0, peakRssKb() / 1024) << Qt::flush;
    }
    out << QString::asprintf("scrolled %d pages (%d rows visible each) in %.1f s; cached pages %d\n", pages,
                             table->rowAt(table->viewport()->height() - 1) - table->rowAt(0) + 1, scroll.elapsed() / 1000.0,
                             model->cachedPages());
    out << QString::asprintf("peak RSS: %ld MB before scrolling, %ld MB after\n", rssBefore / 1024, peakRssKb() / 1024);

    if (parser.isSet(shotOpt)) {
        window.setCategory(FailureCategory::ToRetry);
        waitFor([&] { return !model->isLoading() && rowsShown(table, model); }, 60000);
        table->scrollToTop();
        table->selectRow(std::min(2, model->rowCount() - 1));
        waitFor([&] { return !detailsPane(&window)->executionId().isEmpty() && detailsPane(&window)->snapshot().has_value(); }, 30000);
        detailsPane(&window)->tabs()->setCurrentIndex(parser.value(tabOpt).toInt());
        waitFor([&] { return false; }, 400); // the time-travel view settles
        if (!window.grab().save(parser.value(shotOpt))) {
            out << "could not save " << parser.value(shotOpt) << '\n';
            return 1;
        }
        out << "screenshot: " << parser.value(shotOpt) << '\n';
    }
    {
        // First start on an empty data directory: a new window creates the demo database
        // (5 000 failures) and shows its first page while the rest is written.
        QSettings firstSettings(dir.filePath(u"first.ini"_s), QSettings::IniFormat);
        MemorySecretStore firstSecrets;
        QElapsedTimer t;
        t.start();
        MainWindow first(&firstSettings, &firstSecrets);
        first.resize(1366, 740);
        first.show();
        first.createDemoDatabase(dir.filePath(u"first-start/demo.db"_s), 5000);
        const double shown = t.nsecsElapsed() / 1e6;
        if (!waitFor([&] { return first.engine() && failureList(&first)->rowCount() > 0
                                  && rowsShown(failureTable(&first), failureList(&first)); }, 60000)) {
            out << "first start: the first page never came\n";
            return 1;
        }
        const double firstStartPage = t.nsecsElapsed() / 1e6;
        waitFor([&] { return !first.isCreatingDemo(); }, 120000);
        const double done = t.nsecsElapsed() / 1e6;
        out << QString::asprintf("first start (empty data directory): window shown in %.0f ms, first page in %.0f ms; "
                                 "demo database of 5000 failures written in %.0f ms = %.0f failures/s\n",
                                 shown, firstStartPage, done, 5000 / (done / 1000.0));
    }
    return 0;
}
