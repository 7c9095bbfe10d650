#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace wci {

using namespace Qt::StringLiterals;

QStringList availableLanguages() { return {u"en"_s, u"zh_CN"_s}; }

QString languageNativeName(const QString &code)
{
    if (code == u"zh_CN"_s)
        return u"简体中文"_s;
    if (code == u"en"_s)
        return u"English"_s;
    return code;
}

QString canonicalLanguage(const QString &code, bool *ok)
{
    *ok = true;
    QString c = code.trimmed();
    c.replace(u'-', u'_');
    if (c.isEmpty() || c.compare(u"system"_s, Qt::CaseInsensitive) == 0)
        return {};
    if (c.compare(u"zh"_s, Qt::CaseInsensitive) == 0 || c.compare(u"zh_CN"_s, Qt::CaseInsensitive) == 0
        || c.compare(u"zh_Hans"_s, Qt::CaseInsensitive) == 0)
        return u"zh_CN"_s;
    if (c.compare(u"en"_s, Qt::CaseInsensitive) == 0 || c.startsWith(u"en_"_s, Qt::CaseInsensitive))
        return u"en"_s;
    *ok = false;
    return {};
}

QString resolveLanguage(const QString &requested)
{
    bool ok = false;
    const QString code = canonicalLanguage(requested, &ok);
    if (ok && !code.isEmpty())
        return code;
    const QLocale system = QLocale::system();
    // Simplified Chinese: China, Singapore, or any zh locale written in Han Simplified.
    if (system.language() == QLocale::Chinese && system.script() != QLocale::TraditionalHanScript)
        return u"zh_CN"_s;
    return u"en"_s;
}

bool installTranslations(QCoreApplication *app, const QString &code)
{
    const QLocale locale = code == u"en"_s && QLocale::system().language() == QLocale::English ? QLocale::system()
                                                                                                  : QLocale(code);
    QLocale::setDefault(locale);
    if (code == u"en"_s) { // the source language; only its plural forms need a translation
        auto *own = new QTranslator(app);
        if (own->load(u":/i18n/wow-inspector_en.qm"_s))
            app->installTranslator(own);
        return true;
    }
    auto *qt = new QTranslator(app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app->installTranslator(qt); // Qt's own dialogs and buttons; missing when its package is not installed
    auto *own = new QTranslator(app);
    if (!own->load(u":/i18n/wow-inspector_%1.qm"_s.arg(code)))
        return false;
    app->installTranslator(own);
    return true;
}

} // namespace wci
