// wow-inspector: command line entry point. Subcommands are listed only once they work.

#include "global_id.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

const char *const kUsage = R"(Usage: wow-inspector <command> [options]

Inspector for Wow's compensation service (execution_failed aggregates).

Commands:
  id [--count N]    Print N new global ids (default 1), as Wow's /wow/id/global does.
  help              Show this help.

Options:
  -h, --help        Show this help.
  -v, --version     Show the version.
)";

int runId(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Print new global ids."_s);
    parser.addHelpOption();
    QCommandLineOption count(u"count"_s, u"How many ids to print."_s, u"N"_s, u"1"_s);
    parser.addOption(count);
    if (!parser.parse(args)) {
        QTextStream(stderr) << parser.errorText() << '\n';
        return 2;
    }
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    bool ok = false;
    const int n = parser.value(count).toInt(&ok);
    if (!ok || n < 1 || n > 1000000) {
        QTextStream(stderr) << "id: --count must be a whole number between 1 and 1000000\n";
        return 2;
    }
    QTextStream out(stdout);
    for (int i = 0; i < n; ++i)
        out << wci::GlobalIdGenerator::instance().next() << '\n';
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"wow-inspector"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(WCI_VERSION));
    const QStringList args = app.arguments();
    const QString command = args.size() > 1 ? args.at(1) : QString();

    if (command.isEmpty() || command == u"help"_s || command == u"-h"_s || command == u"--help"_s) {
        QTextStream(stdout) << kUsage;
        return command.isEmpty() ? 2 : 0;
    }
    if (command == u"-v"_s || command == u"--version"_s) {
        QTextStream(stdout) << "wow-inspector " << QCoreApplication::applicationVersion() << '\n';
        return 0;
    }
    if (command == u"id"_s)
        return runId(args.mid(1));

    QTextStream(stderr) << "wow-inspector: unknown command '" << command << "'\n\n" << kUsage;
    return 2;
}
