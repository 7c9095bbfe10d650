#include "compensation_scheduler.h"
#include "delivered.h"

#include "categories.h"

#include <QPromise>

namespace wci {

using namespace Qt::StringLiterals;

CompensationScheduler::CompensationScheduler(Engine *engine, QObject *parent) : QObject(parent), m_engine(engine)
{
    m_timer.setInterval(60000); // Wow's default period
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (!m_busy)
            runOnce();
    });
}

void CompensationScheduler::start()
{
    m_timer.start();
}

void CompensationScheduler::stop()
{
    m_timer.stop();
}

QFuture<void> CompensationScheduler::runOnce()
{
    auto promise = std::make_shared<QPromise<void>>();
    QFuture<void> done = promise->future();
    promise->start();
    if (!m_engine) {
        promise->finish();
        return done;
    }
    m_busy = true;
    ListQuery q;
    q.condition = categoryCondition(FailureCategory::NextRetry, m_clock ? m_clock() : m_engine->now());
    q.limit = m_batchSize;
    q.sort = {Sort{u"version"_s, SortDirection::Asc}};
    struct Round {
        int pending = 0;
        int prepared = 0;
        int refused = 0;
        QStringList errors;
    };
    auto finishRound = [this, promise](const Round &r) {
        m_busy = false;
        emit roundFinished(r.prepared, r.refused, r.errors);
        promise->finish();
    };
    delivered(this, m_engine->listSnapshots(q, SnapshotView::State))
        .then(this,
              [this, finishRound](const QList<Document> &docs) {
                  auto round = std::make_shared<Round>();
                  round->pending = int(docs.size());
                  if (docs.isEmpty() || !m_engine) {
                      finishRound(*round);
                      return;
                  }
                  for (const auto &d : docs) {
                      const QString id = d.object().value("id"_L1).toString();
                      CommandOptions o;
                      o.operatorName = u"compensation-scheduler"_s;
                      auto step = [round, finishRound] {
                          if (--round->pending == 0)
                              finishRound(*round);
                      };
                      delivered(this, m_engine->execute(Command{id, QString(), PrepareCompensation{}}, o))
                          .then(this, [round, step](const CommandResult &) {
                              ++round->prepared;
                              step();
                          })
                          .onFailed(this, [round, step, id](const EngineError &e) {
                              ++round->refused;
                              round->errors.append(id + u": "_s + e.errorMsg);
                              step();
                          });
                  }
              })
        .onFailed(this, [finishRound](const EngineError &e) {
            Round r;
            r.errors.append(e.errorMsg);
            finishRound(r);
        });
    return done;
}

} // namespace wci
