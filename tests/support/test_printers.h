#pragma once

// QTest printers for domain types so QCOMPARE shows readable values on failure
// (explicit specialisations of QTest::toString, as Qt documents).

#include "domain_error.h"
#include "enums.h"

#include <QtTest/QTest>

#include <optional>

#define WCI_TEST_PRINTER(E)                                                                                           \
    namespace QTest {                                                                                                 \
    template <>                                                                                                       \
    inline char *toString<E>(const E &value)                                                                          \
    {                                                                                                                 \
        return qstrdup(qPrintable(wci::enumName(value)));                                                             \
    }                                                                                                                 \
    template <>                                                                                                       \
    inline char *toString<std::optional<E>>(const std::optional<E> &value)                                           \
    {                                                                                                                 \
        return value ? qstrdup(qPrintable(wci::enumName(*value))) : qstrdup("nullopt");                               \
    }                                                                                                                 \
    }

WCI_TEST_PRINTER(wci::FunctionKind)
WCI_TEST_PRINTER(wci::RecoverableType)
WCI_TEST_PRINTER(wci::ExecutionFailedStatus)
WCI_TEST_PRINTER(wci::CommandStage)
WCI_TEST_PRINTER(wci::Operator)
WCI_TEST_PRINTER(wci::DeletionState)
WCI_TEST_PRINTER(wci::SortDirection)

namespace QTest {
template <>
inline char *toString<wci::DomainError>(const wci::DomainError &e)
{
    return qstrdup(qPrintable(e.code + QStringLiteral(": ") + e.message));
}
template <>
inline char *toString<std::optional<QString>>(const std::optional<QString> &v)
{
    return v ? qstrdup(qPrintable(u'"' + *v + u'"')) : qstrdup("nullopt");
}
} // namespace QTest
